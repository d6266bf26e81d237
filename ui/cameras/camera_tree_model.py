"""Item model of the camera tree: sites (province → commune/ward → location) with cameras as
leaves, plus the filter that matches Vietnamese text with or without diacritics."""
from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from ui.cameras.camera_icons import camera_icon, site_icon
from ui.cameras.camera_mime import CAMERA_IDS_MIME, encode_camera_ids
from ui.context import CameraLike, SiteLike

log = logging.getLogger(__name__)

NODE_KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "site", "camera" or "unassigned"
CAMERA_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SITE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 4

_DISABLED_COLOUR = QColor("#7d8590")


def fold_text(text: str) -> str:
    """Lower case without diacritics, so that "hang xanh" finds "Hàng Xanh" ("đ" → "d")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class CameraTreeModel(QStandardItemModel):
    """Rebuilt from the site and camera lists; drags carry the camera ids of the selection."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.camera_names: dict[int, str] = {}

    @property
    def camera_count(self) -> int:
        return len(self.camera_names)

    def populate(self, sites: Sequence[SiteLike], cameras: Sequence[CameraLike]) -> None:
        self.clear()
        root = self.invisibleRootItem()
        site_items: dict[int, QStandardItem] = {site.id: self._site_item(site) for site in sites}
        children: defaultdict[int | None, list[SiteLike]] = defaultdict(list)
        for site in sites:
            parent_id = site.parent_id if site.parent_id in site_items else None
            children[parent_id].append(site)
        # Walk from the roots so that a parent cycle in bad data cannot loop forever; sites
        # caught in a cycle are never reached and are attached at the top instead.
        placed: set[int] = set()
        stack: list[tuple[QStandardItem, int | None]] = [(root, None)]
        while stack:
            parent_item, parent_id = stack.pop()
            for site in sorted(children[parent_id], key=lambda s: fold_text(s.name)):
                if site.id in placed:
                    continue
                placed.add(site.id)
                parent_item.appendRow(site_items[site.id])
                stack.append((site_items[site.id], site.id))
        for site in sites:
            if site.id not in placed:
                log.warning("Site %s has a parent cycle; shown at the top level", site.id)
                placed.add(site.id)
                root.appendRow(site_items[site.id])

        unassigned: QStandardItem | None = None
        for camera in sorted(cameras, key=lambda c: fold_text(c.name)):
            item = self._camera_item(camera)
            site_item = site_items.get(camera.site_id) if camera.site_id is not None else None
            if site_item is None:
                if unassigned is None:
                    unassigned = self._unassigned_item()
                site_item = unassigned
            site_item.appendRow(item)
        if unassigned is not None:
            root.appendRow(unassigned)
        self.camera_names = {camera.id: camera.name for camera in cameras}

    def _site_item(self, site: SiteLike) -> QStandardItem:
        item = QStandardItem(site_icon(site.kind or ""), site.name)
        item.setEditable(False)
        item.setData("site", NODE_KIND_ROLE)
        item.setData(site.id, SITE_ID_ROLE)
        item.setData(fold_text(f"{site.name} {site.code or ''}"), SEARCH_TEXT_ROLE)
        item.setToolTip(site.name if not site.code else f"{site.name} ({site.code})")
        return item

    def _unassigned_item(self) -> QStandardItem:
        item = QStandardItem(site_icon("location"), self.tr("Cameras without a site"))
        item.setEditable(False)
        item.setData("unassigned", NODE_KIND_ROLE)
        item.setData(fold_text(item.text()), SEARCH_TEXT_ROLE)
        return item

    def _camera_item(self, camera: CameraLike) -> QStandardItem:
        item = QStandardItem(camera_icon(camera.purpose or "", bool(camera.ptz)), camera.name)
        item.setEditable(False)
        item.setDragEnabled(True)
        item.setData("camera", NODE_KIND_ROLE)
        item.setData(camera.id, CAMERA_ID_ROLE)
        device = " ".join(part for part in (camera.manufacturer, camera.model) if part)
        item.setData(fold_text(f"{camera.name} {camera.host} {device}"), SEARCH_TEXT_ROLE)
        purpose = (self.tr("Traffic camera") if (camera.purpose or "").lower() == "traffic"
                   else self.tr("Security camera"))
        lines = [camera.name, purpose, f"{camera.host}:{camera.port}"]
        if device:
            lines.append(device)
        if camera.ptz:
            lines.append(self.tr("PTZ: pan, tilt and zoom"))
        if not camera.enabled:
            lines.append(self.tr("Disabled"))
            item.setForeground(QBrush(_DISABLED_COLOUR))
        item.setToolTip("\n".join(lines))
        return item

    # Drag and drop -------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [CAMERA_IDS_MIME]

    # None (no drag) when nothing draggable is selected, as QAbstractItemView expects.
    def mimeData(  # type: ignore[override]
            self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        ids = self.camera_ids_under(indexes)
        return encode_camera_ids(ids) if ids else None

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def camera_ids_under(self, indexes: Sequence[QModelIndex]) -> list[int]:
        """Camera ids of the given rows; a site stands for every camera below it."""
        ids: list[int] = []
        for index in indexes:
            item = self.itemFromIndex(index)
            if item is not None:
                self._collect_camera_ids(item, ids)
        return list(dict.fromkeys(ids))

    def _collect_camera_ids(self, item: QStandardItem, into: list[int]) -> None:
        if item.data(NODE_KIND_ROLE) == "camera":
            into.append(int(item.data(CAMERA_ID_ROLE)))
            return
        for row in range(item.rowCount()):
            child = item.child(row)
            if child is not None:
                self._collect_camera_ids(child, into)


class CameraFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose name (or address, code, device) contains every typed word, ignoring
    case and diacritics; the parents of a match stay, and a matching site keeps its cameras."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_filter_text(self, text: str) -> None:
        # begin/endFilterChange replace invalidateFilter(), deprecated since Qt 6.10.
        self.beginFilterChange()
        self._words = fold_text(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        haystack = str(model.data(index, SEARCH_TEXT_ROLE) or "")
        return all(word in haystack for word in self._words)
