"""Trực Ban — composition root.

Parses the command line, sets up logging and crash logs, builds the core services and, for the
graphical commands, hands them to the Qt shell. Nothing else lives here.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

__version__ = "0.1.0"

log = logging.getLogger("trucban")


def _headless_command(name: str) -> Callable[[list[str]], int]:
    """Import the handler of a headless sub-command lazily (no Qt for these)."""

    def run(argv: list[str]) -> int:
        if name == "sim":
            from app.sim.cli import run_sim

            return run_sim(argv)
        if name == "sim-fault":
            from app.sim.cli import run_sim_fault

            return run_sim_fault(argv)
        if name == "db":
            from app.storage.cli import run_db

            return run_db(argv)
        if name == "audit":
            from app.security.cli import run_audit

            return run_audit(argv)
        if name == "models":
            from app.models.cli import run_models

            return run_models(argv)
        raise AssertionError(name)

    return run


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
    for name, text in (("sim", "run simulated ONVIF cameras (training, tests)"),
                       ("sim-fault", "switch a fault on a running simulator"),
                       ("db", "database upgrade/downgrade/current/check"),
                       ("models", "install and list model bundles"),
                       ("audit", "verify the tamper-evident audit trail")):
        sub.add_parser(name, help=text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in ("sim", "sim-fault", "db", "models", "audit"):
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
