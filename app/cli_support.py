"""What every ``main.py <command>`` needs: argparse without SystemExit, and a database opened
with a one-line message instead of a traceback."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.storage.database import Database
from app.storage.errors import StorageError

EXIT_ERROR = 2


def parse_args(parser: argparse.ArgumentParser,
               argv: Sequence[str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code when argparse already printed help or a usage
    error (argparse would otherwise exit the whole process)."""
    try:
        return parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_ERROR


def open_database(url: str | None) -> Database | None:
    """The database at ``url`` (default: the configured one), or None after printing why not."""
    from app.storage.cli import default_database_url

    try:
        return Database.open(url or default_database_url())
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
