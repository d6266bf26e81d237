"""``main.py audit ...``: check the audit trail from the command line.

    main.py audit [--url URL] verify [--batch N]   "OK: N entries" (exit 0), or
                                                   "BROKEN at entry #seq: reason" (exit 1)

The database is --url, else $TRUCBAN_DATABASE_URL, else the settings' database_url, else the
SQLite file in the user data folder. Exit 2 when the database cannot be used.
"""
from __future__ import annotations

import argparse
import sys

from app.cli_support import open_database, parse_args
from app.security.audit import AuditTrail
from app.storage.errors import StorageError

EXIT_OK, EXIT_BROKEN, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py audit", description="Audit trail checks.")
    parser.add_argument("--url", help="database URL (default: from the settings)")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check every entry of the hash chain")
    verify.add_argument("--batch", type=int, default=10_000, help="entries read at a time")
    return parser


def run_audit(argv: list[str]) -> int:
    args = parse_args(_parser(), argv)
    if isinstance(args, int):
        return args
    if args.batch < 1:
        print("error: --batch must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    db = open_database(args.url)
    if db is None:
        return EXIT_ERROR
    try:
        if db.current_revision() is None:
            print(f"error: {db.url_for_display} has no Trực Ban tables (not set up yet?)",
                  file=sys.stderr)
            return EXIT_ERROR
        result = AuditTrail(db).verify(batch=args.batch)
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        db.dispose()
    if result.ok:
        print(f"OK: {result.checked} entries (head {result.head_hash[:16]}…)")
        return EXIT_OK
    print(f"BROKEN at entry #{result.first_broken_seq}: {result.reason} "
          f"({result.checked} entries before it are intact)")
    return EXIT_BROKEN
