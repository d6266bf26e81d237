"""Bookmarks beside the players: add one at the playhead (note and tags), list and search by
text, tag and source; double-click jumps there. Database calls run on the window's worker."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.recording.bookmarks import BookmarkQuery, BookmarkService
from app.recording.dto import BookmarkDTO, SourceRef
from app.recording.export import VIETNAM_TIME
from app.security.permissions import Principal
from ui.dashboards.background import BackgroundRunner


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.replace(";", ",").split(",") if t.strip())


class BookmarkPanel(QWidget):
    jump_requested = Signal(object, object)  # datetime, SourceRef
    bookmarks_changed = Signal()
    problem = Signal(str)

    def __init__(self, service: BookmarkService, runner: BackgroundRunner,
                 principal: Callable[[], Principal | None],
                 here: Callable[[], tuple[SourceRef, datetime] | None],
                 parent: QWidget | None = None, *, display_tz: tzinfo = VIETNAM_TIME) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._principal = principal
        self._here = here
        self._tz = display_tz
        self._names: dict[SourceRef, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel(self.tr("<b>Bookmarks</b>")))
        form = QFormLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What happens here"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("tags, separated by commas"))
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Tags"), self.tags)
        layout.addLayout(form)
        self.add_button = QPushButton(self.tr("Add bookmark at the playhead"))
        self.add_button.clicked.connect(self.add_at_playhead)
        layout.addWidget(self.add_button)
        search = QHBoxLayout()
        self.search_text = QLineEdit()
        self.search_text.setPlaceholderText(self.tr("Search notes"))
        self.search_tag = QLineEdit()
        self.search_tag.setPlaceholderText(self.tr("Tag"))
        self.search_source = QComboBox()
        self.search_source.addItem(self.tr("All cameras"), None)
        for widget in (self.search_text, self.search_tag):
            widget.returnPressed.connect(self.search)
        self.search_source.currentIndexChanged.connect(lambda _i: self.search())
        search.addWidget(self.search_text, 2)
        search.addWidget(self.search_tag, 1)
        layout.addLayout(search)
        layout.addWidget(self.search_source)
        self.results = QListWidget()
        self.results.itemDoubleClicked.connect(self._on_results_double_clicked)
        layout.addWidget(self.results, 1)

    def set_sources(self, sources: Sequence[tuple[SourceRef, str]]) -> None:
        self._names = dict(sources)
        current = self.search_source.currentData()
        self.search_source.blockSignals(True)
        self.search_source.clear()
        self.search_source.addItem(self.tr("All cameras"), None)
        for source, name in sources:
            self.search_source.addItem(name, source)
            if source == current:
                self.search_source.setCurrentIndex(self.search_source.count() - 1)
        self.search_source.blockSignals(False)

    def filter_by_source(self, source: SourceRef | None) -> None:
        """Show only `source`'s bookmarks (None: every source)."""
        for index in range(self.search_source.count()):
            if self.search_source.itemData(index) == source:
                self.search_source.setCurrentIndex(index)
                return

    def add_at_playhead(self) -> None:
        here = self._here()
        if here is None:
            self.problem.emit(self.tr("Choose a camera and a moment on the timeline first."))
            return
        source, when = here
        note, tags = self.note.text(), split_tags(self.tags.text())
        self._runner.run(_add, self._service, self._principal(), source, when, note, tags,
                         on_done=self._on_added, on_failed=self._on_failed)

    def search(self) -> None:
        source = self.search_source.currentData()
        query = BookmarkQuery(text=self.search_text.text(), tags=split_tags(self.search_tag.text()),
                              sources=(source,) if source is not None else ())
        self._runner.run(self._service.search, query, on_done=self._on_found,
                         on_failed=self._on_failed)

    def _on_added(self, _dto: BookmarkDTO) -> None:
        self.note.clear()
        self.tags.clear()
        self.bookmarks_changed.emit()
        self.search()

    def _on_found(self, found: list[BookmarkDTO]) -> None:
        self.results.clear()
        for bookmark in found:
            when = bookmark.time.astimezone(self._tz).strftime("%d/%m/%Y %H:%M:%S")
            name = self._names.get(bookmark.source, bookmark.source.label)
            text = f"{when} · {name}\n{bookmark.note}"
            if bookmark.tags:
                text += "  [" + ", ".join(bookmark.tags) + "]"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, bookmark)
            self.results.addItem(item)

    def _on_results_double_clicked(self, item: QListWidgetItem) -> None:
        bookmark: BookmarkDTO = item.data(Qt.ItemDataRole.UserRole)
        self.jump_requested.emit(bookmark.time, bookmark.source)

    def _on_failed(self, exc: BaseException) -> None:
        self.problem.emit(str(exc))


def _add(service: BookmarkService, actor: Principal | None, source: SourceRef, when: datetime,
         note: str, tags: tuple[str, ...]) -> BookmarkDTO:
    return service.add(actor, source, when, note=note, tags=tags)
