"""Command-line entry points: `main.py sim` runs a farm, `main.py sim-fault` switches faults."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

from app.paths import AppPaths
from app.sim.control import FAULT_ALIASES, FarmControlServer
from app.sim.errors import SimulatorError
from app.sim.farm import SimulatorFarm


def state_file() -> Path:
    return AppPaths.from_env().data_dir / "sim.json"


def _sim_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py sim",
                                     description="Run simulated ONVIF cameras until Ctrl-C.")
    parser.add_argument("--cameras", type=int, default=4, help="number of cameras (default 4)")
    parser.add_argument("--video", type=Path, action="append", default=[],
                        help="video file to stream (repeat for several; round-robin)")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", help="camera password (default: a random one)")
    parser.add_argument("--ptz", type=int, action="append",
                        help="camera number with pan/tilt/zoom (repeatable; default 1)")
    parser.add_argument("--discovery-port", type=int, default=3702)
    parser.add_argument("--no-discovery", action="store_true",
                        help="do not answer WS-Discovery probes")
    parser.add_argument("--rtsp-port", type=int, default=0, help="RTSP port (default: free)")
    parser.add_argument("--max-video-seconds", type=float, default=300.0,
                        help="loop at most this many seconds of each video (default 300)")
    parser.add_argument("--burn-clock", type=int, action="append", metavar="N",
                        help="camera N paints a machine-readable clock strip for latency "
                             "measurements (repeatable; costs an encode per stream)")
    return parser


def _print_table(farm: SimulatorFarm) -> None:
    rows = [("#", "Name", "ONVIF", "RTSP main", "RTSP sub", "PTZ")]
    rows += [(str(c.index), c.name, c.onvif_url, c.rtsp_main, c.rtsp_sub,
              "yes" if c.ptz else "") for c in farm.cameras]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


def run_sim(argv: list[str]) -> int:
    args = _sim_parser().parse_args(argv)
    if not 1 <= args.cameras <= 64:
        print("Error: --cameras must be between 1 and 64", file=sys.stderr)
        return 2
    farm = SimulatorFarm(
        cameras=args.cameras, videos=args.video or None, username=args.username,
        password=args.password, discovery=not args.no_discovery,
        discovery_port=args.discovery_port, rtsp_port=args.rtsp_port,
        ptz_cameras=set(args.ptz) if args.ptz else {1},
        max_video_seconds=args.max_video_seconds,
        burn_clock=set(args.burn_clock or ()),
    )
    stopping = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    control: FarmControlServer | None = None
    try:
        print("Preparing video (the first run transcodes it once)...", flush=True)
        farm.start()
        control = FarmControlServer(farm, state_file())
        control.start()
        _print_table(farm)
        print(f"\nUser name: {farm.username}\nPassword:  {farm.password}")
        if farm.discovery_enabled:
            print(f"WS-Discovery: answering probes on 127.0.0.1:{farm.discovery_bound_port}")
        print("Switch faults with: python main.py sim-fault --camera N --fault "
              "stall|drop|slow|malformed|refuse-auth [--off]\nPress Ctrl-C to stop.",
              flush=True)
        while not stopping.wait(0.5):
            pass
        return 0
    except SimulatorError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    finally:
        if control is not None:
            control.stop()
        farm.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_sim_fault(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py sim-fault",
                                     description="Switch a fault of a running camera simulator.")
    parser.add_argument("--camera", type=int, required=True)
    parser.add_argument("--fault", required=True, choices=sorted(FAULT_ALIASES))
    parser.add_argument("--off", action="store_true", help="switch the fault off again")
    args = parser.parse_args(argv)
    try:
        state = json.loads(state_file().read_text(encoding="utf-8"))
        port, token = int(state["control_port"]), str(state["token"])
    except (OSError, ValueError, KeyError):
        print("Error: no camera simulator is running (start one with: python main.py sim)",
              file=sys.stderr)
        return 1
    body = json.dumps({"camera": args.camera, "fault": args.fault, "on": not args.off,
                       "token": token}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/fault", data=body,
                                     headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read()).get("error", str(exc))
        except ValueError:
            message = str(exc)
        print(f"Error: {message}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError, ValueError):
        print("Error: the camera simulator is not answering (is it still running?)",
              file=sys.stderr)
        return 1
    active = ", ".join(answer.get("active", [])) or "none"
    print(f"Camera {answer['camera']}: {args.fault} {'off' if args.off else 'on'}; "
          f"active faults: {active}")
    return 0
