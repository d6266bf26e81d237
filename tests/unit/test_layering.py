"""The core stays free of Qt: app/ never imports PySide6 or ui/ (DESIGN.md §1, §7)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui", "pyqtgraph")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_app_never_imports_qt_or_ui() -> None:
    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for line, module in _imports(path):
            if module.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []


def test_only_app_video_imports_vlc() -> None:
    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.is_relative_to(ROOT / "app" / "video"):
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line, module in _imports(path)
                      if module.split(".")[0] == "vlc"]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    """Catches indirect imports too: load all of app/ in a fresh interpreter."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "app").rglob("*.py")
        if "migrations" not in p.parts and p.name != "rtsp_server.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_checker_detects_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport ui.main_window\n")
    modules = [module for _, module in _imports(sample)]
    assert [m.split(".")[0] in FORBIDDEN for m in modules] == [True, True]
