"""Model bundles: manifest validation, verified atomic installs (folder, zip, URL), translation of
evaluation-catalogue manifests, and the ``models`` command's exit codes."""
from __future__ import annotations

import copy
import hashlib
import http.server
import json
import os
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.models import cli
from app.models.catalog import DEFAULT_CATALOG_DIR, ManifestCatalog
from app.models.errors import BundleRefused, ManifestError, ModelStoreError, OfflineError
from app.models.manifest import BundleManifest, load_manifest
from app.models.store import ModelStore

XML = b"<?xml version='1.0'?><net name='tiny'/>" + b" " * 64
BIN = bytes(range(256)) * 40


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(name: str = "tiny-detector", url: str = "https://example.invalid/m") -> dict[str, Any]:
    return {
        "format_version": 1, "name": name, "version": "1", "task": "detection.road_users",
        "labels": ["bike", "vehicle", "person"],
        "input": {"name": "input.1", "shape": [1, 3, 64, 64], "layout": "NCHW",
                  "color_order": "BGR"},
        "output": {"decoder": "ssd", "names": ["detection_out"]},
        "licence": "Apache-2.0",
        "source": {"xml": f"{url}/{name}.xml", "bin": f"{url}/{name}.bin"},
        "files": {"xml": {"path": f"{name}.xml", "size": len(XML), "sha256": _sha(XML)},
                  "bin": {"path": f"{name}.bin", "size": len(BIN), "sha256": _sha(BIN)}},
        "default_threshold": 0.4,
    }


def _write_bundle(folder: Path, manifest: dict[str, Any] | None = None,
                  bin_data: bytes = BIN) -> Path:
    manifest = manifest or _manifest()
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / manifest["files"]["xml"]["path"]).write_bytes(XML)
    (folder / manifest["files"]["bin"]["path"]).write_bytes(bin_data)
    return folder


def _store(tmp_path: Path, catalog: Path | None = None) -> ModelStore:
    if catalog is None:
        catalog = tmp_path / "catalog"
        catalog.mkdir(parents=True, exist_ok=True)
    return ModelStore(tmp_path / "store", ManifestCatalog(catalog))


def _store_contents(store: ModelStore) -> list[str]:
    return sorted(p.name for p in store.root.iterdir()) if store.root.exists() else []


# ---------------------------------------------------------------- manifest validation
def _drop(data: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        data = data[key]
    del data[last]


def _set(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        data = data[key]
    data[last] = value


@pytest.mark.parametrize("field, value", [
    ("labels", None),
    ("name", "Bad Name!"),
    ("task", "Road users"),
    ("input.shape", [1, 3, 0, 64]),
    ("input.layout", "NCH"),
    ("input.color_order", "CMYK"),
    ("output.decoder", "yolo-magic"),
    ("licence", ""),
    ("source.bin", "ftp://example/m.bin"),
    ("files.bin.sha256", "1234"),
    ("files.bin.size", -5),
    ("files.xml.path", "../escape.xml"),
    ("default_threshold", 1.5),
    ("colour", "blue"),
])
def test_manifest_errors_name_the_field(field: str, value: object) -> None:
    data = _manifest()
    if value is None:
        _drop(data, field)
    else:
        _set(data, field, value)
    with pytest.raises(ManifestError) as caught:
        BundleManifest.from_json(data, where="bundle/manifest.json")
    assert caught.value.field == field
    assert f"'{field}'" in str(caught.value)
    assert "bundle/manifest.json" in str(caught.value)


def test_manifest_round_trips_and_knows_its_model_file() -> None:
    manifest = BundleManifest.from_json(_manifest())
    assert BundleManifest.from_json(json.loads(manifest.dumps())) == manifest
    assert manifest.model_file == "xml"
    assert manifest.labels == ("bike", "vehicle", "person")
    assert manifest.total_size == len(XML) + len(BIN)


def test_manifest_needs_an_openvino_readable_model() -> None:
    data = _manifest()
    del data["files"]["xml"], data["source"]["xml"]
    with pytest.raises(ManifestError) as caught:
        BundleManifest.from_json(data)
    assert caught.value.field == "files"


def test_shipped_catalogue_is_valid_and_names_existing_defaults() -> None:
    catalog = ManifestCatalog(DEFAULT_CATALOG_DIR)
    names = {m.name for m in catalog.all()}
    assert {"person-vehicle-bike-detection-crossroad-1016", "vehicle-detection-0200",
            "person-detection-retail-0013", "face-detection-retail-0005",
            "pp-ocrv6-det-small", "pp-ocrv6-rec-small"} <= names
    assert "person-vehicle-bike-detection-crossroad-1016" in catalog.defaults()
    default = catalog.get("person-vehicle-bike-detection-crossroad-1016")
    assert default is not None and default.input.shape == (1, 3, 512, 512)
    assert default.output.decoder == "ssd" and default.default_threshold == pytest.approx(0.4)
    for manifest in catalog.all():
        assert all(url.startswith("https://") for url in manifest.source.values())
    # Weights are installed, never committed next to the manifests.
    assert not [p for p in DEFAULT_CATALOG_DIR.iterdir()
                if p.suffix in (".bin", ".onnx", ".xml")]


# ---------------------------------------------------------------- folder and zip installs
def test_folder_bundle_installs_verifies_lists_and_removes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    report = store.install_from_folder(_write_bundle(tmp_path / "in" / "tiny"))
    assert report.ok and report.installed == ("tiny-detector",)
    store.verify("tiny-detector")
    [info] = store.list()
    assert (info.name, info.task, info.licence) == ("tiny-detector", "detection.road_users",
                                                    "Apache-2.0")
    assert info.size_bytes == len(XML) + len(BIN)
    assert store.get("tiny-detector").model_path.read_bytes() == XML
    # A second import of the same bundle changes nothing.
    assert store.install_from_folder(tmp_path / "in").unchanged == ("tiny-detector",)
    store.remove("tiny-detector")
    assert store.list() == [] and _store_contents(store) == []


def test_flipped_byte_is_refused_and_nothing_is_installed(tmp_path: Path) -> None:
    damaged = bytearray(BIN)
    damaged[1000] ^= 0x01
    store = _store(tmp_path)
    report = store.install_from_folder(_write_bundle(tmp_path / "tiny", bin_data=bytes(damaged)))
    assert not report.ok and report.installed == ()
    [refusal] = report.refused
    assert "tiny-detector.bin" in refusal.reason and "checksum" in refusal.reason.lower()
    assert "tiny-detector.xml" not in refusal.reason
    assert _store_contents(store) == []  # no bundle, no staging folder left behind


def test_damaged_import_keeps_the_installed_version(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.install_from_folder(_write_bundle(tmp_path / "good"))
    newer = _manifest()
    newer["version"] = "2"
    damaged = bytearray(BIN)
    damaged[0] ^= 0xFF
    report = store.install_from_folder(_write_bundle(tmp_path / "bad", newer, bytes(damaged)))
    assert not report.ok
    assert store.get("tiny-detector").manifest.version == "1"
    store.verify("tiny-detector")


def test_verify_names_the_damaged_installed_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.install_from_folder(_write_bundle(tmp_path / "tiny"))
    installed = store.get("tiny-detector").file("bin")
    data = bytearray(installed.read_bytes())
    data[5] ^= 0x10
    installed.write_bytes(bytes(data))
    with pytest.raises(BundleRefused, match="tiny-detector.bin"):
        store.verify("tiny-detector")


def test_truncated_file_is_refused_by_size(tmp_path: Path) -> None:
    store = _store(tmp_path)
    report = store.install_from_folder(_write_bundle(tmp_path / "tiny", bin_data=BIN[:-10]))
    assert "tiny-detector.bin" in report.refused[0].reason
    assert "size" in report.refused[0].reason


@pytest.mark.parametrize("nested", [False, True])
def test_zip_bundle_installs(tmp_path: Path, nested: bool) -> None:
    folder = _write_bundle(tmp_path / "tiny")
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as bundle_zip:
        for path in folder.iterdir():
            bundle_zip.write(path, f"tiny/{path.name}" if nested else path.name)
    store = _store(tmp_path)
    assert store.install_from_folder(archive).installed == ("tiny-detector",)
    store.verify("tiny-detector")
    assert [p for p in _store_contents(store) if p.startswith(".")] == []


@pytest.mark.parametrize("evil_name", ["../evil.txt", "/tmp/evil-abs.txt", "a/../../evil.txt"])
def test_zip_slip_entry_is_refused(tmp_path: Path, evil_name: str) -> None:
    folder = _write_bundle(tmp_path / "tiny")
    archive = tmp_path / "work" / "evil.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as bundle_zip:
        for path in folder.iterdir():
            bundle_zip.write(path, path.name)
        bundle_zip.writestr(evil_name, b"owned")
    store = _store(tmp_path)
    report = store.install_from_folder(archive)
    assert not report.ok and "outside" in report.refused[0].reason
    assert _store_contents(store) == []
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "work" / "evil.txt").exists()
    assert not Path("/tmp/evil-abs.txt").exists()


def test_bundle_names_cannot_reach_outside_the_store(tmp_path: Path) -> None:
    outside = _write_bundle(tmp_path / "outside")
    store = _store(tmp_path)
    store.root.mkdir()
    for bad in ("../outside", "/tmp", ""):
        with pytest.raises(ModelStoreError, match="not a model bundle name"):
            store.remove(bad)
    assert (outside / "manifest.json").is_file()


def test_missing_path_and_empty_folder_are_clear_errors(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(ModelStoreError, match="no such file"):
        store.install_from_folder(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelStoreError, match="no model bundle"):
        store.install_from_folder(tmp_path / "empty")


# ---------------------------------------------------------------- evaluation-catalogue schema
def _foreign_manifest(name: str) -> dict[str, Any]:
    """A manifest in the evaluation-catalogue schema (official_url, files.*.sha256/size)."""
    base = "https://storage.example.org/open_model_zoo/2022.3/models_bin/1"
    return {
        "name": name, "task": "road-user detection (vehicle/person/bike)",
        "precision": "FP16-INT8",
        "official_url": {"xml": f"{base}/{name}/FP16/{name}.xml",
                         "bin": f"{base}/{name}/FP16/{name}.bin"},
        "files": {"xml": {"size": len(XML), "sha384": "x" * 96, "sha256": _sha(XML)},
                  "bin": {"size": len(BIN), "sha384": "y" * 96, "sha256": _sha(BIN)}},
        "licence": "Apache-2.0 (Intel Open Model Zoo)",
        "input": {"name": "input.1", "shape": [1, 3, 512, 512], "layout": "NCHW",
                  "color": "BGR", "range": "0..255 (mean/scale baked into IR)"},
        "outputs": [["653", "[1,1,200,7]"]],
        "output_format": "detection_out [1,1,200,7]: image_id,label,conf,x_min,y_min,x_max,"
                         "y_max (normalised 0..1); stop at image_id<0",
        "labels": {"0": "bike", "1": "vehicle", "3": "bike"},
        "cpu_latency_ms_2threads": 24.4,
    }


def _write_foreign(folder: Path, data: dict[str, Any], bin_data: bytes = BIN) -> Path:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(data))
    (folder / f"{folder.name}.xml").write_bytes(XML)
    (folder / f"{folder.name}.bin").write_bytes(bin_data)
    return folder


def test_evaluation_catalogue_manifest_is_translated(tmp_path: Path) -> None:
    _write_foreign(tmp_path / "models" / "road-1", _foreign_manifest("road-1"))
    store = _store(tmp_path)
    assert store.install_from_folder(tmp_path / "models").installed == ("road-1",)
    manifest = store.get("road-1").manifest
    assert manifest.task == "detection.road_users"
    assert manifest.labels == ("bike", "vehicle", "background", "bike")
    assert manifest.input.shape == (1, 3, 512, 512) and manifest.input.color_order == "BGR"
    assert manifest.input.mean is None
    assert (manifest.output.decoder, manifest.output.names) == ("ssd", ("653",))
    assert manifest.source["bin"].endswith("/road-1.bin")
    assert manifest.version == "2022.3-FP16-INT8"
    assert manifest.files["bin"].sha256 == _sha(BIN)
    # The installed copy carries our schema.
    assert load_manifest(store.get("road-1").path / "manifest.json") == manifest


def test_evaluation_catalogue_checksum_mismatch_is_refused(tmp_path: Path) -> None:
    damaged = bytearray(BIN)
    damaged[-1] ^= 0x80
    _write_foreign(tmp_path / "models" / "road-1", _foreign_manifest("road-1"), bytes(damaged))
    store = _store(tmp_path)
    report = store.install_from_folder(tmp_path / "models")
    assert "road-1.bin" in report.refused[0].reason and _store_contents(store) == []


def test_our_manifest_wins_over_an_imported_one(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    ours = _manifest("road-1")
    ours["labels"] = ["two-wheeler", "car", "pedestrian"]
    (catalog / "road-1.json").write_text(json.dumps(ours))
    _write_foreign(tmp_path / "models" / "road-1", _foreign_manifest("road-1"))
    store = _store(tmp_path, catalog)
    assert store.install_from_folder(tmp_path / "models").installed == ("road-1",)
    assert store.get("road-1").manifest.labels == ("two-wheeler", "car", "pedestrian")


def test_folder_of_bundles_installs_good_ones_and_reports_bad_ones(tmp_path: Path) -> None:
    _write_foreign(tmp_path / "models" / "road-1", _foreign_manifest("road-1"))
    broken = _foreign_manifest("road-2")
    broken["files"]["bin"]["sha256"] = "0" * 64
    _write_foreign(tmp_path / "models" / "road-2", broken)
    store = _store(tmp_path)
    report = store.install_from_folder(tmp_path / "models")
    assert report.installed == ("road-1",)
    assert [r.bundle for r in report.refused] == ["road-2"]
    only = _store(tmp_path / "second")
    picked = only.install_from_folder(tmp_path / "models", names={"road-1"})
    assert picked.ok and picked.installed == ("road-1",)


# ---------------------------------------------------------------- downloads
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    served = tmp_path / "served"
    served.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_online_install_downloads_and_verifies(tmp_path: Path,
                                               file_server: tuple[str, Path]) -> None:
    url, served = file_server
    (served / "tiny-detector.xml").write_bytes(XML)
    (served / "tiny-detector.bin").write_bytes(BIN)
    store = _store(tmp_path)
    manifest = BundleManifest.from_json(_manifest(url=url))
    assert store.install_from_url(manifest).installed == ("tiny-detector",)
    store.verify("tiny-detector")


def test_online_install_refuses_a_wrong_download(tmp_path: Path,
                                                 file_server: tuple[str, Path]) -> None:
    url, served = file_server
    (served / "tiny-detector.xml").write_bytes(XML)
    (served / "tiny-detector.bin").write_bytes(BIN[::-1])
    store = _store(tmp_path)
    report = store.install_from_url(BundleManifest.from_json(_manifest(url=url)))
    assert "tiny-detector.bin" in report.refused[0].reason
    assert _store_contents(store) == []


def test_online_install_fails_fast_when_offline(tmp_path: Path) -> None:
    store = _store(tmp_path)
    manifest = BundleManifest.from_json(_manifest(url=f"http://127.0.0.1:{_closed_port()}/m"))
    with pytest.raises(OfflineError) as caught:
        store.install_from_url(manifest, connect_timeout=5.0)
    assert str(caught.value).startswith("offline:") and "127.0.0.1" in str(caught.value)
    assert _store_contents(store) == []


def test_registry_bundle_of_a_missing_package_is_a_note(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    data = _manifest("ocr-thing")
    data["registry_package"] = {"name": "no-such-package-for-trucban", "version": "1.0",
                                "files": {"xml": "pkg/m.xml", "bin": "pkg/m.bin"}}
    (catalog / "ocr-thing.json").write_text(json.dumps(data))
    report = _store(tmp_path, catalog).install_from_registry_packages()
    assert report.ok and report.installed == ()
    assert "no-such-package-for-trucban is not installed" in report.notes[0]


# ---------------------------------------------------------------- the models command
@pytest.fixture
def offline_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelStore:
    """The command's store, with a catalogue whose official URLs point at a closed port."""
    catalog = tmp_path / "offline-catalog"
    catalog.mkdir()
    (catalog / "tiny-detector.json").write_text(
        json.dumps(_manifest(url=f"http://127.0.0.1:{_closed_port()}/m")))
    (catalog / "defaults.txt").write_text("tiny-detector\n")
    store = ModelStore(Path(os.environ["TRUCBAN_HOME"]) / "data" / "models",
                       ManifestCatalog(catalog))
    monkeypatch.setattr(cli, "default_store", lambda paths=None: store)
    monkeypatch.delenv("MODELS", raising=False)
    monkeypatch.delenv("TRUCBAN_OFFLINE", raising=False)
    return store


def test_install_without_source_offline_exits_zero_and_says_so(
        offline_catalog: ModelStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run_models(["install"]) == 0
    out = capsys.readouterr().out
    assert "offline" in out and "Analytics stays disabled for: tiny-detector" in out
    assert offline_catalog.list() == []


def test_install_from_env_folder_and_exit_codes(
        tmp_path: Path, offline_catalog: ModelStore, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _write_bundle(tmp_path / "bundles" / "tiny")
    monkeypatch.setenv("MODELS", str(tmp_path / "bundles"))
    assert cli.run_models(["install"]) == 0
    assert "installed tiny-detector" in capsys.readouterr().out
    assert cli.run_models(["verify"]) == 0
    assert cli.run_models(["list"]) == 0
    assert "tiny-detector" in capsys.readouterr().out

    data = copy.deepcopy(_manifest("other"))
    damaged = bytearray(BIN)
    damaged[7] ^= 1
    _write_bundle(tmp_path / "bad" / "other", data, bytes(damaged))
    assert cli.run_models(["install", "--from", str(tmp_path / "bad")]) == 2
    assert "other.bin" in capsys.readouterr().err
    assert cli.run_models(["install", "--from", str(tmp_path / "missing")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_offline_switch_skips_the_network(offline_catalog: ModelStore,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRUCBAN_OFFLINE", "1")
    assert cli.run_models(["install", "--online"]) == 0
    out = capsys.readouterr().out
    assert "downloads switched off" in out
    assert "offline:" not in out  # the closed port was never tried
