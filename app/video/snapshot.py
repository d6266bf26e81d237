"""Grab the picture a tile shows now, as a PNG file.

libvlc's own snapshot is the first choice: it is the very frame on screen, at the stream's
full size, and costs nothing. When the tile has no libvlc player (a Qt-painted analytics
tile) or libvlc fails, one frame is decoded from the stream hub's local copy with ffmpeg.
Both can block for a few seconds: call them from a worker thread, never the GUI thread.
"""
from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Literal, Protocol

from app.video.urls import redact_text, redact_url, url_secrets

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STREAM_GRAB_TIMEOUT_S = 15.0

GrabMethod = Literal["player", "stream"]


class SnapshotError(Exception):
    """No picture could be taken; ``str()`` is a message for the user."""


class SnapshotPlayer(Protocol):
    """What a snapshot needs from app.video.engine.TilePlayer."""

    def take_snapshot(self, path: Path, width: int = 0, height: int = 0) -> bool: ...


def is_png(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE and path.stat().st_size > 64
    except OSError:
        return False


def grab_from_player(player: SnapshotPlayer, target: Path) -> None:
    """The frame libvlc shows now, written to `target` (PNG)."""
    target.unlink(missing_ok=True)
    if not player.take_snapshot(target) or not is_png(target):
        target.unlink(missing_ok=True)
        raise SnapshotError("The player has no picture to save yet.")


def grab_from_stream(url: str, target: Path, *, ffmpeg: str = "ffmpeg",
                     timeout_s: float = STREAM_GRAB_TIMEOUT_S) -> None:
    """Decode the next full frame of `url` (usually the hub's local URL) into `target`."""
    target.unlink(missing_ok=True)
    command = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", url,
               "-frames:v", "1", "-f", "image2", "-c:v", "png", "-y", str(target)]
    secrets = url_secrets(url)
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=timeout_s, check=False)
    except FileNotFoundError:
        raise SnapshotError(f"ffmpeg is not installed ({ffmpeg}).") from None
    except subprocess.TimeoutExpired:
        target.unlink(missing_ok=True)
        raise SnapshotError(
            f"The stream sent no picture within {timeout_s:g} s.") from None
    if done.returncode != 0 or not is_png(target):
        target.unlink(missing_ok=True)
        detail = redact_text(done.stderr.decode(errors="replace").strip(), secrets)[-300:]
        log.warning("frame grab from %s failed: %s", redact_url(url), detail)
        raise SnapshotError("No picture could be read from the stream.")


def grab_frame(target: Path, *, player: SnapshotPlayer | None = None,
               stream_url: str | None = None, ffmpeg: str = "ffmpeg") -> GrabMethod:
    """Try the player, then the stream; returns which one produced `target`."""
    problems: list[str] = []
    if player is not None:
        try:
            grab_from_player(player, target)
            return "player"
        except SnapshotError as exc:
            problems.append(str(exc))
            log.info("libvlc snapshot failed (%s); trying the stream", exc)
    if stream_url:
        grab_from_stream(stream_url, target, ffmpeg=ffmpeg)
        return "stream"
    raise SnapshotError(problems[0] if problems else "This tile shows no camera.")
