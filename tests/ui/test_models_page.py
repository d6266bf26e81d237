"""The Models page lists installed bundles, measures a latency in the background, installs
bundles from a folder with a report, and says when analytics is off for want of a model."""
from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models.cache import CompiledModelCache
from app.models.store import ModelStore
from ui.analytics.models_page import ModelsDialog, ModelsPage

PPOCR = ("pp-ocrv6-det-small", "pp-ocrv6-rec-small")


@pytest.fixture(scope="module")
def source_store(tmp_path_factory: pytest.TempPathFactory) -> ModelStore:
    """PP-OCR bundles from the rapidocr package (always installed with the application)."""
    store = ModelStore(tmp_path_factory.mktemp("models-source"))
    report = store.install_from_registry_packages(set(PPOCR))
    assert report.ok and set(report.installed) == set(PPOCR), report
    return store


def _cell(page: ModelsPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    return item.text() if item is not None else ""


def test_lists_bundles_and_measures_latency(qtbot: QtBot, source_store: ModelStore,
                                            tmp_path: Path) -> None:
    page = ModelsPage(source_store, CompiledModelCache(tmp_path / "cache"))
    qtbot.addWidget(page, before_close_func=lambda p: p.shutdown())
    page.show()
    assert page.table.rowCount() == 2
    assert [_cell(page, r, 0) for r in range(2)] == sorted(PPOCR)
    assert "Apache-2.0" in _cell(page, 0, 2)
    assert _cell(page, 0, 3) == "www.modelscope.cn" and _cell(page, 0, 4).endswith("MB")
    assert page.banner.isVisible() and "no road-user detection model" in page.banner.text()
    assert page.device.itemText(0) == "CPU"

    page.table.selectRow(0)
    assert page.measure_selected()
    assert page.busy and not page.measure_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=60000)
    assert ("pp-ocrv6-det-small", "CPU") in page.latencies, page.status.text()
    assert page.latencies[("pp-ocrv6-det-small", "CPU")] > 0
    assert _cell(page, 0, 5).endswith("ms") and "ms per inference" in page.status.text()


def test_installs_from_a_folder_with_a_report(qtbot: QtBot, source_store: ModelStore,
                                              tmp_path: Path) -> None:
    target = ModelStore(tmp_path / "models")
    dialog = ModelsDialog(target, CompiledModelCache(tmp_path / "cache"))
    qtbot.addWidget(dialog)
    page = dialog.page
    assert page.table.rowCount() == 0

    assert page.install_from(tmp_path / "nowhere")
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert "no such file or folder" in page.status.text()

    assert page.install_from(source_store.root)
    qtbot.waitUntil(lambda: not page.busy, timeout=60000)
    assert page.table.rowCount() == 2
    assert "Installed: " in page.report.toPlainText()
    assert all(name in page.report.toPlainText() for name in PPOCR)
    assert page.banner.isVisibleTo(dialog)  # still no road-user detector
