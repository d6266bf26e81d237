"""Runs app/sim/rtsp_server.py under the system Python and talks to it over JSON lines."""
from __future__ import annotations

import json
import logging
import queue
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.sim.errors import SimulatorError

log = logging.getLogger(__name__)

SYSTEM_PYTHON = "/usr/bin/python3"
SERVER_SCRIPT = Path(__file__).with_name("rtsp_server.py")
_START_TIMEOUT = 20.0
_COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True)
class RtspCameraSpec:
    index: int
    fps: int
    ptz: bool
    main_file: Path
    main_size: tuple[int, int]
    sub_file: Path
    sub_size: tuple[int, int]
    burn_clock: bool = False  # paint the wall-clock strip of app/sim/clock_strip.py

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index, "fps": self.fps, "ptz": self.ptz,
            "burn_clock": self.burn_clock,
            "main": {"file": str(self.main_file), "width": self.main_size[0],
                     "height": self.main_size[1]},
            "sub": {"file": str(self.sub_file), "width": self.sub_size[0],
                    "height": self.sub_size[1]},
        }


class RtspServerProcess:
    """The GStreamer RTSP server child process and its control channel."""

    def __init__(self, cameras: list[RtspCameraSpec], host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self._cameras = cameras
        self._host = host
        self._requested_port = port
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._stderr_reader: threading.Thread | None = None
        self._lock = threading.Lock()
        self._next_id = 0
        self.port = 0

    def start(self) -> None:
        if not Path(SYSTEM_PYTHON).is_file():
            raise SimulatorError(f"{SYSTEM_PYTHON} is missing; the RTSP simulator needs "
                                 "Debian's python3-gi and gir1.2-gst-rtsp-server-1.0")
        self._process = subprocess.Popen(
            [SYSTEM_PYTHON, str(SERVER_SCRIPT)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
            start_new_session=True,  # a terminal's Ctrl-C goes to the farm, not the child
        )
        self._reader = threading.Thread(target=self._read_stdout, name="rtsp-sim-out",
                                        daemon=True)
        self._reader.start()
        self._stderr_reader = threading.Thread(target=self._read_stderr,
                                               name="rtsp-sim-err", daemon=True)
        self._stderr_reader.start()
        self._write({"host": self._host, "port": self._requested_port,
                     "cameras": [camera.to_json() for camera in self._cameras]})
        try:
            ready = self._replies.get(timeout=_START_TIMEOUT)
        except queue.Empty:
            self.stop()
            raise SimulatorError("The RTSP simulator did not start in time") from None
        if ready.get("event") != "ready":
            self.stop()
            raise SimulatorError(f"The RTSP simulator failed to start: "
                                 f"{ready.get('message', 'unknown error')}")
        self.port = int(ready["port"])

    def set_fault(self, camera: int, fault: str, stream: str | None = None) -> None:
        """fault is drop, stall or restore; stream None means both main and sub."""
        self._command({"cmd": "fault", "camera": camera, "stream": stream, "fault": fault})

    def set_ptz_pose(self, camera: int, pan: float, tilt: float, zoom: float) -> None:
        self._command({"cmd": "ptz", "camera": camera, "pan": pan, "tilt": tilt, "zoom": zoom})

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        self._process = None
        try:
            if process.poll() is None and process.stdin:
                process.stdin.write(json.dumps({"cmd": "quit", "id": -1}) + "\n")
                process.stdin.flush()
                process.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for reader in (self._reader, self._stderr_reader):
            if reader is not None:
                reader.join(timeout=2)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()

    def _command(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            self._write({**message, "id": ident})
            while True:
                try:
                    reply = self._replies.get(timeout=_COMMAND_TIMEOUT)
                except queue.Empty:
                    raise SimulatorError("The RTSP simulator stopped answering") from None
                if reply.get("id") != ident:
                    continue  # an answer to an earlier command that timed out
                if reply.get("event") == "error":
                    raise SimulatorError(f"RTSP simulator refused command: {reply['message']}")
                return

    def _write(self, message: dict[str, Any]) -> None:
        process = self._process
        if process is None or process.stdin is None or process.poll() is not None:
            raise SimulatorError("The RTSP simulator is not running")
        try:
            process.stdin.write(json.dumps(message) + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SimulatorError(f"The RTSP simulator is not running ({exc})") from None

    def _read_stdout(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in process.stdout:
            try:
                self._replies.put(json.loads(line))
            except json.JSONDecodeError:
                log.debug("RTSP simulator: %s", line.rstrip())
        self._replies.put({"event": "error", "id": None, "message": "RTSP simulator exited"})

    def _read_stderr(self) -> None:
        process = self._process
        assert process is not None and process.stderr is not None
        for line in process.stderr:
            log.warning("RTSP simulator: %s", line.rstrip())
