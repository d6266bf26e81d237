"""Benchmark: recording (and, later, seeking) against bare ffmpeg in the same run.

    .venv/bin/python bench/playback.py [--channels 16] [--seconds 30] [--segment 60]

Recording: N channels of simulated cameras (main streams, RTSP) are recorded twice, one
after the other: (a) baseline, one bare `ffmpeg -c copy -f segment` per stream; (b) ours,
the stream hub (one ffmpeg puller per camera, shared with the wall and analytics) plus the
recorders writing the hub's MPEG-TS into indexed, hashed segments. CPU time is read from
/proc for every process involved over the same measuring window. Target: ours ≤ 1.2× the
baseline. The simulated cameras run in a child process (a gst-rtsp-server process plus their
SOAP servers), outside both measurements; with ../shared/footage present they loop a real
traffic clip, else a test pattern.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.2
WARMUP_S = 5.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
SHARED_CLIP = ROOT.parent / "shared" / "footage" / "traffic" / "jakarta_sudirman_raasta.mp4"


# ----------------------------------------------------------------------- process CPU
def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def measure(pids_of: object, seconds: float) -> float:
    """CPU seconds used by the processes `pids_of()` names, over `seconds` of wall time."""
    pids = list(pids_of())  # type: ignore[operator]
    before = {pid: cpu_seconds(pid) for pid in pids}
    time.sleep(seconds)
    return sum(cpu_seconds(pid) - before[pid] for pid in pids)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.ts"))


# ---------------------------------------------------------------------- child modes
def serve_farm(count: int, cache: Path) -> int:
    """Child mode: run simulated cameras, print their main stream URLs, stop on stdin EOF."""
    from app.sim.farm import SimulatorFarm

    videos = [SHARED_CLIP] if SHARED_CLIP.is_file() else None
    farm = SimulatorFarm(cameras=count, videos=videos, discovery=False, ptz_cameras=set(),
                         cache_dir=cache, max_video_seconds=30)
    with farm:
        print(json.dumps({"urls": [c.rtsp_main for c in farm.cameras],
                          "size": list(farm.cameras[0].main), "fps": farm.cameras[0].fps}),
              flush=True)
        sys.stdin.read()
    return 0


def serve_hub_only(urls: list[str]) -> int:
    """Child mode: the hub pulling every URL for consumers that drop what they get (what the
    hub costs without the recorders, e.g. when the wall already pulls these streams)."""
    import threading
    from queue import Empty

    from app.video.hub import StreamHub

    hub = StreamHub()
    hub.start()
    stop = threading.Event()

    def drain(key: str) -> None:
        with hub.subscribe(key) as subscription:
            while not stop.is_set():
                try:
                    if subscription.get(timeout=0.5) is None:
                        return
                except Empty:
                    continue

    threads = []
    for number, url in enumerate(urls, start=1):
        hub.register(f"cam{number}-main", url)
        threads.append(threading.Thread(target=drain, args=(f"cam{number}-main",)))
        threads[-1].start()
    print("recording", flush=True)
    sys.stdin.read()
    stop.set()
    for thread in threads:
        thread.join()
    hub.stop()
    return 0


def serve_recorder(root: Path, segment_s: int, urls: list[str]) -> int:
    """Child mode: hub + RecordingService recording every URL until stdin closes."""
    from app.recording.dto import ChannelConfig
    from app.recording.service import RecordingService, RecordingSettings
    from app.storage.database import Database
    from app.storage.dto import CameraCreate
    from app.storage.repositories import CameraRepository
    from app.video.hub import StreamHub

    db = Database.open(f"sqlite:///{root / 'bench.db'}")
    db.upgrade()
    cameras = CameraRepository(db)
    hub = StreamHub()
    hub.start()
    service = RecordingService(db, hub, RecordingSettings(root / "rec", min_free_bytes=1 << 28,
                                                          retention_interval_s=0))
    service.start()
    for number, url in enumerate(urls, start=1):
        camera = cameras.add(CameraCreate(name=f"Bench {number}", host=f"127.0.1.{number}",
                                          port=80))
        service.start_channel(ChannelConfig(camera.id, segment_s=segment_s),
                              f"cam{camera.id}-main", url)
    print("recording", flush=True)
    sys.stdin.read()
    service.stop()
    hub.stop()
    db.engine.dispose()
    return 0


# -------------------------------------------------------------------------- phases
def run_baseline(urls: list[str], out: Path, segment_s: int, seconds: float) -> tuple[float, int]:
    out.mkdir(parents=True)
    procs = []
    for number, url in enumerate(urls):
        folder = out / f"ch{number}"
        folder.mkdir()
        procs.append(subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-rtsp_transport",
             "tcp", "-i", url, "-map", "0:v:0", "-c", "copy", "-f", "segment",
             "-segment_time", str(segment_s), "-segment_format", "mpegts",
             "-reset_timestamps", "1", str(folder / "seg%05d.ts")],
            stdin=subprocess.DEVNULL))
    try:
        time.sleep(WARMUP_S)
        cpu = measure(lambda: [p.pid for p in procs], seconds)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)
    return cpu, folder_bytes(out)


def run_ours(urls: list[str], out: Path, segment_s: int, seconds: float,
             hub_only: bool = False) -> tuple[float, float, int]:
    out.mkdir(parents=True)
    mode = ["--serve-hub-only"] if hub_only else ["--serve-recorder", str(out)]
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *mode, "--segment", str(segment_s),
         *urls],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "recording":
            raise RuntimeError("the recorder process did not start")
        time.sleep(WARMUP_S)
        pullers = children_of(child.pid)
        before_self = cpu_seconds(child.pid)
        before = {pid: cpu_seconds(pid) for pid in pullers}
        time.sleep(seconds)
        recorder_cpu = cpu_seconds(child.pid) - before_self
        puller_cpu = sum(cpu_seconds(pid) - before[pid] for pid in pullers)
    finally:
        child.stdin.close()
        try:
            child.wait(60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return puller_cpu, recorder_cpu, folder_bytes(out / "rec") if not hub_only else 0


# -------------------------------------------------------------------- seek benchmark
# Seek benchmark: time from "play camera X at time T" to the first frame shown, against
# opening the same segment file directly (bench/playback.py --seek N; bench/playback_seek.py).
def run_seek(count: int) -> int:
    from bench.playback_seek import run_seek_bench

    return run_seek_bench(count)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0, help="measuring window")
    parser.add_argument("--segment", type=int, default=60, help="segment length in seconds")
    parser.add_argument("--serve-farm", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-recorder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-hub-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seek", type=int, metavar="N",
                        help="instead: N random seeks in a 1-hour recording (playback)")
    parser.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seek:
        return run_seek(args.seek)
    if args.serve_farm:
        return serve_farm(args.serve_farm, args.cache)
    if args.serve_hub_only:
        return serve_hub_only(args.urls)
    if args.serve_recorder:
        return serve_recorder(args.serve_recorder, args.segment, args.urls)
    if shutil.which("ffmpeg") is None:
        print("Error: ffmpeg is needed (Debian: apt install ffmpeg).", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-playback-") as tmp:
        work = Path(tmp)
        farm = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-farm",
             str(args.channels), "--cache", str(work / "sim-cache")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert farm.stdin is not None and farm.stdout is not None
        try:
            line = farm.stdout.readline()
            if not line:
                print("Error: the simulated cameras did not start.", file=sys.stderr)
                return 1
            info = json.loads(line)
            urls = info["urls"]
            print(f"{len(urls)} channels of {info['size'][0]}x{info['size'][1]} @ "
                  f"{info['fps']} fps, {args.seconds:g} s measured after {WARMUP_S:g} s "
                  f"warm-up, {args.segment} s segments")
            base_cpu, base_bytes = run_baseline(urls, work / "baseline", args.segment,
                                                args.seconds)
            puller_cpu, recorder_cpu, our_bytes = run_ours(urls, work / "ours", args.segment,
                                                           args.seconds)
            hub_pullers, hub_python, _ = run_ours(urls, work / "hub", args.segment,
                                                  args.seconds, hub_only=True)
        finally:
            farm.stdin.close()
            farm.wait(60)

    ours = puller_cpu + recorder_cpu
    window = args.seconds

    def pct(cpu: float) -> str:
        return f"{100 * cpu / window:6.1f}%"

    print()
    print(f"{'recording ' + str(len(urls)) + ' channels':<46} {'CPU (1 core)':>12} "
          f"{'MiB written':>12}")
    print(f"{'baseline: bare ffmpeg -c copy -f segment':<46} {pct(base_cpu):>12} "
          f"{base_bytes / 2**20:12.1f}")
    print(f"{'ours: hub pullers (ffmpeg -c copy)':<46} {pct(puller_cpu):>12}")
    print(f"{'ours: recorders + index (Python process)':<46} {pct(recorder_cpu):>12}")
    print(f"{'ours: total':<46} {pct(ours):>12} {our_bytes / 2**20:12.1f}")
    hub_alone = hub_pullers + hub_python
    print(f"{'hub alone, nothing recorded (pullers + Python)':<46} {pct(hub_alone):>12}")
    print(f"{'recorders on top of a running hub':<46} {pct(ours - hub_alone):>12}")
    ratio = ours / base_cpu if base_cpu > 0 else float("inf")
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"{'ratio ours / baseline':<46} {ratio:11.2f}×   target ≤ {TARGET_RATIO}× {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
