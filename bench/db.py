"""Benchmark: the database at a year's scale — review queue, audit chain, monthly report.

    .venv/bin/python bench/db.py [--violations 1000000] [--audit 5000000]
                                 [--report-violations 10000] [--backends sqlite,postgresql]

Fills a fresh database (SQLite in a temporary folder; PostgreSQL in a throw-away cluster on
127.0.0.1, as the tests start it) with N violations spread over 2025 and M audit entries that
form a valid hash chain (hashes computed with app.security.audit.entry_hash), plus one month
(December 2024) holding exactly --report-violations cases. Rows go in through SQLAlchemy Core
inserts in large batches (executemany; "insertmanyvalues" on PostgreSQL).

Measured, per back end:
  - a filtered, sorted page of the review queue (ReviewQueue.page, 50 rows; median of warm
    runs for several filters). Target ≤ 50 ms.
  - audit chain verification (AuditTrail.verify over every entry), in entries/s.
  - the monthly report for the 10 k-case month: gather_monthly and the PDF, in seconds.
Smaller sizes give a quick run: --violations 100000 --audit 200000.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa

from app.reports.monthly import gather_monthly, write_monthly_pdf
from app.review.catalogue import ViolationCatalogue
from app.review.queue import QueueQuery, QueueSort, ReviewQueue
from app.review.states import ViolationState
from app.security.audit import GENESIS_HASH, AuditTrail, entry_hash
from app.security.permissions import Permission, Principal
from app.storage.database import Database
from app.storage.models import AuditEntry, Camera, Role, User, Violation

CAMERAS = 60
USERS = 12
BATCH = 20_000
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
REPORT_MONTH = (2024, 12)
STATES = [("detected", 0.35), ("verified", 0.15), ("approved", 0.1), ("forwarded", 0.1),
          ("fined", 0.15), ("closed", 0.05), ("rejected", 0.1)]
ACTIONS = ["violation.view", "violation.transition", "login.success", "evidence.view",
           "violation.correct_plate", "notice.print"]
TARGET_QUEUE_MS = 50.0


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def plate(rng: random.Random) -> str:
    return f"{rng.randint(11, 99)}{rng.choice('ABCDEFGHKLM')}-{rng.randint(100, 999)}." \
           f"{rng.randint(10, 99)}"


def violation_rows(count: int, start: datetime, span_s: float, users: list[int],
                   cameras: list[int], codes: list[str], rng: random.Random
                   ) -> Iterator[list[dict[str, Any]]]:
    states = [s for s, _ in STATES]
    weights = [w for _, w in STATES]
    batch: list[dict[str, Any]] = []
    for _ in range(count):
        detected = start + timedelta(seconds=rng.random() * span_s)
        state = rng.choices(states, weights)[0]
        row: dict[str, Any] = {
            "camera_id": rng.choice(cameras), "type_code": rng.choice(codes),
            "plate": plate(rng), "plate_confidence": round(rng.random(), 3), "state": state,
            "detected_at": detected, "version": 1, "verified_at": None,
            "verified_by_id": None, "approved_at": None, "approved_by_id": None}
        if state not in ("detected", "rejected"):
            row["verified_at"] = detected + timedelta(minutes=rng.expovariate(1 / 90))
            row["verified_by_id"] = rng.choice(users)
            if state != "verified":
                row["approved_at"] = row["verified_at"] + timedelta(
                    minutes=rng.expovariate(1 / 240))
                row["approved_by_id"] = rng.choice(users)
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def audit_rows(count: int, users: list[int], max_violation: int, rng: random.Random
               ) -> Iterator[list[dict[str, Any]]]:
    prev = GENESIS_HASH
    moment = YEAR_START
    batch: list[dict[str, Any]] = []
    for seq in range(1, count + 1):
        moment += timedelta(microseconds=rng.randint(1, 6_000_000))
        action = rng.choice(ACTIONS)
        user = rng.choice(users)
        object_id = str(rng.randint(1, max_violation))
        details: dict[str, Any] = {"version": rng.randint(1, 5)}
        if action == "violation.transition":
            details.update({"from": "detected", "to": "verified", "reason": None})
        digest = entry_hash(seq, moment, user, action, "violation", object_id, details, prev)
        batch.append({"seq": seq, "time": moment, "user_id": user, "action": action,
                      "object_type": "violation", "object_id": object_id, "details": details,
                      "prev_hash": prev, "hash": digest})
        prev = digest
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _sqlite_value(value: Any) -> Any:
    # What SQLAlchemy itself stores: naive UTC text with microseconds, JSON as text.
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def bulk_insert(db: Database, table: sa.Table, batches: Iterator[list[dict[str, Any]]],
                label: str, total: int) -> float:
    """Rows in large batches below the ORM: executemany on SQLite, COPY on PostgreSQL."""
    started = time.perf_counter()
    done = 0
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for batch in batches:
            columns = list(batch[0])
            names = ", ".join(columns)
            if db.is_sqlite:
                # The engine runs pysqlite in autocommit mode (it issues BEGIN itself):
                # without an explicit transaction every row would be its own commit.
                if not raw.in_transaction:  # type: ignore[attr-defined]
                    cursor.execute("BEGIN")
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
                                   [tuple(_sqlite_value(r[c]) for c in columns) for r in batch])
            else:
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for r in batch:
                        copy.write_row(tuple(json.dumps(v) if isinstance(v, dict) else v
                                             for v in (r[c] for c in columns)))
            done += len(batch)
            if done % (BATCH * 25) == 0:
                log(f"  {label}: {done:,}/{total:,}")
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - started


def fill(db: Database, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(168)
    codes = [e.code for e in ViolationCatalogue.load().entries()]
    with db.session() as session:
        role = Role(name="bench", permissions=[], builtin=False)
        session.add(role)
        session.flush()
        users = [User(username=f"canbo{i}", display_name=f"Cán bộ {i}", password_hash="x",
                      role_id=role.id) for i in range(USERS)]
        cams = [Camera(name=f"Camera {i}", host=f"10.20.{i // 250}.{i % 250}", port=80,
                       version=1) for i in range(CAMERAS)]
        session.add_all(users + cams)
        session.flush()
        user_ids = [u.id for u in users]
        camera_ids = [c.id for c in cams]
    table = Violation.__table__
    assert isinstance(table, sa.Table)
    times = {"violations_insert_s": bulk_insert(
        db, table, violation_rows(args.violations, YEAR_START, 365 * 86400, user_ids,
                                  camera_ids, codes, rng), "violations", args.violations)}
    report_start = datetime(*REPORT_MONTH, 1, tzinfo=UTC) + timedelta(hours=1)
    bulk_insert(db, table, violation_rows(args.report_violations, report_start,
                                          29 * 86400, user_ids, camera_ids, codes, rng),
                "report month", args.report_violations)
    audit_table = AuditEntry.__table__
    assert isinstance(audit_table, sa.Table)
    times["audit_insert_s"] = bulk_insert(
        db, audit_table, audit_rows(args.audit, user_ids, args.violations, rng), "audit",
        args.audit)
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    return times


def timed(fn: Callable[[], Any], runs: int = 7) -> float:
    fn()  # warm the cache and the statement cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(db: Database, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    principal = Principal(1, "bench", "Bench", "supervisor",
                          frozenset({Permission.VIEW_VIOLATIONS}))
    queue = ReviewQueue(db)
    with db.session() as session:
        camera = session.scalars(sa.select(Camera.id).order_by(Camera.id)).first()
    june = datetime(2025, 6, 1, tzinfo=UTC)
    queries = {
        "newest, no filter": QueueQuery(),
        "state=detected": QueueQuery(states=(ViolationState.DETECTED,)),
        "state=detected, page 20": QueueQuery(states=(ViolationState.DETECTED,), offset=950),
        "camera, June": QueueQuery(camera_ids=(int(camera or 1),), since=june,
                                   until=june + timedelta(days=30)),
        "type 7/7/c, verified": QueueQuery(type_codes=("7/7/c",),
                                           states=(ViolationState.VERIFIED,)),
        "plate contains '29A-1'": QueueQuery(plate_contains="29A-1"),
        "sort by plate asc": QueueQuery(sort=QueueSort.PLATE, descending=False),
    }
    results: dict[str, Any] = {"queue_ms": {}}
    for label, query in queries.items():
        results["queue_ms"][label] = timed(lambda q=query: queue.page(principal, q))
        log(f"  queue {label}: {results['queue_ms'][label]:.1f} ms")
    started = time.perf_counter()
    verdict = AuditTrail(db).verify()
    elapsed = time.perf_counter() - started
    assert verdict.ok and verdict.checked == args.audit, verdict
    results["verify_s"] = elapsed
    results["verify_rate"] = verdict.checked / elapsed
    log(f"  audit verify: {verdict.checked:,} entries in {elapsed:.1f} s")
    catalogue = ViolationCatalogue.load()
    started = time.perf_counter()
    summary = gather_monthly(db, *REPORT_MONTH, catalogue)
    results["monthly_gather_s"] = time.perf_counter() - started
    assert summary.total == args.report_violations, summary.total
    started = time.perf_counter()
    write_monthly_pdf(summary, folder / "monthly.pdf", agency_name="Công an tỉnh")
    results["monthly_pdf_s"] = time.perf_counter() - started
    return results


def run_backend(name: str, url: str, args: argparse.Namespace, folder: Path
                ) -> dict[str, Any]:
    log(f"{name}: filling {args.violations:,} violations and {args.audit:,} audit entries")
    db = Database.open(url)
    try:
        db.upgrade()
        result: dict[str, Any] = fill(db, args)
        log(f"{name}: measuring")
        result.update(measure(db, args, folder))
        return result
    finally:
        db.dispose()


def print_table(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    names = list(results)
    width = 42
    print()
    print(f"Database benchmark: {args.violations:,} violations, {args.audit:,} audit entries, "
          f"report month with {args.report_violations:,} cases")
    print(f"{'':{width}}" + "".join(f"{n:>14}" for n in names))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:{width}}" + "".join(f"{v:>14}" for v in values))

    row("insert violations (s)", [f"{results[n]['violations_insert_s']:.1f}" for n in names])
    row("insert audit entries (s)", [f"{results[n]['audit_insert_s']:.1f}" for n in names])
    for label in results[names[0]]["queue_ms"]:
        row(f"queue page: {label} (ms)", [f"{results[n]['queue_ms'][label]:.1f}"
                                          for n in names])
    worst = [max(results[n]["queue_ms"].values()) for n in names]
    row(f"queue page worst / target {TARGET_QUEUE_MS:.0f} ms",
        [f"{w / TARGET_QUEUE_MS:.2f}×" for w in worst])
    row("audit verify (entries/s)", [f"{results[n]['verify_rate']:,.0f}" for n in names])
    row("audit verify total (s)", [f"{results[n]['verify_s']:.1f}" for n in names])
    row("monthly data, 10k cases (s)", [f"{results[n]['monthly_gather_s']:.2f}"
                                        for n in names])
    row("monthly PDF, 10k cases (s)", [f"{results[n]['monthly_pdf_s']:.2f}" for n in names])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--audit", type=int, default=5_000_000)
    parser.add_argument("--report-violations", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    if min(args.violations, args.audit, args.report_violations) < 1:
        parser.error("sizes must be at least 1")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="trucban-bench-db-") as temp:
        folder = Path(temp)
        if "sqlite" in backends:
            results["SQLite"] = run_backend("SQLite", f"sqlite:///{folder / 'bench.db'}", args,
                                            folder)
        if "postgresql" in backends:
            from tests.postgres import PostgresServer, PostgresUnavailable
            try:
                server = PostgresServer()
            except PostgresUnavailable as exc:
                log(f"PostgreSQL skipped: {exc}")
            else:
                with server:
                    results["PostgreSQL"] = run_backend(
                        "PostgreSQL", server.url(server.create_database("bench")), args, folder)
    if results:
        print_table(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
