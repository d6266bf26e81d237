"""Benchmark: camera-to-glass latency of the wall, and what the stream hub adds.

    .venv/bin/python bench/latency.py [--cachings 1000,300,150,50] [--samples 60]
                                      [--stream main|sub]

A simulated camera burns the wall-clock time into its pictures as a black/white cell strip
(app/sim/clock_strip.py). The benchmark plays that camera and reads the strip back:

  * wall: hub -> libvlc tile inside the real WallView (1x1, so the tile plays the stream
    chosen with --stream), for each network/live caching value; the strip is read from
    screenshots of the X server (QScreen.grabWindow), i.e. what the glass shows;
  * bare libvlc: a python-vlc player with libvlc's default options (1000 ms network caching)
    playing the same hub URL into a plain native window, no wall;
  * hub alone: OpenCV reads the camera's RTSP stream directly and through the hub at the same
    time; the difference of their latencies is what the hub adds.

Latency = screenshot (or read) time - time painted into the frame. It includes encoding in the
simulator (x264 zerolatency, as a camera encodes) and, on the glass, up to one frame period
while a picture stays shown. Everything runs on loopback; needs ffmpeg, Xvfb (started when
there is no DISPLAY) and the simulator's GStreamer packages.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Both OpenCV readers get the same low-delay input options (rtsp_transport is ignored for HTTP).
os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS",
                      "rtsp_transport;tcp|fflags;nobuffer|flags;low_delay")

from bench._xvfb import (
    CameraView,
    Profile,
    XvfbDisplay,
    grab_rgb,
    pump,
    video_rect,
    wait_until,
)

TARGET_MS = 250
WALL_SIZE = (1280, 744)  # the tile's surface is then almost exactly 16:9


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Row:
    def __init__(self, path: str, caching: str, ages: list[float], tried: int,
                 frames: str = "-") -> None:
        self.path, self.caching, self.ages, self.tried = path, caching, ages, tried
        self.frames = frames  # displayed/lost pictures while sampling

    def text(self) -> str:
        if not self.ages:
            return (f"{self.path:<34}{self.caching:>8}{self.tried:>9}{0:>7}{'-':>9}{'-':>8}"
                    f"{self.frames:>14}")
        return (f"{self.path:<34}{self.caching:>8}{self.tried:>9}{len(self.ages):>7}"
                f"{statistics.median(self.ages):>9.0f}{_percentile(self.ages, 0.95):>8.0f}"
                f"{self.frames:>14}")


def sample_glass(surface: Any, video_size: tuple[int, int], samples: int) -> tuple[list[float], int]:
    """Ages (ms) of the frames a native video surface shows, from `samples` screenshots."""
    from app.sim.clock_strip import age_ms, read_strip

    ages: list[float] = []
    for _ in range(samples):
        pump(0.07)  # unsynchronised with the 40 ms frame period on purpose
        before = time.time()
        pixels = grab_rgb(surface)
        after = time.time()
        x, y, w, h = video_rect(pixels.shape[1], pixels.shape[0], *video_size)
        stamp = read_strip(pixels[y:y + h, x:x + w])
        if stamp is not None:
            ages.append(age_ms(stamp, int((before + after) / 2 * 1000)))
    return ages, samples


def measure_wall(hub: Any, camera: CameraView, caching: int, samples: int,
                 video_size: tuple[int, int], extra_args: list[str]) -> Row:
    from app.video.engine import VlcEngine
    from ui.wall.wall_view import WallView

    engine = VlcEngine(network_caching_ms=caching, extra_args=extra_args)
    wall = WallView(engine, hub, grid=1)
    try:
        wall.resize(*WALL_SIZE)
        wall.move(0, 0)
        wall.show()
        tile = wall.tiles[0]
        wall.show_camera(camera, 0)
        if not wait_until(lambda: tile.status.state == "live" and tile.status.frames > 25, 30):
            print(f"  wall at {caching} ms never went live ({tile.status})", file=sys.stderr)
            return Row("wall: hub -> libvlc tile", str(caching), [], 0)
        pump(2.0)
        # Bench-only peek at the tile's player for libvlc's lost-picture counter.
        player = tile._player
        before = player.stats() if player is not None else None
        ages, tried = sample_glass(tile.video_surface, video_size, samples)
        after = player.stats() if player is not None else None
        frames = (f"{after.displayed - before.displayed}/{after.lost - before.lost}"
                  if before is not None and after is not None else "-")
        return Row("wall: hub -> libvlc tile", str(caching), ages, tried, frames)
    finally:
        wall.shutdown()
        wall.close()
        wall.deleteLater()
        pump(0.3)
        engine.release()


def measure_bare_vlc(url: str, samples: int, video_size: tuple[int, int]) -> Row:
    """libvlc as shipped: default options (1000 ms network caching), no wall, no Qt layout."""
    import vlc
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    instance = vlc.Instance(["--quiet", "--no-audio", "--no-xlib", "--no-osd",
                             "--no-video-title-show"])
    window = QWidget()
    window.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    window.setStyleSheet("background: black")
    window.resize(*video_size)
    window.move(0, 0)
    window.show()
    pump(0.3)
    player = instance.media_player_new()
    player.set_xwindow(int(window.winId()))
    media = instance.media_new(url)
    player.set_media(media)
    player.play()
    try:
        stats = vlc.MediaStats()
        if not wait_until(lambda: media.get_stats(stats) and stats.displayed_pictures > 25, 30):
            return Row("bare libvlc, default options", "1000", [], 0)
        pump(2.0)
        media.get_stats(stats)
        shown, lost = stats.displayed_pictures, stats.lost_pictures
        ages, tried = sample_glass(window, video_size, samples)
        media.get_stats(stats)
        return Row("bare libvlc, default options", "1000", ages, tried,
                   f"{stats.displayed_pictures - shown}/{stats.lost_pictures - lost}")
    finally:
        player.stop()
        player.release()
        media.release()
        instance.release()
        window.close()
        window.deleteLater()
        pump(0.2)


class StripReader:
    """Reads a stream with OpenCV on a thread and records each frame's age when read."""

    def __init__(self, url: str) -> None:
        import cv2

        self.capture = cv2.VideoCapture(url, cv2.CAP_FFMPEG, [
            cv2.CAP_PROP_N_THREADS, 1, cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, 10000,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC, 10000])
        self.ages: list[float] = []
        self.recording = False
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from app.sim.clock_strip import age_ms, read_strip

        while not self.stop.is_set():
            ok, frame = self.capture.read()
            if not ok:
                break
            read_at = int(time.time() * 1000)
            if self.recording:
                stamp = read_strip(frame)
                if stamp is not None:
                    self.ages.append(age_ms(stamp, read_at))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(15)
        self.capture.release()


def measure_hub_alone(direct_url: str, hub_url: str, seconds: float) -> tuple[Row, Row]:
    readers = [StripReader(direct_url), StripReader(hub_url)]
    try:
        time.sleep(3.0)  # both opened and caught up with the live edge
        for reader in readers:
            reader.recording = True
        time.sleep(seconds)
        for reader in readers:
            reader.recording = False
    finally:
        for reader in readers:
            reader.close()
    direct, via_hub = readers
    return (Row("OpenCV, RTSP direct", "-", direct.ages, len(direct.ages)),
            Row("OpenCV, through the hub", "-", via_hub.ages, len(via_hub.ages)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cachings", default="1000,300,150,100,50,0",
                        help="comma-separated libvlc network/live caching values in ms")
    parser.add_argument("--samples", type=int, default=60, help="screenshots per row")
    parser.add_argument("--stream", choices=("main", "sub"), default="main")
    parser.add_argument("--hub-seconds", type=float, default=8.0)
    parser.add_argument("--vlc-arg", action="append", default=[],
                        help="extra libvlc option for the wall rows (repeatable)")
    parser.add_argument("--skip-baselines", action="store_true",
                        help="only the wall rows (no bare libvlc, no hub-alone rows)")
    args = parser.parse_args(argv)
    try:
        cachings = [int(value) for value in args.cachings.split(",") if value.strip()]
    except ValueError:
        parser.error("--cachings takes whole milliseconds separated by commas")
    extra = list(args.vlc_arg)

    with XvfbDisplay():
        from PySide6.QtWidgets import QApplication

        from app.sim.farm import SimulatorFarm
        from app.video.hub import StreamHub

        app = QApplication.instance() or QApplication([])
        with SimulatorFarm(cameras=1, burn_clock=True, ptz_cameras=set(), discovery=False,
                           max_video_seconds=30) as farm, StreamHub() as hub:
            sim = farm.cameras[0]
            url = sim.rtsp_main if args.stream == "main" else sim.rtsp_sub
            size = sim.main if args.stream == "main" else sim.sub
            # Only the chosen stream is offered, so the 1x1 tile plays exactly that one.
            camera = CameraView(1, "Clock camera", Profile(url), None)
            hub_url = hub.register(f"cam1-{args.stream}", url)
            rows: list[Row] = []
            steps: list[Callable[[], list[Row]]] = [
                *[(lambda c=c: [measure_wall(hub, camera, c, args.samples, size, extra)])
                  for c in cachings],
            ]
            if not args.skip_baselines:
                steps += [lambda: [measure_bare_vlc(hub_url, args.samples, size)],
                          lambda: list(measure_hub_alone(url, hub_url, args.hub_seconds))]
            for step in steps:
                rows += step()
                print(rows[-1].text() if rows else "", file=sys.stderr)
        del app
    width, height = size
    print(f"\nCamera-to-glass latency, simulated {width}x{height} H.264 at {sim.fps} fps on "
          f"loopback (ms; target <= {TARGET_MS}); load average {os.getloadavg()[0]:.1f}")
    print(f"{'path':<34}{'caching':>8}{'samples':>9}{'read':>7}{'median':>9}{'p95':>8}"
          f"{'shown/lost':>14}")
    for row in rows:
        print(row.text())
    direct, via_hub = rows[-2], rows[-1]
    if not args.skip_baselines and direct.ages and via_hub.ages:
        added = statistics.median(via_hub.ages) - statistics.median(direct.ages)
        print(f"hub adds (median through the hub - median direct, same run): {added:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
