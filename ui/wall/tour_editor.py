"""Dialog to create, change and delete the user's camera tours.

The dialog talks to the core through three callables (TourStore.list_tours / save / delete
bound to the signed-in user), so it can be built with anything that behaves like them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.security.permissions import PermissionDenied
from app.storage.errors import StorageError
from app.storage.models.tours import MIN_TOUR_DWELL_S
from app.wall.tours import MAX_TOUR_DWELL_S, Tour, TourError

log = logging.getLogger(__name__)

DEFAULT_DWELL_S = 10.0
_ID = Qt.ItemDataRole.UserRole


class TourEditorDialog(QDialog):
    tours_changed = Signal()

    def __init__(self, cameras: Sequence[Any], list_tours: Callable[[], Sequence[Tour]],
                 save_tour: Callable[[Tour], Tour], delete_tour: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourEditor")
        self._cameras = {int(c.id): c for c in cameras}
        self._list_tours = list_tours
        self._save_tour = save_tour
        self._delete_tour = delete_tour
        self._editing: Tour | None = None

        self.tour_list = QListWidget()
        self.tour_list.currentItemChanged.connect(self._on_tour_list_current_item_changed)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_tour)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_current)
        left = QVBoxLayout()
        self.saved_label = QLabel()
        left.addWidget(self.saved_label)
        left.addWidget(self.tour_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)

        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.dwell = QDoubleSpinBox()
        self.dwell.setRange(MIN_TOUR_DWELL_S, MAX_TOUR_DWELL_S)
        self.dwell.setDecimals(0)
        self.dwell.setValue(DEFAULT_DWELL_S)
        form = QFormLayout()
        self.name_label, self.dwell_label = QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.dwell_label, self.dwell)

        self.available = QListWidget()
        self.available.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.available.itemDoubleClicked.connect(lambda _item: self.add_selected())
        self.chosen = QListWidget()
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.chosen.itemDoubleClicked.connect(lambda _item: self.remove_selected())
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self._move_chosen(-1))
        self.down_button.clicked.connect(lambda: self._move_chosen(+1))
        middle = QVBoxLayout()
        middle.addStretch(1)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            middle.addWidget(button)
        middle.addStretch(1)
        self.available_label, self.chosen_label = QLabel(), QLabel()
        lists = QGridLayout()
        lists.addWidget(self.available_label, 0, 0)
        lists.addWidget(self.chosen_label, 0, 2)
        lists.addWidget(self.available, 1, 0)
        lists.addLayout(middle, 1, 1)
        lists.addWidget(self.chosen, 1, 2)

        self.error = QLabel()
        self.error.setObjectName("tourError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e04040;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(lists, 1)
        right.addWidget(self.error)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self.retranslate_ui()
        self.reload()

    # ----- public ----------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        try:
            tours = list(self._list_tours())
        except (PermissionDenied, StorageError) as exc:
            self._show_error(_message(exc))
            tours = []
        self.tour_list.blockSignals(True)
        self.tour_list.clear()
        for tour in tours:
            item = QListWidgetItem(tour.name)
            item.setData(_ID, tour)
            self.tour_list.addItem(item)
        self.tour_list.blockSignals(False)
        wanted = next((i for i, t in enumerate(tours) if t.id == select_id), 0 if tours else -1)
        if wanted >= 0:
            self.tour_list.setCurrentRow(wanted)
        else:
            self.new_tour()

    def new_tour(self) -> None:
        self.tour_list.blockSignals(True)
        self.tour_list.clearSelection()
        self.tour_list.setCurrentRow(-1)
        self.tour_list.blockSignals(False)
        self._load(None)

    def chosen_ids(self) -> list[int]:
        return [int(self.chosen.item(row).data(_ID)) for row in range(self.chosen.count())]

    def add_selected(self) -> None:
        for item in self.available.selectedItems():
            self._append_chosen(int(item.data(_ID)))

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))

    def save(self) -> Tour | None:
        name = " ".join(self.name.text().split())
        if not name:
            self._show_error(self.tr("Give the tour a name."))
            return None
        ids = self.chosen_ids()
        if not ids:
            self._show_error(self.tr("Add at least one camera to the tour."))
            return None
        editing_id = self._editing.id if self._editing is not None else None
        try:
            saved = self._save_tour(Tour(name, tuple(ids), self.dwell.value(), id=editing_id))
        except (TourError, PermissionDenied, StorageError) as exc:
            self._show_error(_message(exc))
            return None
        self._show_error("")
        self.reload(select_id=saved.id)
        self.tours_changed.emit()
        return saved

    def delete_current(self) -> None:
        if self._editing is None or self._editing.id is None:
            self.new_tour()
            return
        try:
            self._delete_tour(self._editing.id)
        except (PermissionDenied, StorageError) as exc:
            self._show_error(_message(exc))
            return
        self.reload()
        self.tours_changed.emit()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Camera tours"))
        self.saved_label.setText(self.tr("Your tours"))
        self.new_button.setText(self.tr("New"))
        self.delete_button.setText(self.tr("Delete"))
        self.name_label.setText(self.tr("Name"))
        self.dwell_label.setText(self.tr("Time on each camera"))
        self.dwell.setSuffix(self.tr(" s"))
        self.dwell.setToolTip(self.tr("At least {seconds} seconds").format(seconds=f"{MIN_TOUR_DWELL_S:g}"))
        self.available_label.setText(self.tr("Cameras"))
        self.chosen_label.setText(self.tr("In the tour, in order"))
        self.add_button.setText(self.tr("Add →"))
        self.remove_button.setText(self.tr("← Remove"))
        self.up_button.setText(self.tr("Up"))
        self.down_button.setText(self.tr("Down"))

    # ----- internals -------------------------------------------------------------------------
    def _load(self, tour: Tour | None) -> None:
        self._editing = tour
        self._show_error("")
        self.name.setText(tour.name if tour else "")
        self.dwell.setValue(tour.dwell_s if tour else DEFAULT_DWELL_S)
        self.available.clear()
        for camera_id, camera in sorted(self._cameras.items(), key=lambda kv: str(kv[1].name)):
            item = QListWidgetItem(str(camera.name))
            item.setData(_ID, camera_id)
            self.available.addItem(item)
        self.chosen.clear()
        for camera_id in tour.camera_ids if tour else ():
            self._append_chosen(camera_id)
        self.delete_button.setEnabled(tour is not None)

    def _append_chosen(self, camera_id: int) -> None:
        camera = self._cameras.get(camera_id)
        label = str(camera.name) if camera is not None else self.tr("Camera #{id} (removed)").format(id=camera_id)
        item = QListWidgetItem(label)
        item.setData(_ID, camera_id)
        self.chosen.addItem(item)

    def _move_chosen(self, delta: int) -> None:
        row = self.chosen.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.chosen.count():
            return
        item = self.chosen.takeItem(row)
        self.chosen.insertItem(target, item)
        self.chosen.setCurrentRow(target)

    def _on_tour_list_current_item_changed(self, current: QListWidgetItem | None,
                                           _previous: QListWidgetItem | None) -> None:
        self._load(current.data(_ID) if current is not None else None)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _message(exc: Exception) -> str:
    return getattr(exc, "user_message", None) or str(exc)
