"""Trực Ban — composition root.

Parses the command line, sets up logging and crash logs, builds the core services and, for the
graphical commands, hands them to the Qt shell. Nothing else lives here.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

__version__ = "0.1.0"

log = logging.getLogger("trucban")


# Headless sub-commands: name → (module, function, help). Imported lazily: no Qt for these.
HEADLESS_COMMANDS: dict[str, tuple[str, str, str]] = {
    "sim": ("app.sim.cli", "run_sim", "run simulated ONVIF cameras (training, tests)"),
    "sim-fault": ("app.sim.cli", "run_sim_fault", "switch a fault on a running simulator"),
    "db": ("app.storage.cli", "run_db", "database upgrade/downgrade/current/check"),
    "models": ("app.models.cli", "run_models", "install and list model bundles"),
    "audit": ("app.security.cli", "run_audit", "verify the tamper-evident audit trail"),
    "analyze": ("app.analytics.cli", "run_analyze",
                "analyse a video file: counts, events, violations"),
    "export": ("app.recording.cli", "run_export", "verify an evidence export (export verify ZIP)"),
}


def _headless_command(name: str) -> Callable[[list[str]], int]:
    module_name, function, _ = HEADLESS_COMMANDS[name]
    handler: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), function)
    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trucban", description="Trực Ban — video wall and violation review workstation")
    parser.add_argument("--version", action="version", version=f"Trực Ban {__version__}")
    sub = parser.add_subparsers(dest="command")
    gui = sub.add_parser("gui", help="start the workstation (default)")
    gui.add_argument("--language", choices=("vi", "en"), help="override the UI language")
    demo = sub.add_parser("demo", help="start simulated cameras and the workstation on them")
    demo.add_argument("--cameras", type=int, default=4)
    demo.add_argument("--video", action="append", default=[], help="video file to loop")
    demo.add_argument("--language", choices=("vi", "en"))
    for name, (_, _, text) in HEADLESS_COMMANDS.items():
        sub.add_parser(name, help=text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in HEADLESS_COMMANDS:
        from app.bootstrap import start_logging

        start_logging(__version__, console=True)
        return _headless_command(args_list[0])(args_list[1:])
    args = build_parser().parse_args(args_list)
    from ui.launch import launch_workstation

    if args.command == "demo":
        return launch_workstation(__version__, language=args.language, demo_cameras=args.cameras,
                                  demo_videos=args.video)
    return launch_workstation(__version__, language=getattr(args, "language", None))


def cli() -> None:
    sys.exit(main())


def gui() -> None:
    sys.exit(main(["gui"]))


if __name__ == "__main__":
    cli()
