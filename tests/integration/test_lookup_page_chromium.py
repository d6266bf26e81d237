"""The published look-up page in a real browser: typing a plate finds the case.

Headless Chromium (Debian package ``chromium``) is driven over the DevTools protocol on a
pipe (--remote-debugging-pipe: no debugging port is opened at all); the page is served by
http.server on 127.0.0.1. Host resolution is mapped to nothing except 127.0.0.1 and
background networking is off, so the browser reaches no other address.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.reports.lookup_export import LookupPublisher
from app.review.catalogue import ViolationCatalogue
from app.review.states import ViolationState
from app.storage.database import Database
from app.storage.models import Camera, Evidence, User, Violation
from tests.report_support import add_case, add_site_camera
from tests.security_support import build_world

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian package: chromium)")


class DevTools:
    """A minimal DevTools-protocol client over Chromium's fd 3/4 pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # runs in the child before exec
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-domain-reliability", "--no-pings",
             "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Only two dup2 calls run in the child (async-signal-safe), so threads are fine.
            preexec_fn=wire_fds,  # noqa: PLW1509
            pass_fds=(3, 4, to_child_r, from_child_w))  # 3, 4: kept after preexec_fn
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._from_child, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._messages.put(json.loads(message))

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                reply = self._messages.get(timeout=1)
            except queue.Empty:
                continue
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
        raise TimeoutError(method)

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session, expression=expression,
                           returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, session: str, expression: str, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(session, expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(expression)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self._to_child)
        self._reader.join(5)
        os.close(self._from_child)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Database, Path]]:
    db = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.upgrade()
    world = build_world(db)
    camera = add_site_camera(world)
    add_case(world, camera, tmp_path / "ev", state=ViolationState.APPROVED,
             plate="29-M1 123.45")
    add_case(world, camera, tmp_path / "ev", state=ViolationState.FINED, plate="30A-678.90",
             type_code="6/9/b")
    add_case(world, camera, tmp_path / "ev", state=ViolationState.DETECTED,
             plate="51F-111.22")
    out = tmp_path / "public"
    LookupPublisher(db, world.audit, ViolationCatalogue.load()).publish(
        world.by_role["supervisor"], out)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html", db, out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        db.dispose()


def test_typing_a_plate_finds_the_violation(served: tuple[str, Database, Path],
                                            tmp_path: Path) -> None:
    url, db, _ = served
    assert CHROMIUM is not None
    browser = DevTools(CHROMIUM, tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        session = browser.send("Target.attachToTarget", targetId=target,
                               flatten=True)["sessionId"]
        browser.send("Page.navigate", session, url=url)
        browser.wait_for(session, "document.body && document.body.dataset.ready === '1'")
        browser.evaluate(session, "document.getElementById('plate').focus()")
        # Typed the way people do: lower case, spaces instead of dashes and dots.
        browser.send("Input.insertText", session, text="29m1 12345")
        status = browser.wait_for(
            session, "document.getElementById('status').textContent.includes('Tìm thấy') && "
                     "document.getElementById('status').textContent")
        assert "Tìm thấy 1 vi phạm" in status
        text = browser.evaluate(session, "document.getElementById('results').innerText")
        html = browser.evaluate(session, "document.documentElement.outerHTML")
        loaded = browser.wait_for(
            session, "Array.from(document.querySelectorAll('#results img'))"
                     ".every(i => i.complete && i.naturalWidth > 0) && "
                     "document.querySelectorAll('#results img').length")
        # An unknown plate says so; a detected (unapproved) case is not there at all.
        browser.evaluate(session, "var i = document.getElementById('plate'); i.value = '';"
                                  "i.dispatchEvent(new Event('input'))")
        browser.send("Input.insertText", session, text="51F-111.22")
        missing = browser.wait_for(
            session, "document.getElementById('status').textContent.includes('Không tìm thấy')"
                     " && document.getElementById('status').textContent")
    finally:
        browser.close()
    assert "29-M1 123.45" in text and "30A-678.90" not in text
    assert "điểm c khoản 7 Điều 7" in text and "4.000.000" in text
    assert loaded == 1
    assert "Không tìm thấy" in missing
    with db.session() as session_:
        code = session_.query(Violation).filter_by(plate="29-M1 123.45").one().lookup_code
        internal = {u.username for u in session_.query(User)}
        internal |= {u.display_name for u in session_.query(User)}
        internal |= {c.host for c in session_.query(Camera)}
        internal |= {c.name for c in session_.query(Camera)}
        internal |= {e.path for e in session_.query(Evidence)}
        internal |= {e.sha256 for e in session_.query(Evidence)}
    assert code and code in text
    for secret in internal:
        assert secret not in html, secret
