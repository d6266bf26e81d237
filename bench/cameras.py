"""Benchmark: camera discovery and health sweep against simulated cameras.

    .venv/bin/python bench/cameras.py [--sweep-cameras 100] [--concurrency 25] [--singles 20]

Runs inside a private network namespace that has only `lo` (the script re-executes itself
under `unshare -n`), so WS-Discovery multicast never leaves the machine; needs root or user
namespaces. The simulated cameras run in a child process, like real cameras they do not share
the interpreter (and its lock) with the workstation.

Measured: (1) multicast discovery of 50 cameras vs the sum of 50 single-camera unicast probes;
(2) one health sweep of N cameras (default 100) vs the sum of single-camera probe times. The
singles are timed one after another on `--singles` cameras and scaled to N (timing 100 serial
probes would take minutes); the table says so. Targets: discovery ≤ 3 s, sweep ≤ 10 s.
"""
from __future__ import annotations

import argparse
import json
import os
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NETNS_ENV = "TRUCBAN_BENCH_NETNS"
DISCOVERY_CAMERAS = 50


def reexec_in_namespace(argv: list[str]) -> int:
    command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"',
               sys.executable, str(Path(__file__).resolve()), *argv]
    try:
        return subprocess.run(command, env={**os.environ, NETNS_ENV: "1"}, check=False).returncode
    except FileNotFoundError:
        print("Error: `unshare` (util-linux) is needed to run the benchmark in a private "
              "network namespace.", file=sys.stderr)
        return 2


# ----------------------------------------------------------------- farm child process
def serve_farm(count: int, discovery: bool, cache: Path) -> int:
    """Child mode: run a farm, print its cameras as JSON, stop when stdin closes."""
    from app.sim.farm import SimulatorFarm

    farm = SimulatorFarm(cameras=count, discovery=discovery, ptz_cameras=set(),
                         cache_dir=cache, max_video_seconds=20)
    with farm:
        print(json.dumps({"username": farm.username, "password": farm.password,
                          "cameras": [{"index": c.index, "uuid": c.uuid,
                                       "onvif_port": c.onvif_port, "sub": c.rtsp_sub,
                                       "main": c.rtsp_main, "sub_size": c.sub,
                                       "main_size": c.main, "fps": c.fps}
                                      for c in farm.cameras]}), flush=True)
        sys.stdin.read()
    return 0


class FarmProcess:
    def __init__(self, count: int, discovery: bool, cache: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-farm", str(count),
             *(["--discovery"] if discovery else []), "--cache", str(cache)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(30)
            raise RuntimeError(f"the simulator with {count} cameras did not start")
        self.info = json.loads(line)

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ------------------------------------------------------------------------ discovery
def timed_probe(targets: list[tuple[str, int]] | None, wanted: set[str],
                timeout: float = 10.0) -> tuple[float, set[str]]:
    """Seconds until every wanted endpoint answered (or the timeout) and what was found."""
    from app.cameras.wsdiscovery import (
        DISCOVERY_PORT,
        MULTICAST_GROUP,
        parse_probe_matches,
        probe_message,
    )

    message_id = f"urn:uuid:{uuid.uuid4()}"
    found: set[str] = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP) as sock:
        sock.bind(("127.0.0.1", 0))
        started = time.perf_counter()
        if targets is None:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                            socket.inet_aton("127.0.0.1"))
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            sock.sendto(probe_message(message_id), (MULTICAST_GROUP, DISCOVERY_PORT))
        else:
            for target in targets:
                sock.sendto(probe_message(message_id), target)
        while not wanted <= found:
            remaining = started + timeout - time.perf_counter()
            if remaining <= 0:
                break
            readable, _, _ = select.select([sock], [], [], remaining)
            if not readable:
                break
            data, source = sock.recvfrom(65535)
            found |= {m.endpoint for m in parse_probe_matches(data, source, message_id)}
        return time.perf_counter() - started, found


def bench_discovery(cache: Path) -> list[tuple[str, float, str]]:
    from app.cameras.onvif_client import OnvifClient

    farm = FarmProcess(DISCOVERY_CAMERAS, True, cache)
    try:
        cameras = farm.info["cameras"]
        endpoints = {f"urn:uuid:{c['uuid']}" for c in cameras}
        runs = []
        for _ in range(3):
            seconds, found = timed_probe(None, endpoints)
            runs.append(seconds)
            if found != endpoints:
                print(f"  multicast probe found {len(found)} of {len(endpoints)} cameras")
        multicast = statistics.median(runs)
        unicast_sum = 0.0
        for camera in cameras:
            seconds, found = timed_probe([("127.0.0.1", 3702)], {f"urn:uuid:{camera['uuid']}"})
            unicast_sum += seconds
        onvif_sum = 0.0
        for camera in cameras:
            started = time.perf_counter()
            OnvifClient("127.0.0.1", camera["onvif_port"], farm.info["username"],
                        farm.info["password"], timeout=5).device_information()
            onvif_sum += time.perf_counter() - started
    finally:
        farm.stop()
    return [
        (f"multicast discovery of {len(cameras)} cameras (median of 3)", multicast, "≤ 3 s"),
        (f"sum of {len(cameras)} single-camera unicast WS-Discovery probes", unicast_sum, ""),
        (f"sum of {len(cameras)} single-camera ONVIF GetDeviceInformation", onvif_sum, ""),
    ]


# --------------------------------------------------------------------------- sweep
def bench_sweep(cache: Path, count: int, concurrency: int,
                singles: int) -> list[tuple[str, float, str]]:
    from cryptography.fernet import Fernet

    from app.cameras.probe import HealthMonitor, probe_camera
    from app.security.secrets import Credentials, CredentialVault
    from app.storage.database import Database
    from app.storage.dto import CameraCreate, ProfileCreate
    from app.storage.repositories import CameraRepository, EventRepository, HealthRepository

    farm = FarmProcess(count, False, cache)
    db = Database.open(f"sqlite:///{cache.parent / 'bench.db'}")
    try:
        db.upgrade()
        vault = CredentialVault(Fernet.generate_key())
        credentials = Credentials(farm.info["username"], farm.info["password"])
        cameras = CameraRepository(db)
        for camera in farm.info["cameras"]:
            profiles = tuple(ProfileCreate(
                token=f"profile_{kind}", kind=kind, width=size[0], height=size[1],
                fps=float(camera["fps"]), encoding="H264", stream_uri=camera[kind])
                for kind, size in (("main", camera["main_size"]), ("sub", camera["sub_size"])))
            cameras.add(CameraCreate(name=f"Camera {camera['index']:03d}", host="127.0.0.1",
                                     port=camera["onvif_port"], profiles=profiles,
                                     credential_ciphertext=vault.seal(credentials)))
        registered = cameras.list_cameras()
        single_times = []
        for camera in registered[:singles]:
            result = probe_camera(camera, credentials)
            single_times.append(result.duration_s)
            if not result.stream_ok or not result.onvif_ok:
                print(f"  single probe of {camera.name}: {result.error}")
        monitor = HealthMonitor(cameras, HealthRepository(db), EventRepository(db), vault,
                                max_concurrency=concurrency)
        started = time.perf_counter()
        samples = monitor.sweep_once()
        sweep = time.perf_counter() - started
        working = sum(1 for s in samples if s.state == "working")
        if working != len(registered):
            failed = [s.message for s in samples if s.state != "working"][:3]
            print(f"  sweep: {working} of {len(registered)} working; e.g. {failed}")
    finally:
        db.dispose()
        farm.stop()
    estimated = statistics.mean(single_times) * count
    return [
        (f"health sweep of {count} cameras ({concurrency} in parallel)", sweep, "≤ 10 s"),
        (f"sum of single-camera probes ({singles} timed, scaled to {count})", estimated, ""),
    ]


def print_table(rows: list[tuple[str, float, str]], pairs: list[tuple[int, int]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measurement'.ljust(width)}  {'seconds':>8}  target")
    print(f"{'-' * width}  {'-' * 8}  ------")
    for name, seconds, target in rows:
        print(f"{name.ljust(width)}  {seconds:8.3f}  {target}")
    print()
    for fast, slow in pairs:
        print(f"ratio {rows[fast][0]!r} / {rows[slow][0]!r}: "
              f"{rows[fast][1] / rows[slow][1]:.3f} ({rows[slow][1] / rows[fast][1]:.1f}× faster)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep-cameras", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=34)
    parser.add_argument("--singles", type=int, default=20)
    parser.add_argument("--serve-farm", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--discovery", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_farm:
        return serve_farm(args.serve_farm, args.discovery, args.cache)
    if os.environ.get(NETNS_ENV) != "1":
        return reexec_in_namespace(argv)
    with tempfile.TemporaryDirectory(prefix="trucban-bench-") as temp:
        os.environ["TRUCBAN_HOME"] = str(Path(temp) / "home")
        cache = Path(temp) / "sim-cache"
        started = time.perf_counter()
        print(f"Discovery: {DISCOVERY_CAMERAS} simulated cameras with WS-Discovery...")
        rows = bench_discovery(cache)
        print(f"Health sweep: {args.sweep_cameras} simulated cameras...")
        rows += bench_sweep(cache, args.sweep_cameras, args.concurrency, args.singles)
        print_table(rows, [(0, 1), (0, 2), (3, 4)])
        print(f"\nbenchmark ran {time.perf_counter() - started:.0f} s on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
