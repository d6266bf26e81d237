"""Scene items addressed by (kind, index): names, per-item checks, edits and the JSON file
format of ``main.py analyze --config`` (no widgets here, only immutable scene values)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.analytics.scene import SceneConfig, SceneError, SignalConfig, validate
from app.analytics.types import Point
from ui.analytics.scene_forms import explain

ItemKey = tuple[str, int]
_SCHEDULE = SignalConfig(cycle_s=60.0, red_s=30.0)  # stands in while a stop line is checked


def item_name(scene: SceneConfig, key: ItemKey | None) -> str:
    if key is None:
        return ""
    kind, i = key
    if kind == "line":
        return scene.lines[i].name
    if kind == "zone":
        return scene.zones[i].name
    if kind == "lane":
        return scene.lanes[i].name
    if kind == "stop" and scene.stop_line is not None:
        return scene.stop_line.name
    if kind == "signal":
        return QCoreApplication.translate("SceneEditor", "Traffic light")
    return ""


def names(scene: SceneConfig) -> list[str]:
    found = [line.name for line in scene.lines] + [z.name for z in scene.zones]
    found += [lane.name for lane in scene.lanes]
    return found + ([scene.stop_line.name] if scene.stop_line else [])


def next_name(scene: SceneConfig, pattern: str) -> str:
    """``pattern`` with the smallest {n} not used yet (e.g. "Line {n}" → "Line 3")."""
    taken = set(names(scene))
    n = 1
    while pattern.format(n=n) in taken:
        n += 1
    return pattern.format(n=n)


def _check(scene: SceneConfig) -> str | None:
    try:
        validate(scene)
    except SceneError as exc:
        return explain(str(exc))
    return None


def item_errors(scene: SceneConfig) -> dict[ItemKey, str]:
    """The problem of each item, checked on its own by the core's validate()."""
    errors: dict[ItemKey, str] = {}
    for i, line in enumerate(scene.lines):
        errors[("line", i)] = _check(SceneConfig(lines=(line,))) or ""
    for i, zone in enumerate(scene.zones):
        errors[("zone", i)] = _check(SceneConfig(zones=(zone,))) or ""
    for i, lane in enumerate(scene.lanes):
        errors[("lane", i)] = _check(SceneConfig(lanes=(lane,))) or ""
    if scene.stop_line is not None:
        # Without a signal the stop line is what is incomplete; a bad signal is the signal's.
        signal = _SCHEDULE if scene.signal is not None else None
        errors[("stop", 0)] = _check(SceneConfig(stop_line=scene.stop_line,
                                                 signal=signal)) or ""
    if scene.signal is not None:
        errors[("signal", 0)] = _check(SceneConfig(signal=scene.signal)) or ""
    seen: dict[str, ItemKey] = {}
    for key in list(errors):
        name = item_name(scene, key)
        if key[0] != "signal" and name in seen and not errors[key]:
            errors[key] = explain(f"two items are named {name!r}")
        seen.setdefault(name, key)
    return {key: text for key, text in errors.items() if text}


def remove_item(scene: SceneConfig, key: ItemKey) -> SceneConfig:
    kind, i = key
    if kind == "line":
        return replace(scene, lines=scene.lines[:i] + scene.lines[i + 1:])
    if kind == "zone":
        return replace(scene, zones=scene.zones[:i] + scene.zones[i + 1:])
    if kind == "lane":
        return replace(scene, lanes=scene.lanes[:i] + scene.lanes[i + 1:])
    if kind == "stop":
        return replace(scene, stop_line=None)
    return replace(scene, signal=None)


def with_vertex(scene: SceneConfig, key: ItemKey, index: int, point: Point) -> SceneConfig:
    """The scene with one end point, corner or polygon vertex moved."""
    kind, i = key
    if kind in ("line", "stop"):
        line = scene.lines[i] if kind == "line" else scene.stop_line
        assert line is not None
        moved = replace(line, p1=point) if index == 0 else replace(line, p2=point)
        if kind == "stop":
            return replace(scene, stop_line=moved)
        return replace(scene, lines=scene.lines[:i] + (moved,) + scene.lines[i + 1:])
    if kind in ("zone", "lane"):
        items = scene.zones if kind == "zone" else scene.lanes
        polygon = list(items[i].polygon)
        polygon[index] = point
        changed = (*items[:i], replace(items[i], polygon=tuple(polygon)), *items[i + 1:])
        return replace(scene, zones=changed) if kind == "zone" else replace(scene, lanes=changed)
    signal = scene.signal
    if signal is None or signal.roi is None:
        return scene
    x0, y0, x1, y1 = signal.roi
    roi = (*point, x1, y1) if index == 0 else (x0, y0, *point)
    return replace(scene, signal=replace(signal, roi=roi))


def scene_to_json(scene: SceneConfig, camera_id: int | None) -> dict[str, Any]:
    """What ``main.py analyze --config FILE`` reads (app/analytics/cli.py)."""
    columns = validate(scene).to_columns()
    data: dict[str, Any] = {
        "lines": columns["lines"], "zones": columns["zones"], "lanes": columns["lanes"],
        "stop_line": columns["stop_line"], "signal": columns["signal_roi"],
        "options": columns["options"],
    }
    if camera_id is not None:
        data["camera_id"] = camera_id
    return data


def scene_from_json(data: Any) -> SceneConfig:
    if not isinstance(data, Mapping):
        raise SceneError("not a scene configuration (a JSON object)")
    signal = data.get("signal", data.get("signal_roi"))
    return SceneConfig.from_columns(data.get("lines"), data.get("zones"), data.get("lanes"),
                                    data.get("stop_line"), signal, data.get("options"))
