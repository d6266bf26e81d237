"""`python main.py export verify ZIP`: re-check every hash of an evidence export."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.recording.manifest import verify_export


def run_export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="trucban export",
                                     description="Evidence export tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check every file of an export against its "
                                 "manifest")
    verify.add_argument("zip", type=Path, help="the exported .zip file")
    args = parser.parse_args(argv)
    report = verify_export(args.zip)
    if report.ok:
        manifest = report.manifest or {}
        print(f"OK: {report.files_checked} files match their SHA-256 "
              f"(case {manifest.get('case_number') or '-'}, exported "
              f"{manifest.get('exported_at', '?')} by "
              f"{(manifest.get('exported_by') or {}).get('username', '?')}).")
        return 0
    print(f"FAILED: {report.problem}", file=sys.stderr)
    return 1
