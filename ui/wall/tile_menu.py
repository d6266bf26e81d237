"""The right-click menu of a wall tile: snapshot, PTZ, sound, playback, instant replay, tours.

`TileActions` listens to WallView.tile_menu_requested and builds the menu for that tile from
what is true now: an action that cannot be used stays visible but disabled, with a tooltip
saying why (no camera, no right, no sound track, no recording). Slow work (saving a snapshot,
ONVIF calls) runs off the GUI thread; its outcome comes back as a `notice`.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.review.snapshots import SnapshotRecord, SnapshotService
from app.security.permissions import Permission, PermissionDenied, Principal, has_permission
from app.storage.errors import StorageError
from app.storage.types import utc_now
from app.video.snapshot import SnapshotError, grab_from_player, grab_from_stream
from app.wall.ptz import PtzControl
from app.wall.tours import Tour, TourState
from ui.wall.future_pool import WatcherPool
from ui.wall.ptz_pad import PtzPad
from ui.wall.tour_controller import TourController

log = logging.getLogger(__name__)

DEFAULT_REPLAY_SECONDS = 30
RecordingCheck = Callable[[int, datetime, datetime], bool]


class WallLike(Protocol):
    """The part of ui.wall.wall_view.WallView the menu uses."""

    tile_menu_requested: SignalInstance  # (tile index, global position)

    def camera_at(self, index: int) -> Any: ...

    def tile_at(self, index: int) -> QWidget | None: ...


class TileActions(QObject):
    playback_requested = Signal(int, object)  # camera id, moment (aware UTC datetime)
    replay_requested = Signal(int, object, object)  # camera id, start, end (aware UTC)
    edit_tours_requested = Signal()
    snapshot_saved = Signal(object)  # SnapshotRecord
    notice = Signal(str)  # a sentence for the operator (status bar / notice bar)
    analysis_requested = Signal(int)  # camera id: switch live analysis on or off

    def __init__(self, wall: WallLike, *, principal: Callable[[], Principal | None],
                 snapshots: SnapshotService | None = None,
                 stream_url_for: Callable[[str], str] | None = None,
                 audio_enabled: bool = False,
                 tours: TourController | None = None,
                 list_tours: Callable[[], Sequence[Tour]] = tuple,
                 recording_available: RecordingCheck | None = None,
                 replay_seconds: int = DEFAULT_REPLAY_SECONDS,
                 ptz_control_for: Callable[[Any], PtzControl | None] | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self._principal = principal
        # Set by the workstation when analytics is present: is a camera analysed now?
        self.is_analysed: Callable[[int], bool] | None = None
        self._snapshots = snapshots
        self._stream_url_for = stream_url_for
        self._audio_enabled = audio_enabled
        self._tours = tours
        self._list_tours = list_tours
        self._recording_available = recording_available
        self.replay_seconds = max(1, int(replay_seconds))
        self._ptz_control_for = ptz_control_for
        self._clock = clock
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot")
        self._watchers = WatcherPool(self)
        self.pads: dict[int, PtzPad] = {}  # camera id -> open pad
        self.last_notice = ""
        self.notice.connect(self._remember_notice)
        wall.tile_menu_requested.connect(self._on_wall_tile_menu_requested)

    # ----- the menu --------------------------------------------------------------------------
    def build_menu(self, tile_index: int, parent: QWidget | None = None) -> QMenu:
        camera = self._wall.camera_at(tile_index)
        menu = QMenu(parent)
        menu.setToolTipsVisible(True)
        menu.setObjectName("tileMenu")
        title = menu.addAction(str(getattr(camera, "name", "")) if camera is not None
                               else self.tr("Tile {number}: no camera").format(number=tile_index + 1))
        title.setEnabled(False)
        menu.addSeparator()
        self._add_snapshot(menu, tile_index, camera)
        self._add_ptz(menu, tile_index, camera)
        self._add_mute(menu, tile_index, camera)
        menu.addSeparator()
        self._add_playback(menu, camera)
        self._add_analysis(menu, camera)
        menu.addSeparator()
        self._add_tours(menu, tile_index)
        return menu

    def _add_analysis(self, menu: QMenu, camera: Any) -> None:
        if self.is_analysed is None:
            return
        action = menu.addAction(self.tr("Analyse this camera"))
        action.setObjectName("analyse")
        action.setCheckable(True)
        if camera is None:
            self._enable(action, self.tr("No camera in this tile."), "")
            return
        camera_id = int(camera.id)
        action.setChecked(self.is_analysed(camera_id))
        why = self._why_not(camera, Permission.MANAGE_CAMERAS)
        self._enable(action, why, self.tr("Detect, count and find violations on this camera; "
                                          "the analysed picture shows in the Analysis panel"))
        action.triggered.connect(lambda: self.analysis_requested.emit(camera_id))

    def _on_wall_tile_menu_requested(self, tile_index: int, global_pos: QPoint) -> None:
        menu = self.build_menu(tile_index, self._wall if isinstance(self._wall, QWidget) else None)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)

    def _add_snapshot(self, menu: QMenu, tile_index: int, camera: Any) -> None:
        action = menu.addAction(self.tr("Take snapshot"))
        action.setObjectName("snapshot")
        why = self._why_not(camera, Permission.SNAPSHOT)
        if why is None and self._snapshots is None:
            why = self.tr("Snapshots are not set up on this workstation.")
        self._enable(action, why, self.tr("Save the picture shown now as evidence"))
        action.triggered.connect(lambda: self.take_snapshot(tile_index))

    def _add_ptz(self, menu: QMenu, tile_index: int, camera: Any) -> None:
        if camera is None or not getattr(camera, "ptz", False):
            return
        action = menu.addAction(self.tr("PTZ control…"))
        action.setObjectName("ptz")
        why = self._why_not(camera, Permission.PTZ_CONTROL)
        if why is None and self._ptz_control_for is None:
            why = self.tr("PTZ control is not set up on this workstation.")
        self._enable(action, why, self.tr("Pan, tilt and zoom this camera"))
        action.triggered.connect(lambda: self.open_ptz_pad(tile_index))

    def _add_mute(self, menu: QMenu, tile_index: int, camera: Any) -> None:
        player = self._player(tile_index)
        muted = bool(player is not None and player.is_muted())
        action = menu.addAction(self.tr("Unmute sound") if muted else self.tr("Mute sound"))
        action.setObjectName("mute")
        if camera is None:
            why: str | None = self.tr("No camera in this tile.")
        elif not self._audio_enabled:
            why = self.tr("Sound is switched off for the wall.")
        elif player is None or not player.has_audio():
            why = self.tr("This stream has no audio track.")
        else:
            why = None
        self._enable(action, why, "")
        action.triggered.connect(lambda: self.toggle_mute(tile_index))

    def _add_playback(self, menu: QMenu, camera: Any) -> None:
        open_action = menu.addAction(self.tr("Open in playback"))
        open_action.setObjectName("playback")
        why = self._why_not(camera, Permission.VIEW_PLAYBACK)
        self._enable(open_action, why, self.tr("Show this camera's recordings from now back"))
        replay = menu.addAction(self.tr("Instant replay (last {seconds} s)").format(seconds=self.replay_seconds))
        replay.setObjectName("replay")
        if why is None:
            why = self._why_no_replay(int(camera.id))
        self._enable(replay, why, self.tr("Play the last {seconds} seconds again").format(seconds=self.replay_seconds))
        if camera is not None:
            camera_id = int(camera.id)
            open_action.triggered.connect(
                lambda: self.playback_requested.emit(camera_id, self._clock()))
            replay.triggered.connect(lambda: self.request_replay(camera_id))

    def _add_tours(self, menu: QMenu, tile_index: int) -> None:
        controller = self._tours
        if controller is None:
            return
        state = controller.state_of(tile_index)
        saved = list(self._list_safely())
        for title, whole, name in ((self.tr("Tour in this tile"), False, "tourTile"),
                                   (self.tr("Tour this layout"), True, "tourLayout")):
            sub = menu.addMenu(title)
            sub.setObjectName(name)
            if not saved:
                empty = sub.addAction(self.tr("No tours saved yet"))
                empty.setEnabled(False)
            for tour in saved:
                item = sub.addAction(self.tr("{name} ({count} cameras, {seconds} s)").format(
                    name=tour.name, count=len(tour.camera_ids), seconds=f"{tour.dwell_s:g}"))
                item.triggered.connect(lambda _=False, t=tour, w=whole: self._start_tour(tile_index, t, w))
        if state is TourState.PAUSED:
            resume = menu.addAction(self.tr("Resume tour"))
            resume.setObjectName("tourResume")
            resume.triggered.connect(lambda: controller.resume(tile_index))
        elif state is TourState.RUNNING:
            pause = menu.addAction(self.tr("Pause tour"))
            pause.setObjectName("tourPause")
            pause.triggered.connect(lambda: controller.pause(tile_index))
        if state is not TourState.STOPPED:
            skip = menu.addAction(self.tr("Next in tour"))
            skip.triggered.connect(lambda: controller.next(tile_index))
            stop = menu.addAction(self.tr("Stop tour"))
            stop.setObjectName("tourStop")
            stop.triggered.connect(lambda: controller.stop(tile_index))
        edit = menu.addAction(self.tr("Edit tours…"))
        edit.setObjectName("tourEdit")
        edit.triggered.connect(self.edit_tours_requested.emit)

    # ----- actions ---------------------------------------------------------------------------
    def take_snapshot(self, tile_index: int) -> Future[SnapshotRecord] | None:
        """Grab the tile's picture and store it as evidence in the background."""
        camera = self._wall.camera_at(tile_index)
        service = self._snapshots
        if camera is None or service is None:
            return None
        name = str(getattr(camera, "name", ""))
        principal = self._principal()
        if not has_permission(principal, Permission.SNAPSHOT, int(camera.id)):
            self.notice.emit(self.tr("You may not take snapshots of {camera}.").format(camera=name))
            return None
        # libvlc is asked on the GUI thread (fast: it copies the picture on screen), so the
        # player cannot be released by a layout change while it works; the rest is slow.
        early = self._grab_on_screen(tile_index)
        stream_key = getattr(self._wall.tile_at(tile_index), "stream_key", None)
        stream_url = (self._stream_url_for(stream_key)
                      if stream_key and self._stream_url_for is not None else None)

        def grab(path: Path) -> str:
            if early is not None:
                shutil.copyfile(early, path)
                return "player"
            if stream_url is None:
                raise SnapshotError("This tile shows no picture to save.")
            grab_from_stream(stream_url, path)
            return "stream"

        def work() -> SnapshotRecord:
            try:
                return service.take(principal, int(camera.id), grab)
            finally:
                if early is not None:
                    shutil.rmtree(early.parent, ignore_errors=True)

        future = self._worker.submit(work)
        self._watchers.watch(future, lambda record: self._on_snapshot_saved(record, name),
                    lambda exc: self.notice.emit(self.tr("Snapshot of {camera} failed: {reason}").format(camera=name, reason=_reason(exc))))
        return future

    def open_ptz_pad(self, tile_index: int) -> PtzPad | None:
        camera = self._wall.camera_at(tile_index)
        if camera is None or self._ptz_control_for is None:
            return None
        camera_id = int(camera.id)
        existing = self.pads.get(camera_id)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            control = self._ptz_control_for(camera)
        except (PermissionDenied, ValueError) as exc:
            self.notice.emit(_reason(exc))
            return None
        if control is None:
            self.notice.emit(self.tr("No user name and password are stored for {camera}; PTZ needs them.").format(camera=camera.name))
            return None
        pad = PtzPad(control, str(camera.name))
        pad.setWindowFlag(Qt.WindowType.Tool)
        pad.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pad.destroyed.connect(lambda _=None, cid=camera_id: self.pads.pop(cid, None))
        self.pads[camera_id] = pad
        pad.show()
        return pad

    def toggle_mute(self, tile_index: int) -> None:
        player = self._player(tile_index)
        if player is not None:
            player.set_muted(not player.is_muted())

    def request_replay(self, camera_id: int) -> None:
        end = self._clock()
        self.replay_requested.emit(camera_id, end - timedelta(seconds=self.replay_seconds), end)

    def shutdown(self, wait: bool = True) -> None:
        """Close the PTZ pads and let a snapshot being saved finish."""
        for pad in list(self.pads.values()):
            pad.shutdown()
            pad.close()
        self.pads.clear()
        self._worker.shutdown(wait=wait)

    # ----- helpers ---------------------------------------------------------------------------
    def _why_not(self, camera: Any, permission: Permission) -> str | None:
        if camera is None:
            return self.tr("No camera in this tile.")
        if not has_permission(self._principal(), permission, int(camera.id)):
            return self.tr("Your role does not allow this on this camera.")
        return None

    def _why_no_replay(self, camera_id: int) -> str | None:
        check = self._recording_available
        if check is None:
            return self.tr("Recording is not set up on this workstation.")
        end = self._clock()
        try:
            available = check(camera_id, end - timedelta(seconds=self.replay_seconds), end)
        except Exception:  # the recording index must not break the menu
            log.exception("recording check failed for camera %d", camera_id)
            available = False
        if not available:
            return self.tr("No recording for this camera in the last {seconds} s").format(seconds=self.replay_seconds)
        return None

    @staticmethod
    def _enable(action: QAction, why_not: str | None, tip: str) -> None:
        action.setEnabled(why_not is None)
        action.setToolTip(why_not if why_not is not None else tip)

    def _player(self, tile_index: int) -> Any:
        # The tile's TilePlayer (None for tiles that paint analytics frames themselves).
        return getattr(self._wall.tile_at(tile_index), "player", None)

    def _grab_on_screen(self, tile_index: int) -> Path | None:
        player = self._player(tile_index)
        if player is None or not hasattr(player, "take_snapshot"):
            return None
        folder = Path(tempfile.mkdtemp(prefix="trucban-snap-"))
        target = folder / "frame.png"
        try:
            grab_from_player(player, target)
        except (SnapshotError, OSError) as exc:
            log.info("libvlc snapshot of tile %d failed (%s); using the stream", tile_index, exc)
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return target

    def _start_tour(self, tile_index: int, tour: Tour, whole_layout: bool) -> None:
        if self._tours is None:
            return
        if whole_layout:
            self._tours.start_layout_tour(tour)
        else:
            self._tours.start_tile_tour(tile_index, tour)

    def _list_safely(self) -> Sequence[Tour]:
        try:
            return self._list_tours()
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not break the menu
            log.warning("tours could not be listed: %s", exc)
            return ()

    def _on_snapshot_saved(self, record: object, camera_name: str) -> None:
        assert isinstance(record, SnapshotRecord)
        self.snapshot_saved.emit(record)
        self.notice.emit(self.tr("Snapshot of {camera} saved as evidence #{number}: {path}").format(
            camera=camera_name, number=record.evidence_id, path=os.fspath(record.path)))

    def _remember_notice(self, text: str) -> None:
        self.last_notice = text


def _reason(exc: object) -> str:
    message = getattr(exc, "user_message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, (SnapshotError, StorageError, ValueError, OSError)):
        return str(exc)
    log.error("tile action failed unexpectedly: %r", exc)
    return QCoreApplication.translate("TileActions", "unexpected error (see the log)")
