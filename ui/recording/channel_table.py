"""The editable table of cameras and how each is recorded (model + in-place editors)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.recording.admin import MAX_POST_EVENT_S, MAX_PRE_EVENT_S, MAX_SEGMENT_S, ChannelRow
from app.recording.dto import ChannelConfig

CAMERA, SITE, MODE, STREAM, SEGMENT, PRE, POST = range(7)
OFF = "off"
MODES = (OFF, "continuous", "event")
STREAMS = ("main", "sub")
# Column → (minimum, maximum) in seconds.
SECONDS_RANGES = {SEGMENT: (10, MAX_SEGMENT_S), PRE: (0, MAX_PRE_EVENT_S),
                  POST: (0, MAX_POST_EVENT_S)}
_FIELDS = {SEGMENT: "segment_s", PRE: "pre_event_s", POST: "post_event_s"}
_DIM = QColor("#8a8f98")

Index = QModelIndex | QPersistentModelIndex


def mode_of(config: ChannelConfig) -> str:
    return config.mode if config.enabled else OFF


def with_mode(config: ChannelConfig, mode: str) -> ChannelConfig:
    if mode == OFF:
        return replace(config, enabled=False)
    return replace(config, enabled=True, mode=mode)


def mode_text(mode: str) -> str:
    return {
        OFF: QCoreApplication.translate("ChannelTableModel", "Off"),
        "continuous": QCoreApplication.translate("ChannelTableModel", "Continuous"),
        "event": QCoreApplication.translate("ChannelTableModel", "On events"),
    }.get(mode, mode)


def stream_text(stream: str) -> str:
    return {
        "main": QCoreApplication.translate("ChannelTableModel", "Main"),
        "sub": QCoreApplication.translate("ChannelTableModel", "Sub"),
    }.get(stream, stream)


class ChannelTableModel(QAbstractTableModel):
    """One row per camera; edits change a draft, compared with the stored config on save."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChannelRow] = []
        self._drafts: list[ChannelConfig] = []

    # Public API ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ChannelRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._drafts = [row.config for row in rows]
        self.endResetModel()

    def row_of(self, camera_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.camera_id == camera_id:
                return number
        raise KeyError(camera_id)

    def draft(self, row: int) -> ChannelConfig:
        return self._drafts[row]

    def changed_configs(self) -> list[ChannelConfig]:
        return [draft for row, draft in zip(self._rows, self._drafts, strict=True)
                if draft != row.config]

    def camera_name(self, camera_id: int) -> str:
        return self._rows[self.row_of(camera_id)].camera_name

    def set_many(self, rows: Iterable[int], *, mode: str | None = None,
                 stream: str | None = None, pre_event_s: int | None = None,
                 post_event_s: int | None = None) -> None:
        """Bulk edit: the given values on every row in `rows` (None leaves a value alone)."""
        for row in rows:
            draft = self._drafts[row]
            if mode is not None:
                draft = with_mode(draft, mode)
            if stream is not None:
                draft = replace(draft, stream=stream)
            if pre_event_s is not None:
                draft = replace(draft, pre_event_s=pre_event_s)
            if post_event_s is not None:
                draft = replace(draft, post_event_s=post_event_s)
            self._set_draft(row, draft)

    # Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Camera"), self.tr("Site"), self.tr("Recording"), self.tr("Stream"),
                self.tr("Segment"), self.tr("Before event"), self.tr("After event"))[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() >= MODE else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        draft = self._drafts[index.row()]
        if role == Qt.ItemDataRole.EditRole:
            return self._value(draft, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CAMERA:
                return row.camera_name
            if column == SITE:
                return row.site_name
            if column == MODE:
                return mode_text(mode_of(draft))
            if column == STREAM:
                return stream_text(draft.stream)
            return self.tr("{seconds} s").format(seconds=self._value(draft, column))
        if role == Qt.ItemDataRole.FontRole and draft != row.config:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (
                column in (PRE, POST) and mode_of(draft) != "event"
                or column > MODE and not draft.enabled):
            return QBrush(_DIM)  # these values do nothing in the row's mode
        if role == Qt.ItemDataRole.ToolTipRole and draft != row.config:
            return self.tr("Changed, not saved yet")
        if role == Qt.ItemDataRole.UserRole:
            return row.camera_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        draft, column = self._drafts[index.row()], index.column()
        if column == MODE and value in MODES:
            draft = with_mode(draft, str(value))
        elif column == STREAM and value in STREAMS:
            draft = replace(draft, stream=str(value))
        elif column in _FIELDS:
            low, high = SECONDS_RANGES[column]
            seconds = max(low, min(high, int(value)))
            if column == SEGMENT:
                draft = replace(draft, segment_s=seconds)
            elif column == PRE:
                draft = replace(draft, pre_event_s=seconds)
            else:
                draft = replace(draft, post_event_s=seconds)
        else:
            return False
        self._set_draft(index.row(), draft)
        return True

    def _set_draft(self, row: int, draft: ChannelConfig) -> None:
        if draft == self._drafts[row]:
            return
        self._drafts[row] = draft
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    @staticmethod
    def _value(draft: ChannelConfig, column: int) -> Any:
        if column == MODE:
            return mode_of(draft)
        if column == STREAM:
            return draft.stream
        if column in _FIELDS:
            return getattr(draft, _FIELDS[column])
        return None


class ChannelDelegate(QStyledItemDelegate):
    """Combo boxes for the mode and stream, spin boxes for the times."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        column = index.column()
        if column in (MODE, STREAM):
            combo = QComboBox(parent)
            for value in (MODES if column == MODE else STREAMS):
                combo.addItem(mode_text(value) if column == MODE else stream_text(value), value)
            return combo
        spin = QSpinBox(parent)
        low, high = SECONDS_RANGES.get(column, (0, 3600))
        spin.setRange(low, high)
        spin.setSuffix(QCoreApplication.translate("ChannelTableModel", " s"))
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
