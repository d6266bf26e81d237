"""``main.py db ...``: database maintenance from the command line.

    main.py db [--url URL] upgrade [REV]     migrate (default: to the newest schema)
    main.py db [--url URL] downgrade [REV]   go back (default: one step, "-1")
    main.py db [--url URL] current           show the schema version
    main.py db [--url URL] check             exit 1 if migrations are pending or the schema
                                             differs from what this version expects

The database is --url, else $TRUCBAN_DATABASE_URL, else the settings' database_url, else the
SQLite file in the user data folder. Passwords in URLs are never printed.
"""
from __future__ import annotations

import argparse
import os
import sys

from app.paths import AppPaths
from app.storage.database import Database
from app.storage.errors import StorageError

EXIT_OK, EXIT_DIFFERS, EXIT_ERROR = 0, 1, 2


def default_database_url() -> str:
    env_url = os.environ.get("TRUCBAN_DATABASE_URL", "").strip()
    if env_url:
        return env_url
    paths = AppPaths.from_env()
    from app.config.settings import SettingsStore

    configured = SettingsStore(paths.settings_file).load().settings.database_url.strip()
    return configured or paths.default_database_url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py db", description="Database maintenance.")
    parser.add_argument("--url", help="database URL (default: from the settings)")
    commands = parser.add_subparsers(dest="command", required=True)
    upgrade = commands.add_parser("upgrade", help="migrate to the newest schema (or REV)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = commands.add_parser("downgrade", help="go back to REV (default: one step)")
    downgrade.add_argument("revision", nargs="?", default="-1")
    commands.add_parser("current", help="show the schema version")
    commands.add_parser("check", help="exit 1 unless the schema is current and matches")
    return parser


def run_db(argv: list[str]) -> int:
    from app.cli_support import open_database, parse_args

    args = parse_args(_parser(), argv)
    if isinstance(args, int):
        return args
    db = open_database(args.url)
    if db is None:
        return EXIT_ERROR
    try:
        return _run(db, args)
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        db.dispose()


def _run(db: Database, args: argparse.Namespace) -> int:
    where = db.url_for_display
    if args.command == "upgrade":
        before = db.current_revision()
        backup = db.upgrade(args.revision)
        after = db.current_revision()
        if backup is not None:
            print(f"backup: {backup}")
        if before == after:
            print(f"{where}: already at {after or 'empty'}")
        else:
            print(f"{where}: upgraded {before or 'empty'} -> {after}")
        return EXIT_OK
    if args.command == "downgrade":
        before = db.current_revision()
        db.downgrade(args.revision)
        print(f"{where}: downgraded {before or 'empty'} -> {db.current_revision() or 'empty'}")
        return EXIT_OK
    current, head = db.current_revision(), db.head_revision()
    if args.command == "current":
        print(f"{where}: {current or 'empty'} (newest: {head})")
        return EXIT_OK
    # check
    if current != head:
        print(f"{where}: at {current or 'empty'}, migrations pending up to {head}; run "
              f"'main.py db upgrade'")
        return EXIT_DIFFERS
    differences = db.schema_differences()
    if differences:
        print(f"{where}: the schema differs from what this version expects:")
        for difference in differences:
            print(f"  {difference}")
        return EXIT_DIFFERS
    print(f"{where}: schema {head} is current and matches")
    return EXIT_OK
