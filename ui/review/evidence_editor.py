"""The evidence editor: draw boxes, arrows, ellipses, text and blur regions over a picture.

The shapes are data (AnnotationService): saving stores them, re-opening brings them back
editable, and the original picture is never changed. "Export annotated picture" asks the
core to burn the saved shapes into a copy (audited as an export). Undo/redo keep whole
snapshots of the shape list: simple and always consistent.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QActionGroup,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPixmap,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.review.annotations import (
    AnnotationService,
    AnnotationSet,
    ExportResult,
    Shape,
    ShapeKind,
)
from app.review.states import ReviewError
from app.security.permissions import Permission, PermissionDenied, Principal, has_permission
from app.storage.errors import StorageError
from ui.review.shape_items import ShapeItem

log = logging.getLogger(__name__)

_USER_ERRORS = (ReviewError, PermissionDenied, StorageError)
SELECT = "select"


class AnnotationCanvas(QGraphicsView):
    """Draws a new shape with the current tool; in select mode items move and resize."""

    def __init__(self, editor: EvidenceEditor) -> None:
        super().__init__(editor.scene)
        self._editor = editor
        self.tool: str = SELECT
        self._drawing: ShapeItem | None = None
        self._start = QPointF()
        self.setRenderHints(self.renderHints())
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)

    def set_tool(self, tool: str) -> None:
        self.tool = tool
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if tool == SELECT
                         else QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor if tool == SELECT
                                  else Qt.CursorShape.CrossCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.tool == SELECT or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        kind = ShapeKind(self.tool)
        if kind is ShapeKind.TEXT:
            self._editor.add_text_at(point.x(), point.y())
            return
        self._start = point
        self._drawing = self._editor.add_item(Shape(kind, point.x(), point.y(), 0, 0,
                                                    color=self._editor.colour))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing is None:
            super().mouseMoveEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        self._drawing.set_size(point.x() - self._start.x(), point.y() - self._start.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing is None:
            super().mouseReleaseEvent(event)
            return
        item, self._drawing = self._drawing, None
        self._editor.finish_drawing(item)


class EvidenceEditor(QDialog):
    def __init__(self, annotations: AnnotationService, principal: Principal,
                 evidence_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceEditor")
        self._annotations = annotations
        self._principal = principal
        self._evidence_id = evidence_id
        self.loaded: AnnotationSet = annotations.load(principal, evidence_id)  # audited
        self.setWindowTitle(self.tr("Evidence no. {id} — annotations").format(id=evidence_id))
        self.colour = "#ff3b30"
        self.dirty = False
        self.ask_discard: Callable[[], bool] = self._ask_discard
        self.scene = QGraphicsScene(self)
        self._image = QImage(self.loaded.evidence.path)
        if self._image.isNull():
            raise ReviewError(self.tr("The picture {path} cannot be opened.").format(
                path=self.loaded.evidence.path))
        self.scene.addItem(QGraphicsPixmapItem(QPixmap.fromImage(self._image)))
        self.scene.setSceneRect(0, 0, self._image.width(), self._image.height())
        self.canvas = AnnotationCanvas(self)
        self._states: list[tuple[Shape, ...]] = []
        self._position = -1

        self.toolbar = QToolBar()
        group = QActionGroup(self)
        self.tool_actions = {}
        for tool, text, key in ((SELECT, self.tr("Select / move"), "S"),
                                (ShapeKind.BOX.value, self.tr("Box"), "B"),
                                (ShapeKind.ARROW.value, self.tr("Arrow"), "W"),
                                (ShapeKind.ELLIPSE.value, self.tr("Ellipse"), "O"),
                                (ShapeKind.TEXT.value, self.tr("Text"), "T"),
                                (ShapeKind.BLUR.value, self.tr("Blur region"), "U")):
            action = self.toolbar.addAction(text)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, t=tool: self.set_tool(t))
            group.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[SELECT].setChecked(True)
        self.toolbar.addSeparator()
        self.text_field = QLineEdit()
        self.text_field.setPlaceholderText(self.tr("text to place, e.g. Vượt đèn đỏ"))
        self.text_field.setMaximumWidth(260)
        self.toolbar.addWidget(self.text_field)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.tr("Delete"), self.delete_selected)
        self.toolbar.addAction(self.tr("Undo"), self.undo)
        self.toolbar.addAction(self.tr("Redo"), self.redo)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.redo),
                           (QKeySequence.StandardKey.Delete, self.delete_selected)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save annotations"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(has_permission(principal, Permission.ANNOTATE_EVIDENCE,
                                                   self.loaded.camera_id))
        self.export_button = QPushButton(self.tr("Export annotated picture…"))
        self.export_button.clicked.connect(self._ask_export)
        self.export_button.setVisible(has_permission(principal, Permission.EXPORT_EVIDENCE,
                                                     self.loaded.camera_id))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.save_button, self.export_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        self.resize(1000, 700)
        self._rebuild(self.loaded.shapes)
        self._reset_history()

    # ------------------------------------------------------------------- shapes
    def shapes(self) -> list[Shape]:
        return [item.to_shape() for item in self._ordered]

    def add_item(self, shape: Shape) -> ShapeItem:
        item = ShapeItem(shape, self._image, self._commit)
        self.scene.addItem(item)
        self._ordered.append(item)
        return item

    def add_shape(self, shape: Shape) -> ShapeItem | None:
        """Add a finished shape (drawing, tests); refused shapes give a message."""
        try:
            shape.normalised()
        except ReviewError as exc:
            self._show(str(exc), error=True)
            return None
        item = self.add_item(shape)
        self._commit()
        return item

    def finish_drawing(self, item: ShapeItem) -> None:
        try:
            clean = item.to_shape().normalised()
        except ReviewError:
            self._remove(item)  # a click without a drag: nothing to keep
            return
        self._remove(item)
        self.add_shape(clean)

    def add_text_at(self, x: float, y: float) -> None:
        text = self.text_field.text().strip()
        if not text:
            self._show(self.tr("Type the text in the tool bar first, then click where it "
                               "goes."), error=True)
            self.text_field.setFocus()
            return
        self.add_shape(Shape(ShapeKind.TEXT, x, y, text=text, color=self.colour,
                             size=max(14, self._image.height() // 30)))

    def delete_selected(self) -> None:
        chosen = [i for i in self._ordered if i.isSelected()]
        for item in chosen:
            self._remove(item)
        if chosen:
            self._commit()

    def set_tool(self, tool: str) -> None:
        self.canvas.set_tool(tool)
        self.tool_actions[tool].setChecked(True)

    # --------------------------------------------------------------- undo/redo
    def _reset_history(self) -> None:
        self._states = [tuple(self.shapes())]
        self._position = 0

    def _commit(self) -> None:
        del self._states[self._position + 1:]
        self._states.append(tuple(self.shapes()))
        self._position += 1
        self.dirty = True
        self._show("")

    def undo(self) -> None:
        if self._position > 0:
            self._position -= 1
            self._rebuild(self._states[self._position])
            self.dirty = True

    def redo(self) -> None:
        if self._position + 1 < len(self._states):
            self._position += 1
            self._rebuild(self._states[self._position])
            self.dirty = True

    def _rebuild(self, shapes: tuple[Shape, ...]) -> None:
        for item in list(getattr(self, "_ordered", [])):
            self._remove(item)
        self._ordered: list[ShapeItem] = []
        for shape in shapes:
            self.add_item(shape)

    def _remove(self, item: ShapeItem) -> None:
        if item in self._ordered:
            self._ordered.remove(item)
        self.scene.removeItem(item)

    # ------------------------------------------------------------- save/export
    def save(self) -> bool:
        try:
            saved = self._annotations.save(self._principal, self._evidence_id, self.shapes(),
                                           self.loaded.stamp)
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return False
        self.loaded = saved
        self._rebuild(saved.shapes)
        self._reset_history()
        self.dirty = False
        self._show(self.tr("{n} annotations saved.").format(n=len(saved.shapes)))
        return True

    def export_to(self, target: Path) -> ExportResult | None:
        if self.dirty and not self.save():
            return None
        try:
            result = self._annotations.export(self._principal, self._evidence_id, target)
        except _USER_ERRORS as exc:
            self._show(str(exc), error=True)
            return None
        self._show(self.tr("Annotated picture written to {path} (SHA-256 {digest}…); the "
                           "original is unchanged.").format(path=str(result.path),
                                                            digest=result.sha256[:16]))
        return result

    def _ask_export(self) -> None:
        suggested = Path(self.loaded.evidence.path).with_suffix("").name + "-chu-thich.png"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export annotated picture"),
                                              suggested, self.tr("PNG picture (*.png)"))
        if name:
            self.export_to(Path(name))

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(),
                                      self.tr("Discard the unsaved annotations?"))
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self.dirty and not self.ask_discard():
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.canvas.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #ff7b72;" if error else "color: #7ee787;")
        self.message.setText(text)
