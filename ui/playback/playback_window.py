"""The playback window: sources, 1/2/4 synchronized players, the timeline, transport,
bookmarks, and the export and import dialogs."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.recording.bookmarks import BookmarkService
from app.recording.dto import SourceRef
from app.recording.export import VIETNAM_TIME, ExportService
from app.recording.imports import FootageImporter
from app.recording.timeline import PlaybackCatalog
from app.security.permissions import Principal
from app.video.engine import VlcEngine
from ui.dashboards.background import BackgroundRunner
from ui.playback.bookmark_panel import BookmarkPanel
from ui.playback.dialogs import ExportDialog, ImportDialog
from ui.playback.player import SPEEDS, PlaybackController, PlayerView
from ui.playback.stills import StillFrameDecoder
from ui.playback.sync import PlaybackGroup
from ui.playback.timeline import TimelineData, TimelineWidget

log = logging.getLogger(__name__)
MAX_PLAYERS = 4


class CameraNameLike(Protocol):
    id: int
    name: str


def load_timeline(catalog: PlaybackCatalog, sources: Sequence[SourceRef], start: datetime,
                  end: datetime) -> TimelineData:
    """Worker thread: what the timeline shows between start and end."""
    return TimelineData(start, end, tuple(catalog.ranges(sources, start, end)),
                        tuple(catalog.marks(sources, start, end)))


class PlaybackWindow(QMainWindow):
    def __init__(self, engine: VlcEngine, catalog: PlaybackCatalog,
                 bookmarks: BookmarkService, *,
                 cameras: Callable[[], Sequence[CameraNameLike]],
                 principal: Callable[[], Principal | None],
                 exporter: ExportService | None = None,
                 importer: FootageImporter | None = None,
                 export_dir: Path | None = None,
                 display_tz: tzinfo = VIETNAM_TIME,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Playback"))
        self._engine = engine
        self._catalog = catalog
        self._cameras = cameras
        self._principal = principal
        self._exporter = exporter
        self._importer = importer
        self._export_dir = export_dir or Path.home()
        self._tz = display_tz
        self._clock = clock
        self._runner = BackgroundRunner(parent=self, name="playback-db")
        self._decoder = StillFrameDecoder()
        self._names: dict[SourceRef, str] = {}
        self.group = PlaybackGroup(self)
        self.views: list[PlayerView] = []
        self.players: list[PlaybackController] = []
        self.export_dialog: ExportDialog | None = None
        self.import_dialog: ImportDialog | None = None

        self.source_list = QListWidget()
        self.source_list.itemChanged.connect(self._on_source_list_item_changed)
        self.player_grid = QWidget()
        self._grid = QGridLayout(self.player_grid)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self.timeline = TimelineWidget(lambda s, a, b: load_timeline(catalog, s, a, b), self,
                                       display_tz=display_tz, runner=self._runner)
        self.bookmark_panel = BookmarkPanel(bookmarks, self._runner, principal, self._here,
                                            display_tz=display_tz)
        self.message = QLabel("")
        self._build_layout()
        self.timeline.position_requested.connect(self._on_timeline_position_requested)
        self.timeline.scrub_finished.connect(self._on_timeline_scrub_finished)
        self.group.position_changed.connect(self._on_group_position_changed)
        self.bookmark_panel.jump_requested.connect(self._on_bookmark_jump_requested)
        self.bookmark_panel.bookmarks_changed.connect(self.timeline.reload)
        self.bookmark_panel.problem.connect(self.message.setText)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.group.toggle)
        self.refresh_sources()

    # ----- layout ------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(QLabel(self.tr("<b>Sources</b> (up to 4)")))
        box.addWidget(self.source_list, 1)
        import_button = QPushButton(self.tr("Import footage…"))
        import_button.clicked.connect(self.open_import_dialog)
        import_button.setEnabled(self._importer is not None)
        box.addWidget(import_button)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(self.player_grid)
        top.addWidget(self.bookmark_panel)
        top.setStretchFactor(1, 1)
        top.setSizes([200, 800, 260])
        transport = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        style = self.style()
        icons = QStyle.StandardPixmap
        for key, icon, tip, slot in (
                ("prev_mark", icons.SP_MediaSkipBackward, self.tr("Previous mark (Page Up)"),
                 lambda: self.jump_to_mark(False)),
                ("step_back", icons.SP_MediaSeekBackward, self.tr("One frame back"),
                 lambda: self.group.step(-1)),
                ("play", icons.SP_MediaPlay, self.tr("Play / pause (Space)"), self.group.toggle),
                ("step_forward", icons.SP_MediaSeekForward, self.tr("One frame forward"),
                 lambda: self.group.step(1)),
                ("next_mark", icons.SP_MediaSkipForward, self.tr("Next mark (Page Down)"),
                 lambda: self.jump_to_mark(True))):
            button = QPushButton(style.standardIcon(icon), "")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            button.setFixedWidth(44)
            transport.addWidget(button)
            self.buttons[key] = button
        self.speed = QComboBox()
        for rate in SPEEDS:
            label = f"1/{round(1 / rate)}×" if rate < 1 else f"{rate:g}×"
            self.speed.addItem(label, rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip(self.tr("Playback speed"))
        self.speed.currentIndexChanged.connect(
            lambda _i: self.group.set_speed(float(self.speed.currentData())))
        transport.addWidget(self.speed)
        self.time_label = QLabel("—")
        self.time_label.setMinimumWidth(170)
        transport.addWidget(self.time_label)
        transport.addWidget(self.message, 1)
        export_button = QPushButton(self.tr("Export…"))
        export_button.clicked.connect(self.open_export_dialog)
        export_button.setEnabled(self._exporter is not None)
        transport.addWidget(export_button)
        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(4, 0, 4, 4)
        bottom_box.addLayout(transport)
        bottom_box.addWidget(self.timeline, 1)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(bottom)
        outer.setStretchFactor(0, 1)
        outer.setSizes([560, 220])
        self.setCentralWidget(outer)
        self.resize(1280, 820)

    # ----- sources -------------------------------------------------------------------------
    def refresh_sources(self) -> None:
        """Cameras and imported footage (the catalogue read runs on the worker)."""
        self._runner.run(self._catalog.footage_list, on_done=self._on_footage_listed,
                         on_failed=lambda exc: self.message.setText(str(exc)))

    def _on_footage_listed(self, footage: list[Any]) -> None:
        chosen = set(self.chosen_sources())
        entries: list[tuple[SourceRef, str]] = [
            (SourceRef.camera(c.id), c.name) for c in self._cameras()]
        for item in footage:
            label = item.original_name or self.tr("Imported {id}").format(id=item.id)
            entries.append((SourceRef.imported(item.id), "⇪ " + label))
        self._names = dict(entries)
        self.source_list.blockSignals(True)
        self.source_list.clear()
        for source, name in entries:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, source)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if source in chosen
                               else Qt.CheckState.Unchecked)
            self.source_list.addItem(item)
        self.source_list.blockSignals(False)
        self.bookmark_panel.set_sources(entries)

    def chosen_sources(self) -> list[SourceRef]:
        return [p.source for p in self.players if p.source is not None]

    def set_sources(self, sources: Sequence[SourceRef]) -> None:
        """Show these sources (at most 4) in synchronized players at the current time."""
        sources = list(dict.fromkeys(sources))[:MAX_PLAYERS]
        when = self.group.position()
        playing = self.group.playing
        for player in self.players:
            player.shutdown()
        for view in self.views:
            self._grid.removeWidget(view)
            view.deleteLater()
        self.views, self.players = [], []
        columns = 1 if len(sources) <= 1 else 2
        for n, source in enumerate(sources):
            view = PlayerView(self.player_grid)
            self._grid.addWidget(view, n // columns, n % columns)
            player = PlaybackController(self._engine, self._catalog, view, self._decoder, self)
            player.set_source(source)
            self.views.append(view)
            self.players.append(player)
        self.group.set_players(self.players)
        self.source_list.blockSignals(True)
        for row in range(self.source_list.count()):
            item = self.source_list.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in sources
                               else Qt.CheckState.Unchecked)
        self.source_list.blockSignals(False)
        self.timeline.set_sources([(s, self._names.get(s, s.label)) for s in sources])
        if when is not None:
            self.group.seek(when, play=playing)

    def _on_source_list_item_changed(self, _item: QListWidgetItem) -> None:
        checked = []
        for row in range(self.source_list.count()):
            item = self.source_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                checked.append(item.data(Qt.ItemDataRole.UserRole))
        if len(checked) > MAX_PLAYERS:
            self.message.setText(self.tr("At most four sources play together."))
        current = self.chosen_sources()
        ordered = [s for s in current if s in checked] + [s for s in checked if s not in current]
        self.set_sources(ordered[:MAX_PLAYERS])

    # ----- navigation --------------------------------------------------------------------
    def open_at(self, camera_id: int, when: datetime) -> None:
        """Show camera `camera_id` at `when` (from the wall: "open in playback here")."""
        source = SourceRef.camera(camera_id)
        if source not in self._names:
            self._names[source] = next((c.name for c in self._cameras() if c.id == camera_id),
                                       source.label)
        sources = [source] + [s for s in self.chosen_sources() if s != source]
        if self.group.position() is None:
            self.group.seek(when, play=False)
        self.set_sources(sources[:MAX_PLAYERS])
        self.seek(when)
        self.timeline.set_window(when - timedelta(minutes=30), timedelta(hours=1))
        self.show()
        self.raise_()
        self.activateWindow()

    def seek(self, when: datetime, play: bool | None = None) -> None:
        self.group.seek(when, play)
        self.timeline.set_playhead(when)

    def jump_to_mark(self, forward: bool) -> None:
        here = self.group.position()
        if here is None:
            return
        mark = self.timeline.adjacent_mark(here, forward)
        if mark is None:
            self.message.setText(self.tr("No further mark in the loaded range."))
            return
        self.seek(mark.time)
        self.message.setText(mark.label)

    def _here(self) -> tuple[SourceRef, datetime] | None:
        when = self.group.position()
        master = self.group.master()
        if when is None or master is None or master.source is None:
            return None
        return master.source, when

    def _on_timeline_position_requested(self, when: datetime) -> None:
        self.group.scrub(when)

    def _on_timeline_scrub_finished(self, when: datetime) -> None:
        self.group.seek(when, play=False)

    def _on_group_position_changed(self, when: datetime) -> None:
        self.timeline.set_playhead(when)
        self.time_label.setText(when.astimezone(self._tz).strftime("%d/%m/%Y %H:%M:%S.%f")[:-4])
        self.buttons["play"].setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if self.group.playing
            else QStyle.StandardPixmap.SP_MediaPlay))

    def _on_bookmark_jump_requested(self, when: datetime, source: SourceRef) -> None:
        if source not in self.chosen_sources():
            self.set_sources([source] + self.chosen_sources())
        self.seek(when, play=False)

    # ----- dialogs -----------------------------------------------------------------------
    def open_export_dialog(self) -> ExportDialog | None:
        if self._exporter is None:
            return None
        if self.timeline.selection is not None:
            start, end = self.timeline.selection
        else:
            here = self.group.position() or self._clock()
            start, end = here - timedelta(minutes=1), here + timedelta(minutes=1)
        sources = [(s, self._names.get(s, s.label)) for s in self.chosen_sources()]
        self.export_dialog = ExportDialog(self._exporter, self._principal, sources, start, end,
                                          self._export_dir, self, display_tz=self._tz)
        self.export_dialog.show()
        return self.export_dialog

    def open_import_dialog(self) -> ImportDialog | None:
        if self._importer is None:
            return None
        self.import_dialog = ImportDialog(self._importer, self._principal, self,
                                          display_tz=self._tz)
        self.import_dialog.imported.connect(self._on_footage_imported)
        self.import_dialog.show()
        return self.import_dialog

    def _on_footage_imported(self, footage: Any) -> None:
        self.refresh_sources()
        if footage.true_start is not None:
            source = SourceRef.imported(footage.id)
            self._names[source] = "⇪ " + (footage.original_name or str(footage.id))
            self.set_sources([*self.chosen_sources(), source][:MAX_PLAYERS])
            self.timeline.center_on(footage.true_start)

    # ----- shutdown ----------------------------------------------------------------------
    def shutdown(self) -> None:
        self.group.shutdown()
        for player in self.players:
            player.shutdown()
        self.players = []
        self.timeline.shutdown()
        self._runner.shutdown()
        self._decoder.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        for player in self.players:
            player.pause()
        super().closeEvent(event)
