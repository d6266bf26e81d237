"""PTZ pad for one camera: hold an arrow to pan or tilt, hold +/− to zoom, presets, speed.

Pressing a button sends ContinuousMove and releasing it sends Stop; every ONVIF call runs on
the camera's PtzControl worker, never on the GUI thread, and its outcome comes back through
FutureWatcher. Errors appear in the pad itself. Closing or hiding the pad stops a camera left
moving.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cameras.onvif_client import OnvifError, PtzPresetInfo
from app.security.permissions import PermissionDenied
from app.wall.ptz import PtzControl, PtzInputError
from ui.wall.future_pool import WatcherPool

log = logging.getLogger(__name__)

DEFAULT_SPEED = 50


def user_message(exc: object) -> str:
    """Words for the operator from a PTZ failure (never a traceback)."""
    if isinstance(exc, (OnvifError, PermissionDenied)):
        return exc.user_message
    if isinstance(exc, PtzInputError):
        return str(exc)
    log.warning("PTZ command failed unexpectedly: %r", exc)
    return QCoreApplication.translate("PtzPad", "The camera did not carry out the command.")


class PtzPad(QWidget):
    # (pan, tilt, zoom) direction of each hold-to-move button
    DIRECTIONS: dict[str, tuple[float, float, float]] = {  # noqa: RUF012 (read-only table)
        "up": (0.0, 1.0, 0.0), "down": (0.0, -1.0, 0.0),
        "left": (-1.0, 0.0, 0.0), "right": (1.0, 0.0, 0.0),
        "zoom_in": (0.0, 0.0, 1.0), "zoom_out": (0.0, 0.0, -1.0),
    }

    def __init__(self, control: PtzControl, camera_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ptzPad")
        self.control = control
        self.camera_name = camera_name
        self.last_error = ""
        self._closed = False
        self.buttons: dict[str, QToolButton] = {}
        self._watchers = WatcherPool(self)

        self.title = QLabel()
        self.title.setObjectName("ptzTitle")
        arrows = QGridLayout()
        arrows.setSpacing(4)
        for key, (row, col), arrow in (
            ("up", (0, 1), Qt.ArrowType.UpArrow), ("left", (1, 0), Qt.ArrowType.LeftArrow),
            ("right", (1, 2), Qt.ArrowType.RightArrow), ("down", (2, 1), Qt.ArrowType.DownArrow),
        ):
            button = self._hold_button(key)
            button.setArrowType(arrow)
            arrows.addWidget(button, row, col)
        self.stop_button = QToolButton()
        self.stop_button.setText("■")
        self.stop_button.setFixedSize(44, 44)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        arrows.addWidget(self.stop_button, 1, 1)
        zoom = QVBoxLayout()
        for key, text in (("zoom_in", "+"), ("zoom_out", "−")):
            button = self._hold_button(key)
            button.setText(text)
            zoom.addWidget(button)
        self.zoom_label = QLabel()
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        zoom.insertWidget(1, self.zoom_label)
        pad_row = QHBoxLayout()
        pad_row.addLayout(arrows)
        pad_row.addSpacing(16)
        pad_row.addLayout(zoom)
        pad_row.addStretch(1)

        self.speed_label = QLabel()
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(10, 100)
        self.speed.setSingleStep(10)
        self.speed.setValue(DEFAULT_SPEED)
        self.speed.valueChanged.connect(self._on_speed_value_changed)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_label)
        speed_row.addWidget(self.speed, 1)

        self.presets_box = QGroupBox()
        self.presets = QListWidget()
        self.presets.setMinimumHeight(90)
        self.presets.itemDoubleClicked.connect(self._on_presets_item_double_clicked)
        self.goto_button = QPushButton()
        self.goto_button.clicked.connect(self.goto_selected_preset)
        self.preset_name = QLineEdit()
        self.preset_name.setMaxLength(64)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_preset)
        presets_layout = QGridLayout(self.presets_box)
        presets_layout.addWidget(self.presets, 0, 0, 1, 2)
        presets_layout.addWidget(self.goto_button, 1, 0, 1, 2)
        presets_layout.addWidget(self.preset_name, 2, 0)
        presets_layout.addWidget(self.save_button, 2, 1)

        self.position_label = QLabel()
        self.position_label.setObjectName("ptzPosition")
        self.status = QLabel()
        self.status.setObjectName("ptzStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(pad_row)
        layout.addLayout(speed_row)
        layout.addWidget(self.presets_box)
        layout.addWidget(self.position_label)
        layout.addWidget(self.status)
        self.retranslate_ui()
        self.refresh_presets()

    # ----- public ----------------------------------------------------------------------------
    def velocity_for(self, key: str) -> tuple[float, float, float]:
        scale = self.speed.value() / 100.0
        pan, tilt, zoom = self.DIRECTIONS[key]
        return (pan * scale, tilt * scale, zoom * scale)

    def start_move(self, key: str) -> None:
        self._run(lambda: self.control.move(*self.velocity_for(key)))

    def stop_move(self) -> None:
        self._run(self.control.stop, on_done=lambda _result: self.refresh_position())

    def refresh_presets(self) -> None:
        self._run(self.control.presets, on_done=self._show_presets)

    def refresh_position(self) -> None:
        self._run(self.control.position, on_done=self._show_position, quiet=True)

    def goto_selected_preset(self) -> None:
        item = self.presets.currentItem()
        if item is None:
            self._show_error(self.tr("Choose a preset first."))
            return
        token = str(item.data(Qt.ItemDataRole.UserRole))
        self._run(lambda: self.control.goto_preset(token),
                  on_done=lambda _result: self.refresh_position())

    def save_preset(self) -> None:
        name = self.preset_name.text()

        def saved(_token: object) -> None:
            self.preset_name.clear()
            self._set_status(self.tr("Preset '{name}' saved.").format(name=" ".join(name.split())))
            self.refresh_presets()
        self._run(lambda: self.control.save_preset(name), on_done=saved)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("PTZ — {camera}").format(camera=self.camera_name))
        self.title.setText(self.tr("Pan, tilt and zoom: {camera}").format(camera=self.camera_name))
        tips = {
            "up": self.tr("Hold to tilt up"), "down": self.tr("Hold to tilt down"),
            "left": self.tr("Hold to pan left"), "right": self.tr("Hold to pan right"),
            "zoom_in": self.tr("Hold to zoom in"), "zoom_out": self.tr("Hold to zoom out"),
        }
        for key, tip in tips.items():
            self.buttons[key].setToolTip(tip)
        self.stop_button.setToolTip(self.tr("Stop moving"))
        self.zoom_label.setText(self.tr("Zoom"))
        self.presets_box.setTitle(self.tr("Presets"))
        self.goto_button.setText(self.tr("Go to preset"))
        self.preset_name.setPlaceholderText(self.tr("Name for the current position"))
        self.save_button.setText(self.tr("Save position"))
        self._on_speed_value_changed(self.speed.value())

    # ----- internals -------------------------------------------------------------------------
    def _hold_button(self, key: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"ptz_{key}")
        button.setFixedSize(44, 44)
        button.setAutoRepeat(False)
        # pressed → move; released (also when the pointer slides off the button) → stop.
        button.pressed.connect(lambda key=key: self.start_move(key))
        button.released.connect(self.stop_move)
        self.buttons[key] = button
        return button

    def _run(self, start: Callable[[], Future[Any]],
             on_done: Callable[[object], None] | None = None, quiet: bool = False) -> None:
        if self._closed:
            return
        try:
            future = start()
        except (PtzInputError, RuntimeError) as exc:
            self._show_error(user_message(exc) if isinstance(exc, PtzInputError) else str(exc))
            return
        def finished(result: object) -> None:
            if not quiet:
                self._set_status("")
            if on_done is not None and not self._closed:
                on_done(result)

        def failed(exc: object) -> None:
            if not quiet or not isinstance(exc, OnvifError):
                self._show_error(user_message(exc))
            else:
                self.position_label.setText("")  # a camera without GetStatus: just say nothing

        self._watchers.watch(future, finished, failed)

    def _show_presets(self, presets: object) -> None:
        self.presets.clear()
        for preset in presets if isinstance(presets, list) else []:
            if isinstance(preset, PtzPresetInfo):
                item = QListWidgetItem(preset.name)
                item.setData(Qt.ItemDataRole.UserRole, preset.token)
                self.presets.addItem(item)

    def _show_position(self, position: object) -> None:
        if isinstance(position, tuple) and len(position) == 3:
            pan, tilt, zoom = position
            self.position_label.setText(self.tr("Pan {pan} · Tilt {tilt} · Zoom {zoom}").format(
                pan=f"{pan:+.2f}", tilt=f"{tilt:+.2f}", zoom=f"{zoom:.2f}"))

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.status.setStyleSheet("color: #e04040;")
        self.status.setText(text)

    def _set_status(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _on_stop_button_clicked(self) -> None:
        self.stop_move()

    def _on_presets_item_double_clicked(self, _item: QListWidgetItem) -> None:
        self.goto_selected_preset()

    def _on_speed_value_changed(self, value: int) -> None:
        self.speed_label.setText(self.tr("Speed {percent}%").format(percent=value))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.control.moving and not self._closed:
            self.control.stop()  # never leave a camera turning behind a hidden pad
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the camera if it moves and release the PTZ worker."""
        if not self._closed:
            self._closed = True
            self.control.close()
