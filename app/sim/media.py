"""Prepares the video the simulated cameras stream.

Each source file is transcoded once with ffmpeg into two Annex-B H.264 elementary streams
(main 1280x720 and sub 640x360) plus a JPEG snapshot. The streams have no B-frames, one
keyframe per second and an access-unit delimiter before every frame, so the RTSP server can
split frames with a byte search and loop them forever with rewritten timestamps instead of
re-encoding. Results are cached by file hash and settings, so a farm starts in well under a
second after the first run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.hashing import sha256_file
from app.paths import AppPaths
from app.sim.errors import SimulatorError

log = logging.getLogger(__name__)

DEFAULT_VIDEO = Path("/usr/share/doc/opencv-doc/examples/data/vtest.avi")
MAIN_SIZE = (1280, 720)
SUB_SIZE = (640, 360)
# Bumped whenever the ffmpeg recipe changes, so stale cache entries are never reused.
_RECIPE_VERSION = 3
_MAX_SECONDS = 300
_FALLBACK_FPS = 25
# Cameras here run at 25 fps (PAL countries); slower sources get repeated frames, which
# cost almost no bits and let players start as fast as with a real camera.
STREAM_FPS = 25


@dataclass(frozen=True)
class PreparedVideo:
    source: Path | None  # None for the generated test pattern
    main_stream: Path
    sub_stream: Path
    snapshot: Path
    fps: int
    main_size: tuple[int, int]
    sub_size: tuple[int, int]


def _ffmpeg() -> str:
    exe = shutil.which("ffmpeg")
    if not exe:
        raise SimulatorError("ffmpeg is not installed; the camera simulator needs it")
    return exe


def _probe_fps(path: Path) -> int:  # also proves ffmpeg can read the file
    """The source frame rate rounded to an integer; 25 when ffprobe cannot tell."""
    ffprobe = shutil.which("ffprobe")
    if not ffprobe:
        return _FALLBACK_FPS
    result = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=avg_frame_rate,r_frame_rate", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=30, check=False,
    )
    if result.returncode != 0:
        raise SimulatorError(f"Cannot read video file {path}: {_last_line(result.stderr)}")
    try:
        streams = json.loads(result.stdout).get("streams", [])
    except json.JSONDecodeError:
        streams = []
    if not streams:
        raise SimulatorError(f"Cannot read video file {path}: it has no video stream")
    for key in ("avg_frame_rate", "r_frame_rate"):
        num, _, den = str(streams[0].get(key, "0/0")).partition("/")
        try:
            fps = float(num) / float(den or 1)
        except (ValueError, ZeroDivisionError):
            continue
        if 1 <= fps <= 60:
            return max(1, round(fps))
    return _FALLBACK_FPS


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown ffmpeg error"


def _encode_args(fps: int, size: tuple[int, int]) -> list[str]:
    width, height = size
    # Fill the 16:9 frame (crop, not letterbox) like a real camera sensor would.
    scale = (f"scale={width}:{height}:force_original_aspect_ratio=increase,"
             f"crop={width}:{height},fps={fps},format=yuv420p")
    return [
        "-an", "-sn", "-vf", scale,
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
        # No B-frames: decode order equals display order, so timestamps can be rewritten
        # as n * frame duration when the stream is looped.
        "-bf", "0", "-g", str(fps), "-keyint_min", str(fps), "-sc_threshold", "0",
        "-x264-params", "repeat-headers=1",
        "-bsf:v", "h264_metadata=aud=insert", "-f", "h264",
    ]


class VideoPreparer:
    """Transcodes source videos into the simulator's cached stream files."""

    def __init__(self, cache_dir: Path | None = None,
                 max_seconds: float = _MAX_SECONDS) -> None:
        self._cache_dir = cache_dir or AppPaths.from_env().cache_dir / "sim"
        # Longer sources are cut: the loop only has to look like a live scene.
        self._max_seconds = max_seconds

    def prepare(self, source: Path | None) -> PreparedVideo:
        """Prepared streams for `source`; None means the default street video."""
        if source is None:
            if DEFAULT_VIDEO.is_file():
                source = DEFAULT_VIDEO
            else:
                log.warning("Default video %s not found; streaming a generated test pattern",
                            DEFAULT_VIDEO)
                return self._prepare_pattern()
        source = Path(source)
        if not source.is_file():
            raise SimulatorError(f"Video file not found: {source}")
        _probe_fps(source)  # fails early, with the file's name, when ffmpeg cannot read it
        fps = STREAM_FPS
        key = hashlib.sha256(
            f"{sha256_file(source)}|{fps}|{MAIN_SIZE}|{SUB_SIZE}|{self._max_seconds:g}|"
            f"{_RECIPE_VERSION}".encode()
        ).hexdigest()[:24]
        return self._build(key, ["-t", f"{self._max_seconds:g}", "-i", str(source)], fps, source)

    def _prepare_pattern(self) -> PreparedVideo:
        fps = _FALLBACK_FPS
        seconds = min(20.0, self._max_seconds)
        key = f"pattern-{fps}-{seconds:g}-{_RECIPE_VERSION}"
        pattern = ["-f", "lavfi", "-i",
                   f"testsrc2=size=1280x720:rate={fps}:duration={seconds:g}"]
        return self._build(key, pattern, fps, None)

    def _build(self, key: str, input_args: list[str], fps: int,
               source: Path | None) -> PreparedVideo:
        folder = self._cache_dir / key
        prepared = PreparedVideo(
            source=source, main_stream=folder / "main.h264", sub_stream=folder / "sub.h264",
            snapshot=folder / "snapshot.jpg", fps=fps, main_size=MAIN_SIZE, sub_size=SUB_SIZE,
        )
        if all(p.is_file() and p.stat().st_size > 0
               for p in (prepared.main_stream, prepared.sub_stream, prepared.snapshot)):
            return prepared
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        what = str(source) if source else "test pattern"
        log.info("Transcoding %s for the camera simulator (once; cached in %s)", what, folder)
        # Build in a temporary folder and rename it into place, so an interrupted transcode
        # never leaves a half-written stream that would later be taken for a finished one.
        work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self._cache_dir))
        try:
            cmd = [_ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y", *input_args,
                   *_encode_args(fps, MAIN_SIZE), str(work / "main.h264"),
                   *_encode_args(fps, SUB_SIZE), str(work / "sub.h264")]
            self._run(cmd, what)
            self._run([_ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                       "-i", str(work / "main.h264"), "-frames:v", "1", "-q:v", "3",
                       str(work / "snapshot.jpg")], what)
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            os.replace(work, folder)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        return prepared

    @staticmethod
    def _run(cmd: list[str], what: str) -> None:
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                                    check=False)
        except subprocess.TimeoutExpired:
            raise SimulatorError(f"Transcoding {what} took too long") from None
        if result.returncode != 0:
            raise SimulatorError(
                f"Cannot read video file {what}: {_last_line(result.stderr)}")


def split_access_units(data: bytes) -> list[tuple[int, int]]:
    """(start, end) byte ranges of the access units of an Annex-B stream with AUD NAL units.

    Every access unit starts with an access-unit delimiter (NAL type 9, header byte 0x09);
    emulation prevention guarantees 00 00 01 never occurs inside a NAL unit, so a byte
    search is exact.
    """
    starts: list[int] = []
    position = data.find(b"\x00\x00\x01\x09")
    while position >= 0:
        start = position - 1 if position > 0 and data[position - 1] == 0 else position
        starts.append(start)
        position = data.find(b"\x00\x00\x01\x09", position + 4)
    if not starts:
        return [(0, len(data))] if data else []
    starts[0] = 0
    ends = starts[1:] + [len(data)]
    return list(zip(starts, ends))
