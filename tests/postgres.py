"""A throw-away PostgreSQL server for tests, from Debian's postgresql packages.

The cluster lives in a temporary folder, listens on 127.0.0.1 only (on a free port) with its
Unix socket in that folder, and is stopped and deleted by stop(). PostgreSQL refuses to run
as root, so when the tests run as root every server command runs as the ``postgres`` system
user. Durability is switched off: the data is thrown away anyway.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Self

import psycopg
from psycopg import sql

APP_ROLE = "trucban"


class PostgresUnavailable(RuntimeError):
    """The server binaries are not installed."""


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<major>/bin that has initdb, or $PG_BIN_DIR."""
    override = os.environ.get("PG_BIN_DIR")
    if override and (Path(override) / "initdb").exists():
        return Path(override)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or find_bin_dir()
        if found is None:
            raise PostgresUnavailable(
                "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
                "install Debian's postgresql package")
        self.bin_dir = found
        self.root = Path(tempfile.mkdtemp(prefix="trucban-pg-"))
        self.data_dir = self.root / "data"
        self.log_file = self.root / "server.log"
        self.port = 0
        self.password = secrets.token_urlsafe(16)
        self._as_postgres = os.geteuid() == 0
        self._started = False
        self._counter = 0

    # ------------------------------------------------------------------ life cycle
    def start(self) -> PostgresServer:
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)
        pwfile = self.root / "superuser.pw"
        pwfile.write_text(secrets.token_urlsafe(16))
        if self._as_postgres:
            os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
        self._run([str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", "postgres",
                   "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}",
                   "--encoding=UTF8", "--no-locale", "--no-sync"])
        pwfile.unlink()
        for attempt in range(3):  # another process may grab the port between probe and bind
            self.port = _free_port()
            options = (f"-h 127.0.0.1 -p {self.port} -k {self.root} -F "
                       f"-c synchronous_commit=off -c full_page_writes=off "
                       f"-c max_connections=60 -c shared_buffers=32MB")
            result = self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l",
                                str(self.log_file), "-o", options, "-w", "-t", "30", "start"],
                               check=False)
            if result.returncode == 0:
                self._started = True
                break
            if attempt == 2:
                raise RuntimeError(f"PostgreSQL did not start:\n{self.log_tail()}")
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD {}").format(
                sql.Identifier(APP_ROLE), sql.Literal(self.password)))
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(APP_ROLE), sql.Identifier(APP_ROLE)))
        return self

    def stop(self) -> None:
        try:
            if self._started:
                self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m",
                           "immediate", "-w", "-t", "30", "stop"], check=False)
                self._started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ databases
    def url(self, database: str = APP_ROLE) -> str:
        return (f"postgresql+psycopg://{APP_ROLE}:{self.password}@127.0.0.1:{self.port}/"
                f"{database}")

    def create_database(self, prefix: str = "test") -> str:
        """A new empty database owned by the app role; returns its name."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE template0").format(
                sql.Identifier(name), sql.Identifier(APP_ROLE)))
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # ------------------------------------------------------------------ helpers
    def _admin(self) -> psycopg.Connection:
        """Superuser connection over the Unix socket (trusted locally, no password)."""
        deadline = time.monotonic() + 10
        while True:
            try:
                return psycopg.connect(host=str(self.root), port=self.port, user="postgres",
                                       dbname="postgres", autocommit=True)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=120,
                                cwd=self.root, stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")
        return result
