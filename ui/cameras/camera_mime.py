"""Drag-and-drop payload that carries camera ids (camera tree → video wall)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QMimeData

CAMERA_IDS_MIME = "application/x-trucban-camera-ids"


def encode_camera_ids(camera_ids: Iterable[int]) -> QMimeData:
    """A QMimeData holding the ids as a JSON list, in order, without duplicates."""
    unique = list(dict.fromkeys(int(camera_id) for camera_id in camera_ids))
    mime = QMimeData()
    mime.setData(CAMERA_IDS_MIME, json.dumps(unique).encode("ascii"))
    return mime


def decode_camera_ids(mime: QMimeData) -> list[int]:
    """The camera ids in a drop; an empty list when the payload is absent or malformed."""
    if not mime.hasFormat(CAMERA_IDS_MIME):
        return []
    try:
        raw = json.loads(bytes(mime.data(CAMERA_IDS_MIME).data()).decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    return [value for value in raw if isinstance(value, int) and not isinstance(value, bool)]
