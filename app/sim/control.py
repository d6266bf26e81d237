"""Local HTTP control endpoint of a running farm, used by `main.py sim-fault`.

Listens on 127.0.0.1 only and requires the random token written (with mode 0600) to
sim.json, so other local users cannot switch faults. The camera password is never written.
"""
from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from app.sim.errors import SimulatorError
from app.sim.farm import SimulatorFarm

log = logging.getLogger(__name__)

#: Short names a trainer types, mapped to the farm's fault names.
FAULT_ALIASES = {
    "stall": "stream_stall", "drop": "stream_drop", "slow": "slow_soap",
    "malformed": "malformed_soap", "refuse-auth": "refuse_auth",
}


class FarmControlServer:
    def __init__(self, farm: SimulatorFarm, state_file: Path, port: int = 0) -> None:
        self._farm = farm
        self._state_file = state_file
        self._token = secrets.token_urlsafe(24)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._write_state()
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        name="sim-control", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        try:
            self._state_file.unlink()
        except FileNotFoundError:
            pass

    def _write_state(self) -> None:
        state = {
            "control_port": self.port, "token": self._token, "pid": os.getpid(),
            "username": self._farm.username,
            "cameras": [{"index": c.index, "name": c.name, "onvif_url": c.onvif_url,
                         "rtsp_main": c.rtsp_main, "rtsp_sub": c.rtsp_sub,
                         "snapshot_url": c.snapshot_url, "ptz": c.ptz}
                        for c in self._farm.cameras],
        }
        self._state_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._state_file.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=2)
        os.replace(temporary, self._state_file)

    def _apply(self, request: dict[str, Any]) -> dict[str, Any]:
        fault = FAULT_ALIASES.get(str(request.get("fault")), str(request.get("fault")))
        camera = int(request["camera"])
        self._farm.set_fault(camera, fault, bool(request.get("on", True)))
        return {"camera": camera, "active": sorted(self._farm.active_faults(camera))}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        control = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                log.debug("sim control: " + format, *args)

            def do_POST(self) -> None:
                if self.path != "/fault":
                    self._reply(404, {"error": "not found"})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 < length <= 4096:
                    self._reply(400, {"error": "bad request"})
                    return
                try:
                    request = json.loads(self.rfile.read(length))
                except json.JSONDecodeError:
                    self._reply(400, {"error": "not JSON"})
                    return
                if not hmac.compare_digest(str(request.get("token", "")), control._token):
                    self._reply(403, {"error": "wrong control token"})
                    return
                try:
                    self._reply(200, control._apply(request))
                except (SimulatorError, KeyError, ValueError, TypeError) as exc:
                    self._reply(400, {"error": str(exc)})

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
