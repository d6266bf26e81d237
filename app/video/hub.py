"""Per-camera stream hub: pull each camera once, serve it to any number of local consumers.

Debian's libvlc cannot open rtsp:// and cameras allow few RTSP sessions, so every stream is
pulled once by ffmpeg (stream copy, no re-encode) and served as MPEG-TS over loopback HTTP at
`http://127.0.0.1:PORT/live/<key>.ts`. libvlc tiles, the recorder and OpenCV all open that URL;
in-process consumers can `subscribe(key)` instead. Pulling starts when the first consumer
arrives and stops a few seconds after the last one leaves.

Source URLs may hold credentials: they stay in memory only; local URLs, logs and states never
contain them.
"""
from __future__ import annotations

import logging
import re
import select
import shutil
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from queue import Empty
from typing import Self

from app.video.hub_channel import (
    PullerSettings,
    StreamChannel,
    StreamState,
    StreamStats,
    StreamSubscription,
)
from app.video.urls import redact_url

__all__ = [
    "HubError",
    "StreamHub",
    "StreamState",
    "StreamStats",
    "StreamSubscription",
    "redact_url",
]

log = logging.getLogger(__name__)

StateListener = Callable[[StreamState], None]
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PATH_RE = re.compile(r"^/live/(?P<key>[A-Za-z0-9_-]{1,64})\.ts$")


class HubError(Exception):
    """A user-facing problem with the hub (bad key, ffmpeg missing, not started)."""


class StreamHub:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        ffmpeg: str = "ffmpeg",
        on_state: StateListener | None = None,
        settings: PullerSettings | None = None,
    ) -> None:
        self._host = host
        self._requested_port = port
        self._settings = replace(settings or PullerSettings(), ffmpeg=ffmpeg)
        self._channels: dict[str, StreamChannel] = {}
        self._listeners: list[StateListener] = [on_state] if on_state else []
        self._lock = threading.Lock()
        self._server: _HubHttpServer | None = None
        self._server_thread: threading.Thread | None = None

    # ----- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        if self._server is not None:
            return
        resolved = shutil.which(self._settings.ffmpeg)
        if resolved is None:
            raise HubError(f"ffmpeg not found: {self._settings.ffmpeg}")
        self._settings = replace(self._settings, ffmpeg=resolved)
        server = _HubHttpServer((self._host, self._requested_port), _LiveHandler, self)
        self._server = server
        self._server_thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="hub-http"
        )
        self._server_thread.start()
        log.info("stream hub serving on http://%s:%d", self._host, self.port)

    def stop(self) -> None:
        """End every stream, kill every ffmpeg, close the server and join all threads."""
        with self._lock:
            channels = list(self._channels.values())
            self._channels.clear()
        for channel in channels:
            channel.stop()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.close_client_sockets()
            server.server_close()  # joins the handler threads (block_on_close)
        if self._server_thread is not None:
            self._server_thread.join()
            self._server_thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise HubError("stream hub is not started")
        return int(self._server.server_address[1])

    # ----- streams ---------------------------------------------------------------------------
    def register(self, key: str, source_url: str, input_args: Sequence[str] = ()) -> str:
        """Make `source_url` available as a local URL; pulling starts with the first consumer.

        Registering an existing key with another source replaces the old one (its consumers see
        end of stream and reconnect to the new source).
        """
        if not _KEY_RE.match(key):
            raise HubError("stream key must be 1-64 letters, digits, '_' or '-'")
        if not source_url.strip():
            raise HubError("empty source URL")
        old: StreamChannel | None = None
        with self._lock:
            existing = self._channels.get(key)
            if existing is not None and existing.has_source(source_url, input_args):
                return self.url_for(key)
            old = existing
            self._channels[key] = StreamChannel(
                key, source_url, input_args, self._settings, self._emit_state
            )
        if old is not None:
            old.stop()
        log.info("stream %s registered: %s", key, redact_url(source_url))
        return self.url_for(key)

    def unregister(self, key: str) -> None:
        with self._lock:
            channel = self._channels.pop(key, None)
        if channel is not None:
            channel.stop()

    def url_for(self, key: str) -> str:
        return f"http://{self._host}:{self.port}/live/{key}.ts"

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._channels)

    def subscribe(self, key: str) -> StreamSubscription:
        """An in-process consumer: a bounded queue of TS chunks (None at end of stream)."""
        channel = self._channel(key)
        if channel is None:
            raise HubError(f"unknown stream: {key}")
        return channel.subscribe()

    def state(self, key: str) -> StreamState | None:
        channel = self._channel(key)
        return channel.state if channel else None

    def stats(self, key: str) -> StreamStats | None:
        channel = self._channel(key)
        return channel.stats() if channel else None

    # ----- state listeners -------------------------------------------------------------------
    def add_state_listener(self, listener: StateListener) -> None:
        """`listener` is called on hub threads: it must only post the state somewhere."""
        with self._lock:
            self._listeners.append(listener)

    def remove_state_listener(self, listener: StateListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _emit_state(self, state: StreamState) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(state)
            except Exception:
                log.exception("stream state listener failed")

    def _channel(self, key: str) -> StreamChannel | None:
        with self._lock:
            return self._channels.get(key)


class _HubHttpServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins every handler thread

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], hub: StreamHub
    ) -> None:
        self.hub = hub
        self.stopping = threading.Event()
        self._clients: set[socket.socket] = set()
        self._clients_lock = threading.Lock()
        super().__init__(address, handler)

    def track(self, sock: socket.socket, active: bool) -> None:
        with self._clients_lock:
            (self._clients.add if active else self._clients.discard)(sock)

    def close_client_sockets(self) -> None:
        """Unblock handlers stuck writing to a client that stopped reading."""
        self.stopping.set()
        with self._clients_lock:
            clients = list(self._clients)
        for sock in clients:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _LiveHandler(BaseHTTPRequestHandler):
    server: _HubHttpServer
    server_version = "TrucBanHub/1"

    def do_GET(self) -> None:
        match = _PATH_RE.match(self.path.split("?", 1)[0])
        if match is None:
            self.send_error(404, "unknown path")
            return
        try:
            subscription = self.server.hub.subscribe(match.group("key"))
        except HubError:
            self.send_error(404, "unknown stream")
            return
        self.server.track(self.connection, True)
        try:
            self.connection.settimeout(10)  # a client that stops reading is dropped
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.send_header("Cache-Control", "no-cache, no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            self._copy(subscription)
        except OSError:
            pass  # the client went away
        finally:
            subscription.close()
            self.server.track(self.connection, False)

    def _copy(self, subscription: StreamSubscription) -> None:
        while not self.server.stopping.is_set():
            try:
                chunk = subscription.get(timeout=0.5)
            except Empty:
                if self._client_closed():
                    return
                continue
            if chunk is None:
                return
            self.wfile.write(chunk)

    def _client_closed(self) -> bool:
        """True when the client hung up (noticed while no data flows to it)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def log_message(self, format: str, *args: object) -> None:
        log.debug("hub http %s: " + format, self.client_address[0], *args)
