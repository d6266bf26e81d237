"""Seek benchmark: time from "show camera X at time T" to that picture on screen.

    .venv/bin/python bench/playback.py --seek 40

A one-hour recording is made quickly: a 60 s 1280×720 clip whose frames show their number
(as 12 large cells, see tests/ui/playback_support.py) is looped 60 times with `-c copy`
(timestamps run on, as the recorder's do) and cut into 60 s MPEG-TS segments, indexed like
the recorder's. Then N random moments are sought, under Xvfb, through:

  ours, paused    PlaybackController.open_at(T): the exact frame (OpenCV still) on screen
  ours, playing   PlaybackController.open_at(T, play=True): the exact frame (a still while
                  libvlc starts), then libvlc's first moving picture after it (libvlc 3
                  starts at the next key frame; see ui/playback/player.py)
  baseline vlc    a new libvlc player opening the segment file at the offset (play_file):
                  its first picture, a key frame up to 2 s after T, held until its clock
                  reaches it
  baseline cv2    OpenCV opening the file and decoding the frame (no display)

"On screen" is read from the X server (QScreen.grabWindow) every few ms until the counter
shown is the one wanted (exactly; for "moving" and the libvlc baseline: one of the next
2 s of frames). Target:
ours ≤ 150 ms (median). Figures are printed, never asserted.
"""
from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 150.0
T0 = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
SEGMENT_S = 60
SIZE = (1280, 720)


def make_hour(folder: Path) -> list[Path]:
    from tests.ui.playback_support import FPS, counter_clip

    clip = counter_clip(folder / "minute.ts", SEGMENT_S * FPS, size=SIZE)
    out = folder / "rec"
    out.mkdir()
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", "59",
                    "-i", str(clip), "-c", "copy", "-map", "0:v:0", "-f", "segment",
                    "-segment_time", str(SEGMENT_S), "-segment_format", "mpegts",
                    str(out / "cam1_%04d.ts")], check=True, timeout=300)
    return sorted(out.glob("cam1_*.ts"))


def index_hour(db: object, camera_id: int, paths: list[Path]) -> None:
    from app.hashing import sha256_file
    from app.recording.index import SegmentIndex

    index = SegmentIndex(db)  # type: ignore[arg-type]
    for number, path in enumerate(paths):
        start = T0 + timedelta(seconds=number * SEGMENT_S)
        segment = index.open_segment(camera_id, start, str(path))
        index.close_segment(segment, start + timedelta(seconds=SEGMENT_S), path.stat().st_size,
                            sha256_file(path))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_seek_bench(count: int, seed: int = 7) -> int:
    from bench._xvfb import XvfbDisplay

    with XvfbDisplay("1920x1080x24"), tempfile.TemporaryDirectory(prefix="bench-seek-") as tmp:
        return _run(Path(tmp), count, seed)


def _run(work: Path, count: int, seed: int) -> int:
    import cv2
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

    from app.recording.dto import SourceRef
    from app.recording.timeline import PlaybackCatalog
    from app.storage.database import Database
    from app.storage.dto import CameraCreate
    from app.storage.repositories import CameraRepository
    from app.video.engine import VlcEngine
    from tests.ui.playback_support import FPS, read_counter, shown_frame
    from ui.playback.player import PlaybackController, PlayerView
    from ui.playback.stills import StillFrameDecoder

    app = QApplication.instance() or QApplication([])
    started = time.monotonic()
    paths = make_hour(work)
    db = Database.open(f"sqlite:///{work / 'bench.db'}")
    db.upgrade()
    camera = CameraRepository(db).add(CameraCreate(name="Bench", host="127.0.0.1", port=80)).id
    index_hour(db, camera, paths)
    print(f"1-hour recording: {len(paths)} segments of {SEGMENT_S} s, {SIZE[0]}x{SIZE[1]} "
          f"@ {FPS} fps, 1 s GOP, {sum(p.stat().st_size for p in paths) / 2**20:.0f} MiB, "
          f"made in {time.monotonic() - started:.1f} s")

    engine = VlcEngine()
    decoder = StillFrameDecoder()
    host = QWidget()
    layout = QHBoxLayout(host)
    ours_view, base_view = PlayerView(host), PlayerView(host)
    for view in (ours_view, base_view):
        view.setFixedSize(640, 360)
        layout.addWidget(view)
    host.move(0, 0)
    host.show()
    for _ in range(50):
        app.processEvents()
        time.sleep(0.01)
    player = PlaybackController(engine, PlaybackCatalog(db), ours_view, decoder)
    player.set_source(SourceRef.camera(camera))
    base_view.show_video()
    baseline_player = engine.create_player()
    baseline_player.attach(int(base_view.surface.winId()))

    def wait_for(view: PlayerView, accept: Callable[[int], bool], tick: Callable[[], None],
                 timeout: float = 4.0) -> float | None:
        begin = time.perf_counter()
        while time.perf_counter() - begin < timeout:
            app.processEvents()
            tick()
            if accept(shown_frame(view)):
                return (time.perf_counter() - begin) * 1000
            time.sleep(0.002)
        return None

    def blank(view: PlayerView) -> None:
        view.show_message("")
        for _ in range(5):
            app.processEvents()
            time.sleep(0.005)

    rng = random.Random(seed)
    moments = [rng.uniform(0, len(paths) * SEGMENT_S - 3) for _ in range(count)]
    results: dict[str, list[float]] = {"paused": [], "playing": [], "moving": [], "vlc": [],
                                       "cv2": []}
    misses: dict[str, int] = dict.fromkeys(results, 0)
    for seconds in moments:
        when = T0 + timedelta(seconds=seconds)
        offset = seconds % SEGMENT_S
        frame = int(offset * FPS + 1e-6)
        path = str(paths[int(seconds // SEGMENT_S)])

        def exact(shown: int, _frame: int = frame) -> bool:
            return shown == _frame

        def soon(shown: int, _frame: int = frame) -> bool:
            return _frame <= shown <= _frame + 2 * FPS

        player.set_source(SourceRef.camera(camera))
        blank(ours_view)
        begin = time.perf_counter()
        player.open_at(when)
        took = wait_for(ours_view, exact, lambda: None)
        _record(results, misses, "paused", took, begin)

        player.set_source(SourceRef.camera(camera))
        blank(ours_view)
        begin = time.perf_counter()
        player.open_at(when, play=True)
        took = wait_for(ours_view, exact, player.tick)
        _record(results, misses, "playing", took, begin)
        took = wait_for(ours_view, lambda shown, _f=frame: _f < shown <= _f + 2 * FPS,
                        player.tick)
        _record(results, misses, "moving", None if took is None else
                (time.perf_counter() - begin) * 1000, begin)
        player.set_source(None)

        blank(base_view)
        base_view.show_video()
        baseline_player.stop()
        baseline_player.play_file(path, offset)
        took = wait_for(base_view, soon, lambda: None)
        _record(results, misses, "vlc", took, begin)
        baseline_player.stop()

        begin = time.perf_counter()
        capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
        capture.set(cv2.CAP_PROP_POS_FRAMES, frame)
        ok, picture = capture.read()
        capture.release()
        if ok and read_counter(cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)) == frame:
            results["cv2"].append((time.perf_counter() - begin) * 1000)
        else:
            misses["cv2"] += 1

    player.shutdown()
    baseline_player.release()
    host.close()
    decoder.close()
    engine.release()
    db.engine.dispose()
    _print(results, misses, count)
    return 0


def _record(results: dict[str, list[float]], misses: dict[str, int], key: str,
            took: float | None, _begin: float) -> None:
    if took is None:
        misses[key] += 1
    else:
        results[key].append(took)


def _print(results: dict[str, list[float]], misses: dict[str, int], count: int) -> None:
    labels = {
        "paused": "ours: seek, paused (exact frame on screen)",
        "playing": "ours: seek and play: exact frame on screen",
        "moving": "ours: seek and play: libvlc moving after it",
        "vlc": "baseline: fresh libvlc open: first picture",
        "cv2": "baseline: OpenCV open + decode (no display)",
    }
    print()
    print(f"{count} random seeks in 1 hour of recording")
    print(f"{'':<46} {'median ms':>10} {'p95 ms':>9} {'missed':>7}")
    for key, label in labels.items():
        values = results[key]
        if values:
            print(f"{label:<46} {statistics.median(values):10.1f} "
                  f"{percentile(values, 0.95):9.1f} {misses[key]:7d}")
        else:
            print(f"{label:<46} {'-':>10} {'-':>9} {misses[key]:7d}")
    for ours, base in (("paused", "cv2"), ("playing", "vlc")):
        if results[ours] and results[base]:
            ratio = statistics.median(results[ours]) / statistics.median(results[base])
            print(f"{'ratio ' + ours + ' / ' + base + ' (median)':<46} {ratio:10.2f}×")
    if results["paused"]:
        median = statistics.median(results["paused"])
        verdict = "met" if median <= TARGET_MS else "NOT met"
        print(f"{'target: paused seek median ≤ 150 ms':<46} {median:10.1f}   {verdict}")


if __name__ == "__main__":
    raise SystemExit(run_seek_bench(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
