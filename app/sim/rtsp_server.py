"""RTSP server for the simulated cameras, run as a child process by Debian's /usr/bin/python3.

GStreamer's Python bindings (gi) exist only for the system interpreter, so this file imports
nothing but the standard library and gi (imported inside main(), so the pure helpers below
can be unit-tested from any interpreter) and no application module.

Protocol, one JSON object per line:
  stdin, first line: {"port": 0, "host": "127.0.0.1", "cameras": [{"index": 1, "ptz": false,
      "fps": 10, "main": {"file": "...", "width": 1280, "height": 720}, "sub": {...}}]}
  stdout: {"event": "ready", "port": N} once listening, then {"event": "ack", "id": ...} or
      {"event": "error", "id": ..., "message": ...} per command.
  stdin commands: {"id": 1, "cmd": "fault", "camera": 1, "stream": "main"|"sub"|null,
      "fault": "drop"|"stall"|"restore"}; {"id": 2, "cmd": "ptz", "camera": 1, "pan": 0.0,
      "tilt": 0.0, "zoom": 0.0}; {"id": 3, "cmd": "quit"}. End of stdin also quits, so the
      server never outlives its parent.
Plain mounts loop the prepared H.264 access units without re-encoding; PTZ mounts decode,
crop a window that follows the PTZ position, scale and re-encode. Cameras with "burn_clock"
decode each access unit in a small side pipeline, paint the wall-clock strip of
clock_strip.py (a stdlib-only sibling module) over the top rows and re-encode, so that the
time a frame left the camera can be read back from a screenshot.
"""
from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

STREAMS = ("main", "sub")
# The widest PTZ view shows this share of the source frame, so panning moves the picture
# even at zoom 0; full zoom narrows it by a further factor of four.
PTZ_WIDEST_FRACTION = 0.6
PTZ_MAX_ZOOM_FACTOR = 4.0


def ptz_crop(width: int, height: int, pan: float, tilt: float,
             zoom: float) -> tuple[int, int, int, int]:
    """(left, right, top, bottom) pixels to crop from a width x height frame for a PTZ pose.

    pan and tilt are in [-1, 1] (right and up are positive), zoom in [0, 1]. Values are even
    because 4:2:0 video cannot be cropped by odd amounts.
    """
    pan = min(1.0, max(-1.0, pan))
    tilt = min(1.0, max(-1.0, tilt))
    zoom = min(1.0, max(0.0, zoom))
    fraction = PTZ_WIDEST_FRACTION / (1.0 + (PTZ_MAX_ZOOM_FACTOR - 1.0) * zoom)
    window_w = width * fraction
    window_h = height * fraction
    center_x = width / 2 + pan * (width - window_w) / 2
    center_y = height / 2 - tilt * (height - window_h) / 2

    def even(value: float) -> int:
        return max(0, int(value) // 2 * 2)

    left = even(center_x - window_w / 2)
    top = even(center_y - window_h / 2)
    right = even(width - (left + window_w))
    bottom = even(height - (top + window_h))
    return left, right, top, bottom


def split_access_units(data: bytes) -> list[tuple[int, int]]:
    """(start, end) ranges of access units, each starting with an AUD NAL (type 9)."""
    starts: list[int] = []
    position = data.find(b"\x00\x00\x01\x09")
    while position >= 0:
        starts.append(position - 1 if position > 0 and data[position - 1] == 0 else position)
        position = data.find(b"\x00\x00\x01\x09", position + 4)
    if not starts:
        return [(0, len(data))] if data else []
    starts[0] = 0
    return list(zip(starts, starts[1:] + [len(data)]))


class _Output:
    """Serialises JSON lines to the parent; several threads report."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def send(self, **message: Any) -> None:
        with self._lock:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()


def main() -> int:
    import gi

    # The sibling module is imported by path: this script runs outside the application.
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import clock_strip

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer

    # The parent owns this process: Ctrl-C in a terminal must not kill it with a traceback;
    # it quits on the "quit" command or when its stdin closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Gst.init(None)
    output = _Output()
    config_line = sys.stdin.readline()
    if not config_line:
        return 0
    config = json.loads(config_line)
    host = config.get("host", "127.0.0.1")
    loop = GLib.MainLoop()
    server = GstRtspServer.RTSPServer()
    server.set_address(host)
    server.set_service(str(config.get("port", 0)))
    # The default pool runs every RTSP client on one shared thread, and a DESCRIBE blocks
    # that thread until its media has prerolled. A stalled camera's media never prerolls
    # (its feeder sends nothing), so one new session on it froze the session set-up of every
    # other camera until gst-rtsp-server gave up (about 20 s). A pool of 16 keeps cameras
    # independent (a stalled session holds one thread, the others go on); one thread per
    # client did too, but made a sweep of 100 cameras twice as slow (bench/cameras.py:
    # 14 s instead of 7.7 s) with dozens of threads fighting for this process's lock.
    server.get_thread_pool().set_max_threads(16)
    mounts = server.get_mount_points()

    frames_cache: dict[str, tuple[bytes, list[tuple[int, int]]]] = {}

    def frames_of(path: str) -> tuple[bytes, list[tuple[int, int]]]:
        if path not in frames_cache:
            with open(path, "rb") as handle:
                data = handle.read()
            frames_cache[path] = (data, split_access_units(data))
        return frames_cache[path]

    class Mount:
        """One RTSP path; owns the feeders of the media currently built for it."""

        def __init__(self, camera: dict[str, Any], stream: str) -> None:
            self.camera_index = int(camera["index"])
            self.path = f"/cam{self.camera_index}/{stream}"
            spec = camera[stream]
            self.width, self.height = int(spec["width"]), int(spec["height"])
            self.fps = int(camera.get("fps", 25))
            self.ptz = bool(camera.get("ptz", False))
            # A PTZ crop would cut the strip away: clock cameras keep a fixed view.
            self.burn_clock = bool(camera.get("burn_clock", False)) and not self.ptz
            self.data, self.units = frames_of(spec["file"])
            self.stalled = threading.Event()
            self.dropped = False
            self.crops: list[Any] = []
            self.pose = (0.0, 0.0, 0.0)
            self.factory = GstRtspServer.RTSPMediaFactory()
            self.factory.set_shared(True)
            self.factory.set_launch(self._launch())
            self.factory.connect("media-configure", self._on_factory_media_configure)
            mounts.add_factory(self.path, self.factory)

        def _launch(self) -> str:
            source = ("appsrc name=src is-live=true format=time do-timestamp=false "
                      "caps=video/x-h264,stream-format=byte-stream,alignment=au")
            payloader = "rtph264pay config-interval=1 pt=96 name=pay0"
            encoder = (f"x264enc tune=zerolatency speed-preset=ultrafast "
                       f"key-int-max={self.fps} bframes=0 ! video/x-h264,profile=main")
            if self.burn_clock:
                raw = (f"appsrc name=src is-live=true format=time do-timestamp=false "
                       f"caps=video/x-raw,format=I420,width={self.width},"
                       f"height={self.height},framerate={self.fps}/1")
                return f"( {raw} ! {encoder} ! h264parse ! {payloader} )"
            if not self.ptz:
                return f"( {source} ! h264parse ! {payloader} )"
            left, right, top, bottom = ptz_crop(self.width, self.height, *self.pose)
            return (
                f"( {source} ! h264parse ! avdec_h264 ! videoconvert ! "
                f"videocrop name=crop left={left} right={right} top={top} bottom={bottom} ! "
                f"videoscale ! video/x-raw,width={self.width},height={self.height} ! "
                f"{encoder} ! h264parse ! {payloader} )"
            )

        def _on_factory_media_configure(self, _factory: Any, media: Any) -> None:
            element = media.get_element()
            appsrc = element.get_by_name("src")
            stop = threading.Event()
            crop = element.get_by_name("crop") if self.ptz else None
            if crop is not None:
                self.crops.append(crop)
                self.apply_pose()
            feeder = threading.Thread(target=self._feed, args=(element, appsrc, stop),
                                      name=f"feed{self.path}", daemon=True)

            def on_unprepared(_media: Any) -> None:
                stop.set()
                if crop is not None and crop in self.crops:
                    self.crops.remove(crop)

            media.connect("unprepared", on_unprepared)
            feeder.start()

        def _feed(self, element: Any, appsrc: Any, stop: threading.Event) -> None:
            decoder = ClockPainter(self) if self.burn_clock else None
            try:
                self._feed_frames(element, appsrc, stop, decoder)
            finally:
                if decoder is not None:
                    decoder.close()

        def _feed_frames(self, element: Any, appsrc: Any, stop: threading.Event,
                         painter: ClockPainter | None) -> None:
            """Push frames at real-time pace with monotonically rewritten timestamps."""
            duration = Gst.SECOND // self.fps
            count = len(self.units)
            number = 0
            base_pts: int | None = None
            started = time.monotonic()
            while not stop.is_set():
                if self.stalled.is_set():
                    # Stall: the session stays, frames stop; resume at the current clock.
                    stop.wait(0.05)
                    base_pts, number = None, 0
                    started = time.monotonic()
                    continue
                if base_pts is None:
                    clock = element.get_clock()
                    base_pts = 0
                    if clock is not None:
                        base_pts = max(0, clock.get_time() - element.get_base_time())
                start, end = self.units[number % count]
                access_unit = self.data[start:end]
                if painter is None:
                    buffer = Gst.Buffer.new_wrapped(access_unit)
                else:
                    buffer = painter.frame(access_unit, number * duration)
                    if buffer is None:  # the decoder wants more input first
                        number += 1
                        continue
                buffer.pts = base_pts + number * duration
                buffer.dts = buffer.pts
                buffer.duration = duration
                if appsrc.emit("push-buffer", buffer) != Gst.FlowReturn.OK:
                    break
                number += 1
                delay = started + number / self.fps - time.monotonic()
                if delay > 0:
                    stop.wait(delay)

        def apply_pose(self) -> None:
            left, right, top, bottom = ptz_crop(self.width, self.height, *self.pose)
            for crop in self.crops:
                crop.set_property("left", left)
                crop.set_property("right", right)
                crop.set_property("top", top)
                crop.set_property("bottom", bottom)

        def drop(self) -> None:
            if not self.dropped:
                self.dropped = True
                mounts.remove_factory(self.path)
                close_clients_of(self.path)

        def restore(self) -> None:
            self.stalled.clear()
            if self.dropped:
                self.dropped = False
                mounts.add_factory(self.path, self.factory)

    class ClockPainter:
        """Decodes the looped access units one by one and paints the clock strip on them."""

        def __init__(self, mount: Mount) -> None:
            self.width, self.height = mount.width, mount.height
            # One decoder thread: frame threading would hold frames back and add latency.
            self.pipeline = Gst.parse_launch(
                "appsrc name=units format=time caps=video/x-h264,stream-format=byte-stream,"
                "alignment=au ! h264parse ! avdec_h264 max-threads=1 ! videoconvert ! "
                f"video/x-raw,format=I420,width={self.width},height={self.height} ! "
                "appsink name=frames sync=false max-buffers=4")
            self.units = self.pipeline.get_by_name("units")
            self.frames = self.pipeline.get_by_name("frames")
            self.pipeline.set_state(Gst.State.PLAYING)

        def frame(self, access_unit: bytes, pts: int) -> Any:
            buffer = Gst.Buffer.new_wrapped(access_unit)
            buffer.pts = buffer.dts = pts
            if self.units.emit("push-buffer", buffer) != Gst.FlowReturn.OK:
                return None
            sample = self.frames.emit("try-pull-sample", Gst.SECOND // 2)
            if sample is None:
                return None
            decoded = sample.get_buffer()
            picture = bytearray(decoded.extract_dup(0, decoded.get_size()))
            # Stamped as late as possible: the moment the frame goes to the encoder, as a
            # camera's clock overlay is stamped at capture.
            clock_strip.paint_i420(picture, self.width, self.height, clock_strip.now_ms())
            return Gst.Buffer.new_wrapped(bytes(picture))

        def close(self) -> None:
            self.pipeline.set_state(Gst.State.NULL)

    def close_clients_of(path: str) -> None:
        def session_uses_path(session: Any) -> bool:
            found = []

            def check_media(_session: Any, session_media: Any) -> Any:
                matched, _length = session_media.matches(path)
                if matched:
                    found.append(True)
                return GstRtspServer.RTSPFilterResult.KEEP

            session.filter(check_media)
            return bool(found)

        def client_filter(_server: Any, client: Any) -> Any:
            hits = []

            def session_filter(_client: Any, session: Any) -> Any:
                if session_uses_path(session):
                    hits.append(True)
                return GstRtspServer.RTSPFilterResult.KEEP

            client.session_filter(session_filter)
            if hits:
                return GstRtspServer.RTSPFilterResult.REMOVE
            return GstRtspServer.RTSPFilterResult.KEEP

        server.client_filter(client_filter)

    mount_table: dict[tuple[int, str], Mount] = {}
    for camera in config["cameras"]:
        for stream in STREAMS:
            mount = Mount(camera, stream)
            mount_table[(mount.camera_index, stream)] = mount

    def handle(command: dict[str, Any]) -> bool:
        """Runs in the main loop; False removes the idle source."""
        ident = command.get("id")
        try:
            kind = command.get("cmd")
            if kind == "quit":
                loop.quit()
            elif kind == "fault":
                camera = int(command["camera"])
                streams = [command["stream"]] if command.get("stream") else list(STREAMS)
                for stream in streams:
                    mount = mount_table[(camera, stream)]
                    fault = command["fault"]
                    if fault == "drop":
                        mount.drop()
                    elif fault == "stall":
                        mount.stalled.set()
                    elif fault == "restore":
                        mount.restore()
                    else:
                        raise ValueError(f"unknown fault {fault!r}")
            elif kind == "ptz":
                camera = int(command["camera"])
                for stream in STREAMS:
                    mount = mount_table[(camera, stream)]
                    mount.pose = (float(command["pan"]), float(command["tilt"]),
                                  float(command["zoom"]))
                    mount.apply_pose()
            else:
                raise ValueError(f"unknown command {kind!r}")
            output.send(event="ack", id=ident)
        except (KeyError, ValueError, TypeError) as exc:
            output.send(event="error", id=ident, message=f"{type(exc).__name__}: {exc}")
        return False

    def read_commands() -> None:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                command = json.loads(line)
            except json.JSONDecodeError:
                output.send(event="error", id=None, message="not JSON")
                continue
            GLib.idle_add(handle, command)
        GLib.idle_add(handle, {"cmd": "quit", "id": None})

    if server.attach(None) == 0:
        output.send(event="error", id=None, message=f"cannot listen on {host}")
        return 1
    # Clean up timed-out sessions, as the gst-rtsp-server examples do.
    GLib.timeout_add_seconds(2, lambda: (server.get_session_pool().cleanup(), True)[1])
    output.send(event="ready", port=server.get_bound_port())
    threading.Thread(target=read_commands, name="commands", daemon=True).start()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
