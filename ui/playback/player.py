"""One source's player: libvlc plays, OpenCV stills show exact paused frames.

Playing: the segment that holds the wanted moment is opened in libvlc at its offset
(`TilePlayer.play_file`, a precise start) and its end is followed by the next segment (the
switch costs one file open, ≈ tens of ms). Speeds 1/8× … 16× are libvlc rates.

Paused, scrubbing and frame steps: libvlc 3 does not draw after a seek while paused, so the
view switches to a still frame decoded exactly (see stills.py). Stepping back is therefore as
exact as stepping forward: both decode frame n±1 of the file. On resume, libvlc reopens the
file at the still's exact time, and the still stays on top until libvlc has drawn.

How exact playing is: libvlc 3's MPEG-TS demuxer seeks by PCR, so playback starts at the
first key frame after the wanted moment (up to one GOP later, ≈1 s for our cameras), shown
at once and held until libvlc's clock reaches it. Pausing and frame steps are exact (stills).
The position while playing follows libvlc's time, interpolated between its updates (libvlc
3 updates it about four times a second) and corrected for the MPEG-TS mux delay: ffmpeg's
mpegts muxer (the hub and the recorder use it) stamps pictures 0.7 s after the PCR that
libvlc's time follows. libvlc is only called from the GUI thread (events are drained on
`tick`), never from its callbacks.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QStackedLayout, QWidget

from app.recording.dto import PlaybackPosition, SourceRef
from app.recording.timeline import PlaybackCatalog
from app.video.engine import TilePlayer, VlcEngine
from ui.playback.stills import (
    DEFAULT_FPS,
    StillFrame,
    StillFrameDecoder,
    StillFrameLoader,
)

log = logging.getLogger(__name__)

SPEEDS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
TS_MUX_DELAY_S = 0.7  # ffmpeg's mpegts default -muxdelay: PTS = PCR + 0.7 s
RUN_GAP_S = 0.2  # segments this close continue one recording (one clock): joined
RUN_SEGMENTS = 240
RUN_START_SLACK_S = 0.2  # a start this close to a file's beginning needs no seek
RUN_WINDOW = timedelta(hours=4)
SWITCH_TOLERANCE_S = 1.5  # a next segment starting within this is played on without a gap


class PlayerView(QWidget):
    """A native surface for libvlc and a still-frame label, stacked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(160, 120)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.surface = QFrame(self)
        self.surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.surface.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.surface.setAutoFillBackground(True)
        self.still = QLabel(self)
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still.setAutoFillBackground(True)
        for widget in (self.surface, self.still):
            palette = widget.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor("black"))
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#cccccc"))
            widget.setPalette(palette)
        self._stack.addWidget(self.surface)
        self._stack.addWidget(self.still)
        self._pixmap: QPixmap | None = None

    def show_video(self) -> None:
        self._stack.setCurrentWidget(self.surface)

    def show_still(self, frame: StillFrame) -> None:
        self._pixmap = QPixmap.fromImage(frame.image)
        self.still.setText("")
        self._fit()
        self._stack.setCurrentWidget(self.still)

    def show_message(self, text: str) -> None:
        self._pixmap = None
        self.still.setPixmap(QPixmap())
        self.still.setText(text)
        self._stack.setCurrentWidget(self.still)

    @property
    def showing_video(self) -> bool:
        return self._stack.currentWidget() is self.surface

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is not None:
            self.still.setPixmap(self._pixmap.scaled(
                self.still.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))


class PlaybackController(QObject):
    """Plays one `SourceRef` on true time. Call `tick()` 25–50 times a second."""

    state_changed = Signal(str)  # "idle", "playing", "paused", "no_footage"
    still_shown = Signal(object)  # StillFrame, once a paused frame is on screen

    def __init__(self, engine: VlcEngine, catalog: PlaybackCatalog, view: PlayerView,
                 decoder: StillFrameDecoder, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._engine_player: TilePlayer = engine.create_player()
        self._catalog = catalog
        self.view = view
        self._decoder = decoder
        self._loader = StillFrameLoader(decoder, self)
        self._loader.ready.connect(self._on_loader_ready)
        self._clock = clock
        self._attached = False
        self.source: SourceRef | None = None
        self._file: PlaybackPosition | None = None
        self._fps = DEFAULT_FPS
        self._state = "idle"
        self._rate = 1.0
        self._paused_at: datetime | None = None
        self._vlc_ms: int | None = None  # libvlc's last new time, and when it was seen
        self._vlc_mono = 0.0
        self._lead_s = 0.0
        self._last_shown: datetime | None = None
        self._await_picture_ms: int | None = None  # libvlc time that means "it has drawn"
        self._token = 0
        self._bridge_token = -1
        self.last_still: StillFrame | None = None

    # ----- state -------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def frame_interval(self) -> timedelta:
        return timedelta(seconds=1.0 / self._fps)

    @property
    def player(self) -> TilePlayer:
        return self._engine_player

    def position(self) -> datetime | None:
        """The moment on screen: exact when paused, libvlc's interpolated time when playing."""
        if self._state == "playing" and self._file is not None:
            if self._vlc_ms is None:
                return self._paused_at  # not started yet: the key frame is coming
            elapsed = max(0.0, self._clock() - self._vlc_mono) * self._rate
            shown = self._file.file_start + timedelta(
                seconds=self._vlc_ms / 1000 + elapsed - self._lead_s)
            start = self._paused_at or shown
            self._last_shown = max(shown, start, self._last_shown or start)
            return self._last_shown
        return self._paused_at

    @property
    def clock_running(self) -> bool:
        """Playing and libvlc's time has moved at least once (the position follows it)."""
        return self._state == "playing" and self._vlc_ms is not None

    # ----- commands ----------------------------------------------------------------------
    def set_source(self, source: SourceRef | None) -> None:
        self._stop_libvlc()
        self.source, self._file = source, None
        self._paused_at = None
        self._set_state("idle")
        self.view.show_message("")

    def open_at(self, when: datetime, play: bool = False) -> bool:
        """Show `when` (paused) or play from it; False when the source has no footage there."""
        self._paused_at = when
        if play:
            if not self._play_from(when):
                return False
            # libvlc needs ≈0.5–1 s to show a picture (start-up plus the mux delay): show the
            # exact frame meanwhile, as a still.
            self.last_still = None
            self._bridge(when)
            return True
        return self._show_still(when)

    def _bridge(self, when: datetime) -> None:
        found = self._catalog.resolve(self.source, when) if self.source else None
        if found is not None:
            self._token += 1
            self._bridge_token = self._token
            self._loader.request(self._token, found.path, found.offset_s)

    def seek(self, when: datetime) -> bool:
        return self.open_at(when, play=self._state == "playing")

    def scrub(self, when: datetime) -> None:
        """While the user drags: pause and show the frame at `when` (coalesced)."""
        if self._state == "playing":
            self._stop_libvlc()
        self._paused_at = when
        self._show_still(when)

    def play(self) -> bool:
        if self._state == "playing":
            return True
        start = self._paused_at
        if start is None:
            return False
        return self._play_from(start)

    def pause(self) -> None:
        if self._state != "playing":
            return
        when = self.position()
        self._stop_libvlc()
        self._paused_at = when
        if when is not None:
            self._show_still(when)

    def toggle(self) -> None:
        if self._state == "playing":
            self.pause()
        else:
            self.play()

    def set_speed(self, rate: float) -> None:
        if rate not in SPEEDS:
            raise ValueError(f"unsupported speed {rate}")
        if self._state == "playing":
            self._sample_libvlc()
            self._engine_player.set_rate(rate)
        self._rate = rate

    def nudge_rate(self, factor: float) -> None:
        """A follower catching up: play slightly faster or slower than the set speed."""
        if self._state == "playing":
            self._engine_player.set_rate(self._rate * factor)

    def step(self, frames: int) -> None:
        """Frame step forward (+1) or back (-1): pause and show that exact frame."""
        if self._state == "playing":
            self.pause()
        base = self._paused_at
        if base is None:
            return
        if self.last_still is not None and self._file is not None:
            # Count from the frame on screen, not from a time between two frames.
            base = self._file.file_start + timedelta(seconds=self.last_still.offset_s)
        target = base + frames * self.frame_interval + timedelta(milliseconds=1)
        self._paused_at = target
        self._show_still(target)

    def tick(self) -> None:
        """Drain libvlc's events and follow a segment's end into the next one."""
        events = self._engine_player.poll_events()
        if self._state != "playing":
            return
        kinds = {e.kind for e in events}
        if self._await_picture_ms is not None and \
                self._engine_player.get_time() >= self._await_picture_ms:
            self._await_picture_ms = None
            self.view.show_video()
        if "ended" in kinds or "error" in kinds:
            self._continue_after_file("error" in kinds)
            return
        self._sample_libvlc()

    def _sample_libvlc(self) -> None:
        """Re-anchor on libvlc's time when it has moved (it jumps a few times a second)."""
        ms = self._engine_player.get_time()
        if ms > 0 and ms != self._vlc_ms:
            self._vlc_ms, self._vlc_mono = ms, self._clock()

    def shutdown(self) -> None:
        self._loader.shutdown()
        self._engine_player.release()

    # ----- internals ---------------------------------------------------------------------
    def _play_from(self, when: datetime) -> bool:
        if self.source is None:
            return False
        found = self._catalog.resolve(self.source, when)
        if found is None:
            self._stop_libvlc()
            self._paused_at = when
            self._set_state("no_footage")
            self.view.show_message(self.tr("No recording at this time"))
            return False
        paths, found = self._run_from(found)
        self._file = found
        if not self._attached:
            self._engine_player.attach(int(self.view.surface.winId()))
            self._attached = True
        self._engine_player.play_files(paths, found.offset_s)
        if self._rate != 1.0:
            self._engine_player.set_rate(self._rate)
        self._paused_at = when
        self._vlc_ms, self._last_shown = None, None
        self._lead_s = TS_MUX_DELAY_S if found.path.lower().endswith(".ts") else 0.0
        # The still (if any) stays until libvlc's clock has reached the start's picture.
        self._await_picture_ms = int((found.offset_s + self._lead_s) * 1000) + 1
        if not self.view.showing_video and self.last_still is None:
            self.view.show_video()
        self._set_state("playing")
        return True

    def _run_from(self, found: PlaybackPosition) -> tuple[list[str], PlaybackPosition]:
        """The segments that continue `found`'s file without a break, played as one stream
        (see ConcatenatedFiles); the position is returned relative to the run's start.

        libvlc cannot seek by time in a stream it reads through callbacks (its TS demuxer
        needs a fast-seekable input), so a start inside a file plays that file alone (one
        file open at its offset) and the joined run begins with the next file, at its start.
        """
        if self.source is None or found.recording_id is None or found.file_end is None \
                or found.offset_s > RUN_START_SLACK_S:
            return [found.path], found
        paths, end = [found.path], found.file_end
        later = self._catalog.segments(self.source, found.file_end,
                                       found.file_end + RUN_WINDOW)
        for segment in later:
            if segment.start_at < end:
                continue  # the segment found itself, or an overlap
            if segment.end_at is None or (segment.start_at - end).total_seconds() > RUN_GAP_S \
                    or len(paths) >= RUN_SEGMENTS:
                break
            paths.append(segment.path)
            end = segment.end_at
        return paths, PlaybackPosition(found.source, found.path, found.offset_s,
                                       found.file_start, end, found.recording_id)

    def _continue_after_file(self, failed: bool) -> None:
        current = self._file
        if current is None or self.source is None:
            return
        end = current.file_end or self.position() or current.file_start
        following = self._catalog.next_recorded(self.source, end)
        if failed:
            log.warning("libvlc could not play %s", current.path)
        if following is None:
            self._stop_libvlc()
            self._paused_at = end
            self._set_state("no_footage")
            self.view.show_message(self.tr("End of the recordings"))
            return
        gap = (following - end).total_seconds()
        resume = following if gap > SWITCH_TOLERANCE_S else max(following, end)
        self.last_still = None
        if self._play_from(resume):
            # libvlc shows black from the stop until the next file's first picture (its
            # start-up plus the mux delay): show that first picture as a still meanwhile.
            self._bridge(resume)

    def _show_still(self, when: datetime) -> bool:
        if self.source is None:
            return False
        found = self._catalog.resolve(self.source, when)
        if self._state == "playing":
            self._stop_libvlc()
        if found is None:
            self._file = None
            self.last_still = None
            self._set_state("no_footage")
            self.view.show_message(self.tr("No recording at this time"))
            return False
        self._file = found
        self._token += 1
        self._loader.request(self._token, found.path, found.offset_s)
        self._set_state("paused")
        return True

    def _on_loader_ready(self, token: int, frame: object) -> None:
        bridging = token == self._bridge_token and self._await_picture_ms is not None
        if token != self._token or (self._state != "paused" and not bridging):
            return  # an older request, or playing again meanwhile
        if not isinstance(frame, StillFrame):
            self.view.show_message(self.tr("This frame cannot be decoded"))
            return
        self._fps = frame.fps
        self.last_still = frame
        self.view.show_still(frame)
        if not bridging:
            self.still_shown.emit(frame)

    def _stop_libvlc(self) -> None:
        self._engine_player.stop()
        self._vlc_ms = None
        self._await_picture_ms = None

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
