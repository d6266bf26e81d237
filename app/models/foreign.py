"""Reads model folders described in the evaluation-catalogue schema and turns them into bundles.

Evaluation folders (one per model, holding the genuine Open Model Zoo files) describe each model
with ``official_url``, ``files.<kind>.{size,sha256}``, ``input`` with ``color``, ``labels`` as an
id -> name object and free-text ``task``/``output_format``. Those facts are enough to build our
manifest; free text is mapped to our task and decoder vocabulary by keywords, and anything not
recognised becomes the neutral ``raw`` decoder / ``other`` task rather than a guess.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.models.errors import ManifestError
from app.models.manifest import BundleManifest

# Keyword -> task, first match wins (order matters: "vehicle + licence-plate" before "vehicle").
_TASKS: tuple[tuple[str, str], ...] = (
    ("road-user", "detection.road_users"),
    ("licence-plate text", "plate.recognition"),
    ("license-plate text", "plate.recognition"),
    ("licence-plate detection", "detection.vehicles_plates"),
    ("face embedding", "face.embedding"),
    ("landmarks", "face.landmarks"),
    ("face detection", "face.detection"),
    ("vehicle type", "classification.vehicle_attributes"),
    ("vehicle detection", "detection.vehicles"),
    ("person detection", "detection.persons"),
    ("coco", "detection.coco"),
)
_MEAN_STD = re.compile(r"\(x-\[([^\]]+)\]\)/\[([^\]]+)\]")
_OMZ_RELEASE = re.compile(r"/open_model_zoo/(\d{4}\.\d+)/")


def is_foreign_manifest(data: object) -> bool:
    """True for the evaluation-catalogue schema (it has ``official_url``, never ``source``)."""
    return isinstance(data, dict) and "official_url" in data and "source" not in data


def _task(text: str) -> str:
    lowered = text.lower()
    for keyword, task in _TASKS:
        if keyword in lowered:
            return task
    return "other"


def _decoder(output_format: str) -> str:
    text = output_format.lower()
    if text.startswith("detection_out"):
        return "ssd"
    if text.startswith("boxes [n,5]"):
        return "boxes_labels"
    if "reg_max" in text and "strides" in text:
        return "nanodet"
    if "embedding" in text:
        return "embedding"
    if "softmax" in text:
        return "classification"
    if "normalised x,y" in text:
        return "landmarks"
    if text.startswith("dec ["):
        return "lpr_barrier"
    return "raw"


def _labels(raw: object) -> tuple[list[str], dict[str, Any]]:
    """Id -> name objects become a list indexed by class id; other shapes go to options."""
    if isinstance(raw, dict) and raw and all(isinstance(k, str) and k.isdigit() for k in raw):
        ids = {int(k): str(v) for k, v in raw.items()}
        return [ids.get(i, "background") for i in range(max(ids) + 1)], {}
    if isinstance(raw, dict):
        return [], {"labels_by_output": raw}
    if isinstance(raw, str):
        return [], {"labels_note": raw}
    return [], {}


def _urls(raw: object, kinds: list[str], where: str) -> dict[str, str]:
    if isinstance(raw, str) and len(kinds) == 1:
        raw = {kinds[0]: raw}
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: field 'official_url' must name a URL per file",
                            "official_url")
    # Some entries carry a remark after the URL ("... (Git LFS)"): keep the URL only.
    return {k: str(v).split()[0] for k, v in raw.items() if isinstance(v, str) and v.strip()}


def find_file(folder: Path, candidates: list[str], kind: str) -> Path | None:
    """The file of one kind inside an evaluation folder, by known names, else by extension."""
    for name in candidates:
        if name and (folder / name).is_file():
            return folder / name
    matches = sorted(p for p in folder.glob(f"*.{kind}") if p.is_file())
    return matches[0] if len(matches) == 1 else None


def translate_foreign_manifest(data: Mapping[str, Any], folder: Path, *,
                               where: str) -> BundleManifest:
    """Build our manifest for an evaluation folder; raises ManifestError naming the field."""
    name = str(data.get("name") or folder.name)
    raw_files = data.get("files")
    if not isinstance(raw_files, dict) or not raw_files:
        raise ManifestError(f"{where}: field 'files' must list the model files", "files")
    kinds = list(raw_files)
    urls = _urls(data.get("official_url"), kinds, where)
    in_repo = data.get("path_in_repo")
    files: dict[str, Any] = {}
    for kind, entry in raw_files.items():
        if not isinstance(entry, dict):
            raise ManifestError(f"{where}: field 'files.{kind}' must be an object", f"files.{kind}")
        candidates = [f"{folder.name}.{kind}", f"{name}.{kind}"]
        if isinstance(in_repo, dict) and isinstance(in_repo.get(kind), str):
            candidates.append(Path(in_repo[kind]).name)
        if kind in urls:
            candidates.append(urls[kind].rstrip("/").rsplit("/", 1)[-1])
        found = find_file(folder, candidates, kind)
        files[kind] = {"path": found.name if found else candidates[0],
                       "size": entry.get("size"), "sha256": entry.get("sha256")}
    raw_input = data.get("input") if isinstance(data.get("input"), dict) else {}
    assert isinstance(raw_input, dict)
    spec: dict[str, Any] = {"name": raw_input.get("name", ""), "shape": raw_input.get("shape"),
                            "layout": raw_input.get("layout", "NCHW"),
                            "color_order": raw_input.get("color", "BGR")}
    if isinstance(spec["shape"], list) and len(spec["shape"]) != len(str(spec["layout"])):
        # Multi-input models may name an auxiliary input first: the image is the 4-D one.
        for other in data.get("inputs_all") or []:
            if isinstance(other, list) and len(other) == 2 and isinstance(other[1], list) \
                    and len(other[1]) == len(str(spec["layout"])):
                spec["name"], spec["shape"] = str(other[0]), other[1]
                break
    normalise = _MEAN_STD.search(str(raw_input.get("preprocess", "")))
    if normalise:
        spec["mean"] = [float(v) for v in normalise.group(1).split(",")]
        spec["scale"] = [float(v) for v in normalise.group(2).split(",")]
    labels, options = _labels(data.get("labels"))
    outputs = data.get("outputs")
    names = [str(o[0]) for o in outputs if isinstance(o, list) and o] \
        if isinstance(outputs, list) else []
    release = _OMZ_RELEASE.search(next(iter(urls.values()), ""))
    version = "-".join(part for part in (release.group(1) if release else "",
                                         str(data.get("precision") or "")) if part) or "1"
    ours = {
        "name": name, "version": version, "task": _task(str(data.get("task", ""))),
        "description": str(data.get("task", "")), "labels": labels, "input": spec,
        "output": {"decoder": _decoder(str(data.get("output_format", ""))), "names": names,
                   **({"options": options} if options else {})},
        "licence": data.get("licence"), "source": urls, "files": files,
    }
    return BundleManifest.from_json(ours, where=where)
