"""Property forms of the scene editor, one per item kind: each loads a frozen scene item and
returns an edited copy. Also the user-facing wording of scene validation messages."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from app.analytics.scene import CountingLine, Lane, SignalConfig, Zone
from app.analytics.types import RoadClass
from ui.analytics.overlay import class_label

PICKABLE_CLASSES = [c.value for c in RoadClass if c is not RoadClass.OTHER]


def explain(message: str) -> str:
    """A scene validation message (core, English) in the user's language where it is known."""
    known = (
        ("crosses itself", QCoreApplication.translate(
            "SceneEditor",
            "the outline crosses itself; click the corners in order around the area")),
        ("at least 3 points", QCoreApplication.translate(
            "SceneEditor", "a zone needs at least 3 points")),
        ("too small", QCoreApplication.translate(
            "SceneEditor", "the area is too small to use")),
        ("too close together", QCoreApplication.translate(
            "SceneEditor", "the two ends are too close together")),
        ("direction is missing", QCoreApplication.translate(
            "SceneEditor", "drag an arrow along the lane to give the allowed direction")),
        ("mark the traffic light, or give", QCoreApplication.translate(
            "SceneEditor", "a stop line needs the traffic light's region or a signal schedule")),
        ("top-left to bottom-right", QCoreApplication.translate(
            "SceneEditor", "draw the region from top-left to bottom-right")),
        ("red time must be shorter", QCoreApplication.translate(
            "SceneEditor", "the red time must be shorter than the cycle")),
        ("region or give cycle", QCoreApplication.translate(
            "SceneEditor", "mark the light's region or give cycle and red times")),
        ("two items are named", QCoreApplication.translate(
            "SceneEditor", "another item has the same name")),
        ("outside the image", QCoreApplication.translate(
            "SceneEditor", "a point lies outside the picture")),
    )
    for fragment, text in known:
        if fragment in message:
            return text
    return message


class ClassPicker(QListWidget):
    """Checkable road classes; none checked means every class."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value in PICKABLE_CLASSES:
            item = QListWidgetItem(class_label(value))
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(self.sizeHintForRow(0) * len(PICKABLE_CLASSES) + 6)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_classes(self, classes: Sequence[str]) -> None:
        self.blockSignals(True)
        for row in range(self.count()):
            item = self.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in classes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def classes(self) -> tuple[str, ...]:
        return tuple(self.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.count())
                     if self.item(r).checkState() == Qt.CheckState.Checked)


class _Form(QWidget):
    """Shared rows; its strings use the "SceneForms" context (tr() here would depend on
    the subclass at run time)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        # Labels above their fields: the side panel is narrow and Vietnamese labels are long.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.name = QLineEdit()
        self.name.setObjectName("itemName")
        self.name.editingFinished.connect(self.changed)
        self.form.addRow(QCoreApplication.translate("SceneForms", "Name"), self.name)

    def _direction_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName("direction")
        combo.addItem(QCoreApplication.translate("SceneForms", "Both directions"), "both")
        combo.addItem(QCoreApplication.translate("SceneForms", "Along the arrow (A → B)"),
                      "a_to_b")
        combo.addItem(QCoreApplication.translate("SceneForms", "Against the arrow (B → A)"),
                      "b_to_a")
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo


class LineForm(_Form):
    def __init__(self, parent: QWidget | None = None, *, with_classes: bool = True) -> None:
        super().__init__(parent)
        self.direction = self._direction_combo()
        self.form.addRow(self.tr("Counted direction"), self.direction)
        self.classes = ClassPicker()
        self.classes.changed.connect(self.changed)
        if with_classes:
            self.form.addRow(self.tr("Classes (none: all vehicles)"), self.classes)
        else:
            self.classes.hide()

    def load(self, line: CountingLine) -> None:
        self.name.setText(line.name)
        self.direction.blockSignals(True)
        self.direction.setCurrentIndex(max(0, self.direction.findData(line.direction)))
        self.direction.blockSignals(False)
        self.classes.set_classes(line.classes)

    def apply(self, line: CountingLine) -> CountingLine:
        return replace(line, name=self.name.text().strip() or line.name,
                       direction=str(self.direction.currentData()),
                       classes=self.classes.classes())


class ZoneForm(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("zoneKind")
        for kind, label in (("no_stopping", self.tr("No stopping")),
                            ("crowd", self.tr("Crowd")),
                            ("intrusion", self.tr("Intrusion")),
                            ("count", self.tr("Counting only"))):
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.dwell = QDoubleSpinBox()
        self.dwell.setRange(1, 3600)
        self.dwell.setSuffix(self.tr(" s"))
        self.dwell.valueChanged.connect(lambda _v: self.changed.emit())
        self.limit = QSpinBox()
        self.limit.setRange(1, 1000)
        self.limit.valueChanged.connect(lambda _v: self.changed.emit())
        self.armed = QCheckBox(self.tr("Only between"))
        self.armed.toggled.connect(lambda _v: self._on_kind_changed())
        self.start_hour, self.end_hour = QSpinBox(), QSpinBox()
        hours = QHBoxLayout()
        hours.addWidget(self.armed)
        for spin, label in ((self.start_hour, ""), (self.end_hour, self.tr("and"))):
            spin.setRange(0, 24)
            spin.setSuffix(self.tr(" h"))
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            if label:
                hours.addWidget(QLabel(label))
            hours.addWidget(spin)
        self.classes = ClassPicker()
        self.classes.changed.connect(self.changed)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Stopped longer than"), self.dwell)
        self.form.addRow(self.tr("More persons than"), self.limit)
        self._hours = hours
        self.form.addRow(self.tr("Armed"), hours)
        self.form.addRow(self.tr("Classes (none: default)"), self.classes)

    def _on_kind_changed(self, *_: object) -> None:
        self._update_rows()
        self.changed.emit()

    def _update_rows(self) -> None:
        kind = self.kind.currentData()
        self.form.setRowVisible(self.dwell, kind == "no_stopping")
        self.form.setRowVisible(self.limit, kind == "crowd")
        self.form.setRowVisible(self._hours, kind == "intrusion")
        self.start_hour.setEnabled(self.armed.isChecked())
        self.end_hour.setEnabled(self.armed.isChecked())

    def load(self, zone: Zone) -> None:
        for widget in (self.kind, self.dwell, self.limit, self.armed, self.start_hour,
                       self.end_hour):
            widget.blockSignals(True)
        self.name.setText(zone.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(zone.kind)))
        self.dwell.setValue(zone.dwell_s)
        self.limit.setValue(zone.max_persons)
        self.armed.setChecked(zone.armed_hours is not None)
        start, end = zone.armed_hours or (22, 5)
        self.start_hour.setValue(start)
        self.end_hour.setValue(end)
        self.classes.set_classes(zone.classes)
        for widget in (self.kind, self.dwell, self.limit, self.armed, self.start_hour,
                       self.end_hour):
            widget.blockSignals(False)
        self._update_rows()

    def apply(self, zone: Zone) -> Zone:
        armed = ((self.start_hour.value(), self.end_hour.value())
                 if self.armed.isChecked() else None)
        return replace(zone, name=self.name.text().strip() or zone.name,
                       kind=str(self.kind.currentData()), dwell_s=self.dwell.value(),
                       max_persons=self.limit.value(), armed_hours=armed,
                       classes=self.classes.classes())


class LaneForm(_Form):
    draw_direction = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.one_way = QCheckBox(self.tr("One-way (travel against the arrow is a violation)"))
        self.one_way.toggled.connect(lambda _v: self.changed.emit())
        self.classes = ClassPicker()
        self.classes.changed.connect(self.changed)
        draw = QPushButton(self.tr("Draw direction"))
        draw.setObjectName("drawDirection")
        draw.clicked.connect(self.draw_direction)
        self.reverse = QPushButton(self.tr("Reverse"))
        self.reverse.setObjectName("reverseDirection")
        self._reversed = False
        self.reverse.clicked.connect(self._on_reverse_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(draw)
        buttons.addWidget(self.reverse)
        self.form.addRow(self.tr("Direction"), buttons)
        self.form.addRow("", self.one_way)
        self.form.addRow(self.tr("Allowed classes (none: all)"), self.classes)

    def _on_reverse_clicked(self) -> None:
        self._reversed = True
        self.changed.emit()

    def load(self, lane: Lane) -> None:
        self.name.setText(lane.name)
        self.one_way.blockSignals(True)
        self.one_way.setChecked(lane.one_way)
        self.one_way.blockSignals(False)
        self.classes.set_classes(lane.classes)
        self._reversed = False

    def apply(self, lane: Lane) -> Lane:
        direction = lane.direction
        if self._reversed:
            direction = (-direction[0], -direction[1])
            self._reversed = False
        return replace(lane, name=self.name.text().strip() or lane.name,
                       one_way=self.one_way.isChecked(), classes=self.classes.classes(),
                       direction=direction)


class SignalForm(QWidget):
    changed = Signal()
    draw_region = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.region = QLabel()
        draw = QPushButton(self.tr("Draw region"))
        draw.setObjectName("drawRegion")
        draw.clicked.connect(self.draw_region)
        self.remove_region = QPushButton(self.tr("Remove region"))
        self.remove_region.clicked.connect(self._on_remove_region_clicked)
        row = QHBoxLayout()
        row.addWidget(self.region, 1)
        row.addWidget(draw)
        row.addWidget(self.remove_region)
        self.schedule = QCheckBox(self.tr("Fixed cycle"))
        self.schedule.setObjectName("useSchedule")
        self.schedule.toggled.connect(self._on_schedule_toggled)
        self.cycle, self.red = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.cycle, self.red):
            spin.setRange(1, 600)
            spin.setSuffix(self.tr(" s"))
            spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.cycle.setObjectName("cycle")
        self.red.setObjectName("red")
        self.offset = QTimeEdit()
        self.offset.setDisplayFormat("HH:mm:ss")
        self.offset.timeChanged.connect(lambda _t: self.changed.emit())
        form.addRow(self.tr("Light region"), row)
        form.addRow("", self.schedule)
        form.addRow(self.tr("Cycle"), self.cycle)
        form.addRow(self.tr("Red"), self.red)
        form.addRow(self.tr("A red phase starts at"), self.offset)
        self._drop_region = False

    def _on_schedule_toggled(self, on: bool) -> None:
        for widget in (self.cycle, self.red, self.offset):
            widget.setEnabled(on)
        self.changed.emit()

    def _on_remove_region_clicked(self) -> None:
        self._drop_region = True
        self.changed.emit()

    def load(self, signal: SignalConfig) -> None:
        widgets = (self.schedule, self.cycle, self.red, self.offset)
        for widget in widgets:
            widget.blockSignals(True)
        self.region.setText(self.tr("marked") if signal.roi else self.tr("not marked"))
        self.remove_region.setEnabled(signal.roi is not None)
        has_schedule = bool(signal.cycle_s and signal.red_s)
        self.schedule.setChecked(has_schedule)
        self.cycle.setValue(signal.cycle_s or 90)
        self.red.setValue(signal.red_s or 45)
        seconds = int(signal.offset_s) % 86400
        self.offset.setTime(QTime(seconds // 3600, seconds // 60 % 60, seconds % 60))
        for widget in widgets:
            widget.blockSignals(False)
        for widget in (self.cycle, self.red, self.offset):
            widget.setEnabled(has_schedule)
        self._drop_region = False

    def apply(self, signal: SignalConfig) -> SignalConfig:
        roi = None if self._drop_region else signal.roi
        self._drop_region = False
        if not self.schedule.isChecked():
            return SignalConfig(roi=roi)
        offset = QTime(0, 0).secsTo(self.offset.time())
        return SignalConfig(roi=roi, cycle_s=self.cycle.value(), red_s=self.red.value(),
                            offset_s=float(offset))
