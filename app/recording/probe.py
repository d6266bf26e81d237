"""What ffprobe says about a media file: duration, video stream, recorded start time.

A truncated MPEG-TS (the recorder was killed) still probes and plays: its duration is what
was written. ffprobe is given a timeout because a damaged file must not hang a repair run.
"""
from __future__ import annotations

import json
import logging
import math
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class MediaInfo:
    duration_s: float | None
    has_video: bool
    video_codec: str
    width: int
    height: int
    creation_time: datetime | None  # from the container's tags, when the device wrote one
    format_name: str


class ProbeError(Exception):
    """ffprobe could not read the file; the message says why (for the user)."""


def probe(path: Path, ffprobe: str = "ffprobe") -> MediaInfo:
    try:
        done = subprocess.run(
            [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
             str(path)],
            capture_output=True, timeout=PROBE_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ProbeError(f"{ffprobe} is not installed (Debian: apt install ffmpeg).") from None
    except subprocess.TimeoutExpired:
        raise ProbeError("reading the file took too long; it may be damaged") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProbeError(reason[-1] if reason else "ffprobe could not read the file")
    try:
        data = json.loads(done.stdout or b"{}")
    except json.JSONDecodeError:
        raise ProbeError("ffprobe gave an unreadable answer") from None
    fmt = data.get("format") or {}
    video = next((s for s in data.get("streams") or [] if s.get("codec_type") == "video"), None)
    return MediaInfo(
        duration_s=_float(fmt.get("duration")) or (_float(video.get("duration")) if video else None),
        has_video=video is not None,
        video_codec=str(video.get("codec_name", "")) if video else "",
        width=int(video.get("width") or 0) if video else 0,
        height=int(video.get("height") or 0) if video else 0,
        creation_time=_creation_time(fmt, video),
        format_name=str(fmt.get("format_name", "")),
    )


def decodes(path: Path, ffmpeg: str = "ffmpeg", frames: int = 3) -> str | None:
    """None when the first frames decode; else ffmpeg's reason."""
    try:
        done = subprocess.run(
            [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", str(path),
             "-map", "0:v:0", "-frames:v", str(frames), "-f", "null", "-"],
            capture_output=True, timeout=PROBE_TIMEOUT_S, check=False)
    except FileNotFoundError:
        return f"{ffmpeg} is not installed (Debian: apt install ffmpeg)."
    except subprocess.TimeoutExpired:
        return "decoding took too long"
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "the video could not be decoded"
    return None


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) and number > 0 else None  # NaN and 0 are "unknown"


def _creation_time(fmt: dict[str, object], video: dict[str, object] | None) -> datetime | None:
    for holder in (fmt, video or {}):
        tags = holder.get("tags")
        if isinstance(tags, dict):
            text = tags.get("creation_time")
            if isinstance(text, str) and text.strip():
                try:
                    stamp = datetime.fromisoformat(text.strip())
                except ValueError:
                    log.info("unreadable creation_time %r ignored", text)
                    continue
                # Devices write UTC ("...Z"); a stamp without a zone is taken as UTC as well.
                return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return None
