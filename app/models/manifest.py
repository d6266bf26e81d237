"""The bundle manifest: what a model is, how to feed it, how to read its output, where it came from.

A bundle is a folder holding ``manifest.json`` plus the weight files it lists. Validation is strict
(unknown fields are refused too) because a wrong label order or input layout would not crash: it
would silently produce wrong detections. Every error names the offending field.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from app.models.errors import ManifestError

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"

# How the raw output tensors are turned into results; the analytics back ends dispatch on this.
DECODERS = frozenset({
    "ssd",            # detection_out [1,1,N,7]: image_id, label, conf, x0, y0, x1, y1 (0..1)
    "boxes_labels",   # boxes [N,5] in input pixels + labels [N]
    "nanodet",        # NanoDet-Plus: per-stride class scores + distribution regression
    "ppocr_det",      # PP-OCR DB text detection: probability map [N,1,H,W]
    "ppocr_rec",      # PP-OCR CTC text recognition: [N,T,C], blank = 0
    "embedding",      # one feature vector, compared with cosine similarity
    "landmarks",      # normalised x, y pairs
    "classification",  # softmax heads
    "lpr_barrier",    # OMZ licence-plate recogniser: class indices, -1 terminates
    "yolo",           # one grid [1, N, 4 + C]: centre x, y, width, height, class scores
    "raw",            # no decoder in the product yet
})
COLOR_ORDERS = frozenset({"BGR", "RGB", "GRAY"})
BUNDLE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_TASK = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_LAYOUT = re.compile(r"^[NCDHW]{1,5}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_LOGICAL = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_TOP_FIELDS = frozenset({
    "format_version", "name", "version", "task", "description", "labels", "input", "output",
    "licence", "source", "files", "default_threshold", "registry_package"})


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the bundle folder, POSIX separators
    size: int
    sha256: str


@dataclass(frozen=True)
class InputSpec:
    name: str
    shape: tuple[int, ...]  # -1 marks a dynamic dimension
    layout: str
    color_order: str
    mean: tuple[float, ...] | None = None  # None: normalisation is baked into the model
    scale: tuple[float, ...] | None = None


@dataclass(frozen=True)
class OutputSpec:
    decoder: str
    names: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegistryPackage:
    """The PyPI package that ships the weights, and where inside it each file lies."""

    name: str
    version: str
    files: Mapping[str, str]  # logical name -> path relative to site-packages


@dataclass(frozen=True)
class BundleManifest:
    name: str
    version: str
    task: str
    labels: tuple[str, ...]  # index = class id the model outputs
    input: InputSpec
    output: OutputSpec
    licence: str
    source: Mapping[str, str]  # logical file name -> official URL
    files: Mapping[str, FileEntry]
    default_threshold: float | None = None
    description: str = ""
    registry_package: RegistryPackage | None = None

    @property
    def model_file(self) -> str:
        """Logical name of the file OpenVINO reads (an IR .xml finds its .bin itself)."""
        return "xml" if "xml" in self.files else "onnx"

    @property
    def total_size(self) -> int:
        return sum(entry.size for entry in self.files.values())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "version": self.version,
            "task": self.task,
        }
        if self.description:
            data["description"] = self.description
        data["labels"] = list(self.labels)
        data["input"] = {"name": self.input.name, "shape": list(self.input.shape),
                         "layout": self.input.layout, "color_order": self.input.color_order}
        if self.input.mean is not None:
            data["input"]["mean"] = list(self.input.mean)
        if self.input.scale is not None:
            data["input"]["scale"] = list(self.input.scale)
        data["output"] = {"decoder": self.output.decoder, "names": list(self.output.names)}
        if self.output.options:
            data["output"]["options"] = dict(self.output.options)
        data["licence"] = self.licence
        data["source"] = dict(self.source)
        data["files"] = {key: {"path": e.path, "size": e.size, "sha256": e.sha256}
                         for key, e in self.files.items()}
        if self.default_threshold is not None:
            data["default_threshold"] = self.default_threshold
        if self.registry_package is not None:
            data["registry_package"] = {"name": self.registry_package.name,
                                        "version": self.registry_package.version,
                                        "files": dict(self.registry_package.files)}
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: object, *, where: str = MANIFEST_NAME) -> BundleManifest:
        return _Parser(where).manifest(data)


def load_manifest(path: Path) -> BundleManifest:
    """Read and validate a manifest file; ManifestError names the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not a readable JSON file ({exc})") from None
    return BundleManifest.from_json(data, where=str(path))


class _Parser:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, field_name: str, problem: str) -> ManifestError:
        return ManifestError(f"{self.where}: field '{field_name}' {problem}", field_name)

    def obj(self, value: object, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(name, "must be an object")
        return value

    def text(self, data: Mapping[str, Any], key: str, prefix: str = "", *,
             required: bool = True, pattern: re.Pattern[str] | None = None) -> str:
        name = prefix + key
        if key not in data:
            if required:
                raise self.fail(name, "is missing")
            return ""
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(name, "must be a non-empty string")
        if pattern is not None and not pattern.match(value):
            raise self.fail(name, f"has an invalid value {value!r} (expected {pattern.pattern})")
        return value

    def numbers(self, value: object, name: str) -> tuple[float, ...]:
        if not isinstance(value, list) or not value or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise self.fail(name, "must be a non-empty list of numbers")
        return tuple(float(v) for v in value)

    def manifest(self, data: object) -> BundleManifest:
        top = self.obj(data, "(manifest)")
        unknown = sorted(set(top) - _TOP_FIELDS)
        if unknown:
            raise self.fail(unknown[0], "is not a known manifest field")
        version = top.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise self.fail("format_version", f"is {version!r}; this version reads {FORMAT_VERSION}")
        labels = top.get("labels")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise self.fail("labels", "must be a list of strings" if "labels" in top
                            else "is missing")
        files = self.files(top.get("files"))
        source = self.source(top.get("source"), files)
        threshold = top.get("default_threshold")
        if threshold is not None and (isinstance(threshold, bool) or not isinstance(
                threshold, (int, float)) or not 0.0 < threshold < 1.0):
            raise self.fail("default_threshold", "must be a number between 0 and 1")
        return BundleManifest(
            name=self.text(top, "name", pattern=BUNDLE_NAME),
            version=self.text(top, "version"),
            task=self.text(top, "task", pattern=_TASK),
            labels=tuple(labels),
            input=self.input(top.get("input")),
            output=self.output(top.get("output")),
            licence=self.text(top, "licence"),
            source=source,
            files=files,
            default_threshold=None if threshold is None else float(threshold),
            description=self.text(top, "description", required=False),
            registry_package=self.registry(top.get("registry_package"), files),
        )

    def input(self, value: object) -> InputSpec:
        if value is None:
            raise self.fail("input", "is missing")
        data = self.obj(value, "input")
        shape = data.get("shape")
        if not isinstance(shape, list) or not shape or not all(
                isinstance(d, int) and not isinstance(d, bool) and (d >= 1 or d == -1)
                for d in shape):
            raise self.fail("input.shape", "must be a list of positive integers (-1 = dynamic)")
        layout = self.text(data, "layout", "input.", pattern=_LAYOUT)
        if len(layout) != len(shape):
            raise self.fail("input.layout", f"has {len(layout)} letters for {len(shape)} dimensions")
        color = self.text(data, "color_order", "input.")
        if color not in COLOR_ORDERS:
            raise self.fail("input.color_order", f"must be one of {sorted(COLOR_ORDERS)}")
        unknown = sorted(set(data) - {"name", "shape", "layout", "color_order", "mean", "scale"})
        if unknown:
            raise self.fail("input." + unknown[0], "is not a known input field")
        mean = self.numbers(data["mean"], "input.mean") if "mean" in data else None
        scale = self.numbers(data["scale"], "input.scale") if "scale" in data else None
        return InputSpec(self.text(data, "name", "input."), tuple(shape), layout, color,
                         mean, scale)

    def output(self, value: object) -> OutputSpec:
        if value is None:
            raise self.fail("output", "is missing")
        data = self.obj(value, "output")
        decoder = self.text(data, "decoder", "output.")
        if decoder not in DECODERS:
            raise self.fail("output.decoder", f"is {decoder!r}; known: {', '.join(sorted(DECODERS))}")
        names = data.get("names", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise self.fail("output.names", "must be a list of output tensor names")
        unknown = sorted(set(data) - {"decoder", "names", "options"})
        if unknown:
            raise self.fail("output." + unknown[0], "is not a known output field")
        options = self.obj(data.get("options", {}), "output.options")
        return OutputSpec(decoder, tuple(names), options)

    def files(self, value: object) -> dict[str, FileEntry]:
        if value is None:
            raise self.fail("files", "is missing")
        data = self.obj(value, "files")
        if not data:
            raise self.fail("files", "must list at least one file")
        entries: dict[str, FileEntry] = {}
        for key, raw in data.items():
            prefix = f"files.{key}"
            if not _LOGICAL.match(key):
                raise self.fail(prefix, "has an invalid logical name (lower-case letters, digits, _)")
            entry = self.obj(raw, prefix)
            path = self.text(entry, "path", prefix + ".")
            pure = PurePosixPath(path)
            if "\\" in path or pure.is_absolute() or ".." in pure.parts or path.startswith("~") \
                    or pure.name == MANIFEST_NAME:
                raise self.fail(prefix + ".path", f"must be a plain relative path, not {path!r}")
            size = entry.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
                raise self.fail(prefix + ".size", "must be a positive number of bytes")
            sha = entry.get("sha256")
            if not isinstance(sha, str) or not _SHA256.match(sha.lower()):
                raise self.fail(prefix + ".sha256", "must be 64 hexadecimal characters")
            entries[key] = FileEntry(str(pure), size, sha.lower())
        if not ({"xml", "bin"} <= set(entries) or "onnx" in entries):
            raise self.fail("files", "must contain 'xml' and 'bin' (OpenVINO IR) or 'onnx'")
        if len({e.path for e in entries.values()}) != len(entries):
            raise self.fail("files", "lists the same path twice")
        return entries

    def source(self, value: object, files: Mapping[str, FileEntry]) -> dict[str, str]:
        if value is None:
            raise self.fail("source", "is missing")
        data = self.obj(value, "source")
        for key in files:
            url = data.get(key)
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise self.fail(f"source.{key}", "must be the official http(s) URL of the file")
        extra = sorted(set(data) - set(files))
        if extra:
            raise self.fail(f"source.{extra[0]}", "names a file that 'files' does not list")
        return dict(data)

    def registry(self, value: object, files: Mapping[str, FileEntry]) -> RegistryPackage | None:
        if value is None:
            return None
        data = self.obj(value, "registry_package")
        paths = self.obj(data.get("files"), "registry_package.files")
        for key, path in paths.items():
            if key not in files or not isinstance(path, str) or ".." in PurePosixPath(path).parts:
                raise self.fail(f"registry_package.files.{key}",
                                "must map a listed file to a path inside the package")
        return RegistryPackage(self.text(data, "name", "registry_package."),
                               self.text(data, "version", "registry_package."), dict(paths))
