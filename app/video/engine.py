"""libvlc playback for the wall: one `vlc.Instance`, one `TilePlayer` per tile.

This is the only module that imports vlc. libvlc decodes and renders straight into a native
window that the UI hands over (`TilePlayer.attach`). libvlc events arrive on libvlc's own
threads; calling libvlc from there deadlocks, so callbacks only put a `PlayerEvent` on a
thread-safe queue that the owner drains (`TilePlayer.poll_events`).
"""
from __future__ import annotations

import ctypes
import logging
import os
import queue
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import vlc

from app.video.urls import redact_url

if TYPE_CHECKING:
    from app.video.hub import StreamHub

log = logging.getLogger(__name__)

PlayerEventKind = Literal["opening", "playing", "buffering", "stopped", "ended", "error"]

_EVENT_KINDS: dict[Any, PlayerEventKind] = {
    vlc.EventType.MediaPlayerOpening: "opening",
    vlc.EventType.MediaPlayerPlaying: "playing",
    vlc.EventType.MediaPlayerStopped: "stopped",
    vlc.EventType.MediaPlayerEndReached: "ended",
    vlc.EventType.MediaPlayerEncounteredError: "error",
}


@dataclass(frozen=True)
class PlayerEvent:
    kind: PlayerEventKind
    at: float  # time.monotonic()


@dataclass(frozen=True)
class PlayerStats:
    decoded: int
    displayed: int
    lost: int
    demux_corrupted: int
    input_bitrate: float  # kbit/s as libvlc reports it (its unit is kB/ms * 8000)


def _loaded_libvlc_dirs() -> list[Path]:
    """Folders holding the libvlc that python-vlc actually loaded."""
    folders: list[Path] = []
    maps = Path("/proc/self/maps")
    if maps.exists():  # Linux: ask the loader where libvlc came from
        try:
            for line in maps.read_text().splitlines():
                path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
                if "/libvlc" in path and ".so" in path:
                    folders.append(Path(path).parent)
        except OSError:
            pass
    dll_name = getattr(getattr(vlc, "dll", None), "_name", None)
    if dll_name and os.path.isabs(dll_name):
        folders.append(Path(dll_name).parent)
    plugin_path = getattr(vlc, "plugin_path", None)
    if plugin_path:
        folders.append(Path(plugin_path))
    return list(dict.fromkeys(folders))


def _plugin_dirs() -> list[Path]:
    candidates: list[Path] = []
    if os.environ.get("VLC_PLUGIN_PATH"):
        candidates += [Path(p) for p in os.environ["VLC_PLUGIN_PATH"].split(os.pathsep) if p]
    for folder in _loaded_libvlc_dirs():
        # Linux: <libdir>/vlc/plugins; Windows: <dir>/plugins; macOS: <lib>/../plugins.
        candidates += [folder / "vlc" / "plugins", folder / "plugins", folder.parent / "plugins"]
        if folder.name == "plugins":
            candidates.append(folder)
    return [c for c in dict.fromkeys(candidates) if c.is_dir()]


def libvlc_supports_rtsp() -> bool:
    """Whether the loaded libvlc has its live555 RTSP module (Debian's has not)."""
    for folder in _plugin_dirs():
        for found in folder.rglob("liblive555_plugin*"):
            log.debug("libvlc RTSP module: %s", found)
            return True
    return False


class ConcatenatedFiles:
    """Byte-adjacent files read as one seekable stream (libvlc's media callbacks).

    Recorded MPEG-TS segments of one unbroken recording continue each other's clock, so
    libvlc plays a run of them as one stream: no stop, no black picture and no start-up wait
    (≈1 s: buffering plus the mux delay) at each segment boundary. The callbacks run on
    libvlc's input thread and only read files; they never call libvlc.
    """

    def __init__(self, paths: Sequence[str | Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self.sizes = [p.stat().st_size for p in self.paths]
        self.total = sum(self.sizes)
        self._index = 0
        self._handle: Any = None
        self._position = 0
        # ctypes callbacks must outlive the media; they are kept here, with the stream.
        self.callbacks = (
            vlc.CallbackDecorators.MediaOpenCb(self._on_open),
            vlc.CallbackDecorators.MediaReadCb(self._on_read),
            vlc.CallbackDecorators.MediaSeekCb(self._on_seek),
            vlc.CallbackDecorators.MediaCloseCb(self._on_close),
        )

    def file_at(self, offset: int) -> tuple[int, int]:
        """(file index, offset in it) of a byte offset of the stream."""
        for index, size in enumerate(self.sizes):
            if offset < size:
                return index, offset
            offset -= size
        return len(self.sizes), 0

    def _on_open(self, _opaque: Any, data: Any, size: Any) -> int:
        # A non-NULL opaque for the other callbacks: ctypes hands a NULL c_void_p to Python
        # as None, and Python 3.11 aborts ("none_dealloc") after many thousands of reads.
        data.contents.value = 1
        size.contents.value = self.total
        return self._seek_to(0)

    def _on_read(self, _opaque: Any, buffer: Any, length: int) -> int:
        try:
            while self._index < len(self.paths):
                if self._handle is None:
                    self._handle = self.paths[self._index].open("rb")
                chunk = self._handle.read(length)
                if chunk:
                    ctypes.memmove(buffer, chunk, len(chunk))
                    self._position += len(chunk)
                    return len(chunk)
                self._handle.close()
                self._handle = None
                self._index += 1
            return 0
        except OSError as exc:
            log.warning("reading %s failed: %s", self.paths[self._index].name, exc)
            return -1

    def _on_seek(self, _opaque: Any, offset: int) -> int:
        return self._seek_to(int(offset))

    def _seek_to(self, offset: int) -> int:
        index, inner = self.file_at(offset)
        try:
            if self._handle is not None and index != self._index:
                self._handle.close()
                self._handle = None
            self._index = index
            if index < len(self.paths):
                if self._handle is None:
                    self._handle = self.paths[index].open("rb")
                self._handle.seek(inner)
            self._position = offset
            return 0
        except OSError as exc:
            log.warning("seeking in %s failed: %s", self.paths[min(index, len(self.paths) - 1)],
                        exc)
            return -1

    def _on_close(self, _opaque: Any) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class VlcEngine:
    def __init__(
        self,
        network_caching_ms: int = 100,  # Settings.network_caching_ms; bench/latency.py
        extra_args: Sequence[str] = (),
        audio: bool = False,
        prefer_direct_rtsp: bool = False,
    ) -> None:
        args = [
            "--quiet",
            "--no-video-title-show",
            "--no-osd",
            "--no-snapshot-preview",
            "--no-spu",
            "--stats",  # media stats feed the tile's fps and stall check
            f"--network-caching={network_caching_ms}",
            f"--live-caching={network_caching_ms}",
            "--clock-jitter=0",
            "--clock-synchro=0",
            "--avcodec-hw=none",  # GPU decode of many small streams fails on most duty-room PCs
        ]
        if sys.platform.startswith("linux"):
            # Qt owns the X connection; libvlc's xcb outputs need no Xlib, and Xlib without
            # XInitThreads crashes when two libraries share it.
            args.append("--no-xlib")
        if not audio:
            args += ["--no-audio", "--aout=dummy"]
        args += list(extra_args)
        self._args = tuple(args)
        self._instance = vlc.Instance(args)
        if self._instance is None:
            raise RuntimeError("libvlc could not start (check the VLC installation)")
        self._supports_rtsp = libvlc_supports_rtsp()
        self._prefer_direct_rtsp = prefer_direct_rtsp
        log.info(
            "libvlc %s ready (RTSP %s)",
            vlc.libvlc_get_version().decode(errors="replace"),
            "built in" if self._supports_rtsp else "through the stream hub",
        )

    @property
    def args(self) -> tuple[str, ...]:
        return self._args

    def supports_rtsp(self) -> bool:
        return self._supports_rtsp

    @property
    def audio_enabled(self) -> bool:
        """False when the engine was started without sound (the wall's default)."""
        return "--no-audio" not in self._args

    def play_url_for(self, key: str, source_url: str, hub: StreamHub) -> str:
        """The URL a tile should play: the camera itself, or the hub's local copy.

        The hub is the default because it pulls a camera once for every consumer; direct RTSP is
        used only when asked for and this libvlc can do it. Non-RTSP sources (files, HTTP) that
        libvlc reads itself are played directly.
        """
        is_rtsp = source_url.lower().startswith(("rtsp://", "rtsps://"))
        if is_rtsp and self._supports_rtsp and self._prefer_direct_rtsp:
            return source_url
        if not is_rtsp and self._prefer_direct_rtsp:
            return source_url
        return hub.register(key, source_url)

    def create_player(self) -> TilePlayer:
        return TilePlayer(self._instance)

    def release(self) -> None:
        if self._instance is not None:
            self._instance.release()
            self._instance = None


class TilePlayer:
    """One libvlc media player rendering into one native window."""

    def __init__(self, instance: vlc.Instance) -> None:
        self._instance = instance
        self._player: vlc.MediaPlayer | None = instance.media_player_new()
        self._events: queue.Queue[PlayerEvent] = queue.Queue(maxsize=256)
        self._media: vlc.Media | None = None
        self._stream: ConcatenatedFiles | None = None  # the joined files libvlc reads now
        # The tile handles clicks and keys; libvlc must not grab them from the native window.
        self._player.video_set_mouse_input(False)
        self._player.video_set_key_input(False)
        manager = self._player.event_manager()
        for event_type in _EVENT_KINDS:
            manager.event_attach(event_type, self._on_vlc_event)

    def _on_vlc_event(self, event: Any) -> None:
        # Runs on a libvlc thread: post a message, never call back into libvlc here.
        kind = _EVENT_KINDS.get(event.type)
        if kind is None:
            return
        try:
            self._events.put_nowait(PlayerEvent(kind, time.monotonic()))
        except queue.Full:
            pass  # nobody is draining; the latest state is still visible through is_playing()

    def poll_events(self) -> list[PlayerEvent]:
        drained: list[PlayerEvent] = []
        while True:
            try:
                drained.append(self._events.get_nowait())
            except queue.Empty:
                return drained

    def attach(self, window_id: int) -> None:
        player = self._require()
        if sys.platform.startswith("linux"):
            player.set_xwindow(int(window_id))
        elif sys.platform == "win32":
            player.set_hwnd(int(window_id))
        elif sys.platform == "darwin":
            player.set_nsobject(int(window_id))
        else:
            raise RuntimeError(f"no libvlc video output for {sys.platform}")

    def play(self, url: str) -> None:
        player = self._require()
        media = self._instance.media_new(url)
        player.set_media(media)
        if self._media is not None:
            self._media.release()
        self._media = media
        if player.play() != 0:
            log.warning("libvlc refused to play %s", redact_url(url))
            self._events.put_nowait(PlayerEvent("error", time.monotonic()))

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def release(self) -> None:
        if self._player is None:
            return
        manager = self._player.event_manager()
        for event_type in _EVENT_KINDS:
            manager.event_detach(event_type)
        self._player.stop()
        self._player.release()
        self._player = None
        if self._media is not None:
            self._media.release()
            self._media = None

    def is_playing(self) -> bool:
        return bool(self._player is not None and self._player.is_playing())

    def stats(self) -> PlayerStats:
        if self._media is None:
            return PlayerStats(0, 0, 0, 0, 0.0)
        raw = vlc.MediaStats()
        if not self._media.get_stats(raw):
            return PlayerStats(0, 0, 0, 0, 0.0)
        return PlayerStats(
            decoded=int(raw.decoded_video),
            displayed=int(raw.displayed_pictures),
            lost=int(raw.lost_pictures),
            demux_corrupted=int(raw.demux_corrupted),
            input_bitrate=float(raw.input_bitrate) * 8000.0,
        )

    def take_snapshot(self, path: Path, width: int = 0, height: int = 0) -> bool:
        """Write the picture shown now to `path` (PNG, the stream's own size when 0×0).

        libvlc waits until the file is written (milliseconds with a picture on screen). Call
        it from the thread that owns the player, so a release cannot race with it, and never
        from a libvlc event callback. False when there is no picture or libvlc failed.
        """
        player = self._player
        if player is None or player.has_vout() <= 0:
            return False
        return bool(player.video_take_snapshot(0, str(path), int(width), int(height)) == 0)

    def has_audio(self) -> bool:
        """Whether the media playing now has a sound track libvlc can play."""
        player = self._player
        # The count includes the "Disable" pseudo-track, so a real track makes it at least 2.
        return bool(player is not None and player.audio_get_track_count() > 1)

    def is_muted(self) -> bool:
        return bool(self._player is not None and self._player.audio_get_mute() == 1)

    def set_muted(self, muted: bool) -> None:
        if self._player is not None:
            self._player.audio_set_mute(bool(muted))

    # ----- playback control (recorded files) ----------------------------------------------
    def play_file(self, path: str | Path, start_s: float = 0.0, file_caching_ms: int = 100) -> None:
        """Play a local recording from `start_s` seconds into it.

        The start is given to libvlc as a media option (one open, no seek after it); libvlc
        3 seeks precisely there (input-fast-seek is off by default). A short file cache keeps
        the picture close to the time libvlc reports.
        """
        player = self._require()
        media = self._instance.media_new_path(str(path))
        media.add_option(f":file-caching={int(file_caching_ms)}")
        if start_s > 0:
            media.add_option(f":start-time={start_s:.3f}")
        player.set_media(media)
        if self._media is not None:
            self._media.release()
        self._media = media
        if player.play() != 0:
            log.warning("libvlc refused to play %s", Path(path).name)
            self._events.put_nowait(PlayerEvent("error", time.monotonic()))

    def play_files(self, paths: Sequence[str | Path], start_s: float = 0.0,
                   file_caching_ms: int = 100) -> None:
        """Play consecutive recorded segments as one stream from `start_s` into the first.

        A single file is opened directly (as `play_file`); several are joined with
        `ConcatenatedFiles`, so libvlc crosses their boundaries without a stop.
        """
        if len(paths) == 1:
            self.play_file(paths[0], start_s, file_caching_ms)
            return
        player = self._require()
        stream = ConcatenatedFiles(paths)
        media = self._instance.media_new_callbacks(*stream.callbacks, ctypes.c_void_p(1))
        media.add_option(f":file-caching={int(file_caching_ms)}")
        # Without a name libvlc probes every demuxer; the files are MPEG-TS.
        media.add_option(":demux=ts")
        if start_s > 0:
            media.add_option(f":start-time={start_s:.3f}")
        player.set_media(media)
        if self._media is not None:
            self._media.release()
        self._media = media
        self._stream = stream
        if player.play() != 0:
            log.warning("libvlc refused to play %d joined segments", len(paths))
            self._events.put_nowait(PlayerEvent("error", time.monotonic()))

    def set_pause(self, paused: bool) -> None:
        if self._player is not None:
            self._player.set_pause(1 if paused else 0)

    def set_rate(self, rate: float) -> bool:
        """Playback speed (1.0 normal); False when libvlc refused it."""
        return bool(self._player is not None and self._player.set_rate(float(rate)) == 0)

    def get_rate(self) -> float:
        return float(self._player.get_rate()) if self._player is not None else 1.0

    def set_time(self, milliseconds: int) -> None:
        """Seek within the open file (libvlc reports no error; watch `get_time`)."""
        if self._player is not None:
            self._player.set_time(int(max(0, milliseconds)))

    def get_time(self) -> int:
        """libvlc's time in the open file, in ms (-1 when nothing is open). libvlc 3 updates
        it about four times a second and it runs ahead of the picture by the file cache."""
        return int(self._player.get_time()) if self._player is not None else -1

    def get_length(self) -> int:
        return int(self._player.get_length()) if self._player is not None else -1

    def next_frame(self) -> None:
        """Advance one frame while paused (libvlc's frame-next)."""
        if self._player is not None:
            self._player.next_frame()

    def _require(self) -> vlc.MediaPlayer:
        if self._player is None:
            raise RuntimeError("player already released")
        return self._player
