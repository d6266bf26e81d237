"""Benchmark: what N live tiles cost in the real WallView, against bare libvlc.

    .venv/bin/python bench/wall.py [--tiles 1,4,9,16] [--streams main,sub] [--seconds 10]

Simulated cameras (720p main and 360p sub H.264 at 25 fps) are played N at a time:

  * wall: the real WallView (N = g x g tiles in a 1600x900 window) fed by the stream hub;
  * bare: the same hub URLs played by python-vlc players with the same libvlc options but no
    Qt at all, each in a plain X window (libX11) of a wall tile's size, laid out as the wall.

Each configuration runs in a fresh child process, so memory and CPU belong to it alone: CPU
is user+system time of that process plus its hub pullers (ffmpeg, read from /proc while they
run), over a measuring window after warm-up; memory is the process's RSS growth from before
the first player was made, and separately the pullers' PSS (their shared libraries split). Frame counts are libvlc's media statistics
(decoded counts packetizer blocks, about twice the frame rate; displayed and lost are
pictures). The simulator runs in the parent and is not counted. Xvfb is started when there is
no DISPLAY. Needs ffmpeg and the simulator's GStreamer packages.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._xvfb import (
    CameraView,
    PlainWindows,
    Profile,
    XvfbDisplay,
    cpu_seconds,
    pss_bytes,
    pump,
    rss_bytes,
    wait_until,
)

WALL_SIZE = (1600, 900)
TILE_GAP = 2
HEADER = 20  # ui.wall.tile.HEADER_HEIGHT + borders, to size the bare windows alike
WARM_UP_S = 3.0
CHILD_TIMEOUT_S = 180


# ----------------------------------------------------------------- child: one configuration
def _pullers(hub: Any) -> list[int]:
    pids = []
    keys = hub.keys()
    for key in keys:
        stats = hub.stats(key)
        if stats is not None and stats.puller_pid:
            pids.append(stats.puller_pid)
    return pids


def _figures(pids: list[int]) -> float:
    return cpu_seconds(os.getpid()) + sum(cpu_seconds(pid) for pid in pids)


def _tile_size(tiles: int) -> tuple[int, int]:
    grid = math.isqrt(tiles)
    width = (WALL_SIZE[0] - TILE_GAP * (grid - 1)) // grid - 4
    height = (WALL_SIZE[1] - TILE_GAP * (grid - 1)) // grid - 4 - HEADER
    return width, height


def run_child(mode: str, urls: list[str], stream: str, seconds: float) -> dict[str, Any]:
    from app.config.settings import Settings
    from app.video.engine import VlcEngine
    from app.video.hub import StreamHub

    tiles = len(urls)
    app = None
    if mode == "wall":
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
    hub = StreamHub()
    hub.start()
    width, height = _tile_size(tiles)
    engine = VlcEngine(network_caching_ms=Settings().network_caching_ms)
    windows = None if mode == "wall" else PlainWindows()
    rss_before = rss_bytes(os.getpid())
    players: list[Any] = []
    wall = None
    try:
        if mode == "wall":
            from ui.wall.wall_view import WallView

            wall = WallView(engine, hub, grid=math.isqrt(tiles))
            wall.resize(*WALL_SIZE)
            wall.move(0, 0)
            wall.show()
            for number, url in enumerate(urls):
                main = Profile(url) if stream == "main" else None
                sub = Profile(url) if stream == "sub" else None
                wall.show_camera(CameraView(number + 1, f"Camera {number + 1}", main, sub),
                                 number)
            # Bench-only peek at the tiles' players: VideoTile exposes fps and frames, not
            # libvlc's lost-picture counter.
            players = [tile._player for tile in wall.tiles]
        else:
            assert windows is not None
            grid = math.isqrt(tiles)
            for number, url in enumerate(urls):
                player = engine.create_player()
                # Laid out like the wall's tiles, in plain X windows of a tile's size.
                player.attach(windows.create((number % grid) * (width + TILE_GAP),
                                             (number // grid) * (height + TILE_GAP),
                                             width, height))
                player.play(hub.register(f"cam{number + 1}-{stream}", url))
                players.append(player)

        def idle(duration: float) -> None:
            if app is not None:
                pump(duration)
            else:
                time.sleep(duration)

        def all_showing() -> bool:
            return all(player.stats().displayed > 10 for player in players)

        if app is not None:
            live = wait_until(all_showing, 60)
        else:
            deadline = time.monotonic() + 60
            while not all_showing() and time.monotonic() < deadline:
                time.sleep(0.2)
            live = all_showing()
        idle(WARM_UP_S)
        pids = _pullers(hub)
        before = [player.stats() for player in players]
        cpu_before, started = _figures(pids), time.monotonic()
        idle(seconds)
        cpu_after, elapsed = _figures(pids), time.monotonic() - started
        after = [player.stats() for player in players]
        channels = [hub.stats(key) for key in hub.keys()]  # noqa: SIM118 (a list, not a dict)
        restarts = sum(channel.restarts for channel in channels if channel is not None)
        rss_delta = rss_bytes(os.getpid()) - rss_before
        pullers_pss = sum(pss_bytes(pid) for pid in _pullers(hub))
        return {
            "mode": mode, "tiles": tiles, "stream": stream, "live": live,
            "elapsed": elapsed, "cpu": cpu_after - cpu_before,
            "rss_delta": rss_delta, "pullers_pss": pullers_pss,
            "decoded": sum(a.decoded - b.decoded for a, b in zip(after, before)),
            "displayed": sum(a.displayed - b.displayed for a, b in zip(after, before)),
            "lost": sum(a.lost - b.lost for a, b in zip(after, before)),
            "puller_restarts": restarts,
        }
    finally:
        if wall is not None:
            wall.shutdown()
            wall.close()
            wall.deleteLater()
            pump(0.2)
        else:
            for player in players:
                player.release()
        if windows is not None:
            windows.close()
        hub.stop()
        engine.release()


# ----------------------------------------------------------------- parent: farm and table
def run_configuration(mode: str, urls: list[str], stream: str, seconds: float
                      ) -> dict[str, Any] | None:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode,
               "--stream", stream, "--seconds", str(seconds), "--urls", json.dumps(urls)]
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=CHILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        print(f"  {mode} {stream} x{len(urls)}: timed out", file=sys.stderr)
        return None
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    print(f"  {mode} {stream} x{len(urls)} failed:\n{result.stderr[-2000:]}", file=sys.stderr)
    return None


def _row(wall: dict[str, Any] | None, bare: dict[str, Any] | None, stream: str,
         tiles: int, size: tuple[int, int]) -> str:
    def per_tile_cpu(figures: dict[str, Any] | None) -> float | None:
        if not figures:
            return None
        return float(figures["cpu"]) / float(figures["elapsed"]) / tiles

    def mib(figures: dict[str, Any] | None, field: str = "rss_delta") -> str:
        if not figures:
            return "-"
        return f"{figures[field] / tiles / 2**20:.0f}"

    def frames(figures: dict[str, Any] | None) -> str:
        if not figures:
            return "-"
        seconds = float(figures["elapsed"]) * tiles
        return (f"{figures['decoded'] / seconds:.0f}/{figures['displayed'] / seconds:.1f}/"
                f"{figures['lost']}")

    wall_cpu, bare_cpu = per_tile_cpu(wall), per_tile_cpu(bare)
    ratio = f"{wall_cpu / bare_cpu:.2f}" if wall_cpu and bare_cpu else "-"
    live = "" if (wall or {}).get("live", False) else " (not all live)"
    return (f"{stream + ' ' + f'{size[0]}x{size[1]}':<14}{tiles:>6}"
            f"{(f'{wall_cpu:.3f}' if wall_cpu is not None else '-'):>11}"
            f"{(f'{bare_cpu:.3f}' if bare_cpu is not None else '-'):>11}{ratio:>8}"
            f"{mib(wall):>9}{mib(bare):>9}{mib(wall, 'pullers_pss'):>8}"
            f"{frames(wall):>16}{frames(bare):>16}{live}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", default="1,4,9,16")
    parser.add_argument("--streams", default="main,sub")
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window")
    parser.add_argument("--child", choices=("wall", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--stream", default="main", help=argparse.SUPPRESS)
    parser.add_argument("--urls", default="[]", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        with XvfbDisplay():
            print(json.dumps(run_child(args.child, json.loads(args.urls), args.stream,
                                       args.seconds)), flush=True)
        return 0

    try:
        counts = [int(value) for value in args.tiles.split(",") if value.strip()]
    except ValueError:
        parser.error("--tiles takes whole numbers separated by commas")
    if any(math.isqrt(n) ** 2 != n or not 1 <= n <= 25 for n in counts):
        parser.error("--tiles must be square numbers from 1 to 25 (the wall is a grid)")
    streams = [value.strip() for value in args.streams.split(",") if value.strip()]
    if not set(streams) <= {"main", "sub"}:
        parser.error("--streams takes main and/or sub")

    from app.sim.farm import SimulatorFarm

    lines: list[str] = []
    with XvfbDisplay(), SimulatorFarm(cameras=max(counts), ptz_cameras=set(), discovery=False,
                                      max_video_seconds=30) as farm:
        cameras = farm.cameras
        for stream in streams:
            for tiles in counts:
                urls = [(c.rtsp_main if stream == "main" else c.rtsp_sub)
                        for c in cameras[:tiles]]
                wall = run_configuration("wall", urls, stream, args.seconds)
                bare = run_configuration("bare", urls, stream, args.seconds)
                size = cameras[0].main if stream == "main" else cameras[0].sub
                lines.append(_row(wall, bare, stream, tiles, size))
                print(lines[-1], file=sys.stderr)
    load = os.getloadavg()
    print(f"\nWall playback cost, {os.cpu_count()} CPUs, {args.seconds:g} s windows, "
          f"load average at end {load[0]:.1f}")
    print("CPU = core-seconds per tile per second (process + its ffmpeg pullers); "
          "ratio = wall / bare libvlc;")
    print("MiB = process RSS growth per tile; hub MiB = PSS of one ffmpeg puller; frames = "
          "decoded/displayed per tile per second / lost in total")
    print(f"{'stream':<14}{'tiles':>6}{'wall CPU':>11}{'bare CPU':>11}{'ratio':>8}"
          f"{'wall MiB':>9}{'bare MiB':>9}{'hub MiB':>8}{'wall frames':>16}{'bare frames':>16}")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
