"""Look-up data for citizens: approved violations published as a static dataset folder.

The folder holds data.json (and the same data as data.js, so that index.html also works when
opened straight from disk, where browsers refuse to fetch files), the search page
(index.html + lookup.js, no network access) and the pictures. It is meant to be copied to a
public web server or a kiosk, so it carries only what a vehicle owner needs: plate, type of
violation, legal basis, fine range, time, place, look-up code and pictures. Never: officer
names, user or database ids, camera names or addresses, evidence paths or hashes.

Pictures: bystanders and other vehicles must not be recognisable. Rules (see
``redact_for_publication``): with the offending vehicle's box known, everything outside it is
blurred; with only blur regions drawn by a reviewer, those are blurred; with no region at all
the picture is withheld, because nobody has checked it for bystanders. Pictures are
re-encoded from their pixels, which also drops any EXIF metadata, and get random file names.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.cameras.health import VIETNAM_TZ
from app.hashing import sha256_file
from app.reports.evidence_images import (
    EvidenceImageError,
    jpeg_bytes,
    open_picture,
    redact_for_publication,
)
from app.reports.notice import PRINTABLE_STATES, ensure_lookup_code, load_cases
from app.review.catalogue import ViolationCatalogue
from app.security.audit import AuditTrail
from app.security.permissions import Permission, Principal, require
from app.storage.database import Database
from app.storage.models import Violation
from app.storage.types import utc_now

log = logging.getLogger(__name__)

LOOKUP_PUBLISHED = "lookup.publish"
PUBLISHED_STATES = PRINTABLE_STATES  # approved, forwarded, fined
PAGE_FILES = ("index.html", "lookup.js")
ProgressCallback = Callable[[int, int], None]


class LookupExportError(Exception):
    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True)
class LookupExportResult:
    folder: Path
    records: int
    images: int
    withheld_images: int  # pictures not published (no region to decide what to hide)
    skipped: int  # cases whose pictures failed their SHA-256 check or could not be read
    cancelled: bool = False


def plate_key(plate: str) -> str:
    """The plate as searched: upper case without spaces, dots, dashes or slashes."""
    return "".join(ch for ch in plate.upper() if ch.isalnum())


def page_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / "lookup"


class LookupPublisher:
    def __init__(self, db: Database, audit: AuditTrail, catalogue: ViolationCatalogue, *,
                 evidence_dir: Path | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._catalogue = catalogue
        self._evidence_dir = evidence_dir
        self._clock = clock

    def publish(self, principal: Principal | None, folder: Path, *,
                since: datetime | None = None, until: datetime | None = None,
                progress: ProgressCallback | None = None,
                cancelled: Callable[[], bool] | None = None) -> LookupExportResult:
        """Write the dataset into ``folder`` (replaced as a whole only when complete)."""
        require(principal, Permission.PUBLISH_LOOKUP)
        is_cancelled = cancelled or (lambda: False)
        report = progress or (lambda done, total: None)
        statement = sa.select(Violation.id).where(
            Violation.state.in_([s.value for s in PUBLISHED_STATES]))
        if since is not None:
            statement = statement.where(Violation.detected_at >= since)
        if until is not None:
            statement = statement.where(Violation.detected_at < until)
        with self._db.session() as session:
            ids = list(session.scalars(statement.order_by(Violation.detected_at,
                                                          Violation.id)))
        self._check_target(folder)
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
        except OSError as exc:
            raise LookupExportError(f"The folder {folder} cannot be written "
                                    f"({exc.strerror or exc}).") from None
        try:
            result = self._write(work, ids, report, is_cancelled)
            if result is None:
                shutil.rmtree(work, ignore_errors=True)
                return LookupExportResult(folder, 0, 0, 0, 0, cancelled=True)
            records, images, withheld, skipped = result
            self._swap_in(work, folder)
        except OSError as exc:
            shutil.rmtree(work, ignore_errors=True)
            raise LookupExportError(f"The look-up data cannot be written to {folder} "
                                    f"({exc.strerror or exc}).") from None
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        self._audit.append(principal, LOOKUP_PUBLISHED, "lookup", None,
                           {"folder": str(folder), "records": records, "images": images,
                            "withheld_images": withheld, "skipped": skipped})
        log.info("look-up data published: %d cases, %d pictures", records, images)
        return LookupExportResult(folder, records, images, withheld, skipped)

    def _write(self, work: Path, ids: list[int], report: ProgressCallback,
               is_cancelled: Callable[[], bool]) -> tuple[int, int, int, int] | None:
        (work / "images").mkdir()
        records: list[dict[str, Any]] = []
        images = withheld = skipped = 0
        cases = load_cases(self._db, ids, self._evidence_dir)
        for done, violation_id in enumerate(ids):
            if is_cancelled():
                return None
            report(done, len(ids))
            case = cases[violation_id]
            files: list[str] = []
            try:
                for picture in case.pictures:
                    if sha256_file(picture.path) != picture.sha256:
                        raise EvidenceImageError(f"{picture.path.name} fails its SHA-256")
                    public = redact_for_publication(open_picture(picture.path),
                                                    picture.annotations)
                    if public is None:
                        withheld += 1
                        continue
                    name = f"{secrets.token_hex(10)}.jpg"
                    (work / "images" / name).write_bytes(jpeg_bytes(public))
                    files.append(f"images/{name}")
            except (EvidenceImageError, OSError) as exc:
                # Publishing a case without its checked pictures would be worse than a delay.
                log.warning("violation %d not published: %s", violation_id, exc)
                skipped += 1
                continue
            images += len(files)
            entry = self._catalogue.entry(case.type_code, case.detected_at.date())
            code = case.lookup_code or ensure_lookup_code(self._db, violation_id)
            local = case.detected_at.astimezone(VIETNAM_TZ)
            records.append({
                "plate": case.plate or "",
                "plate_key": plate_key(case.plate or ""),
                "type_title": entry.title if entry else case.type_code,
                "act": entry.text if entry else "",
                "article": entry.legal_basis if entry else "",
                "fine_min_vnd": entry.fine_min_vnd if entry else None,
                "fine_max_vnd": entry.fine_max_vnd if entry else None,
                "fine_range": entry.fine_range if entry else "",
                "time": local.isoformat(timespec="seconds"),
                "time_text": local.strftime("%H:%M ngày %d/%m/%Y"),
                "place": case.place,
                "lookup_code": code,
                "images": files,
            })
        report(len(ids), len(ids))
        data = {"format": "trucban-lookup", "format_version": 1,
                "generated_at": self._clock().astimezone(VIETNAM_TZ).isoformat(
                    timespec="seconds"),
                "violations": records}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        (work / "data.json").write_text(text, encoding="utf-8")
        (work / "data.js").write_text(f"window.LOOKUP_DATA = {text};\n", encoding="utf-8")
        for name in PAGE_FILES:
            shutil.copyfile(page_dir() / name, work / name)
        return len(records), images, withheld, skipped

    @staticmethod
    def _check_target(folder: Path) -> None:
        """Only an empty folder or an earlier export may be replaced (never someone's files)."""
        if not folder.exists():
            return
        if not folder.is_dir():
            raise LookupExportError(f"{folder} is a file; choose a folder.")
        if not any(folder.iterdir()):
            return
        try:
            marker = json.loads((folder / "data.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            marker = None
        if not isinstance(marker, dict) or marker.get("format") != "trucban-lookup":
            raise LookupExportError(f"The folder {folder} already holds other files; choose "
                                    f"an empty folder or an earlier look-up export.")

    @staticmethod
    def _swap_in(work: Path, folder: Path) -> None:
        """Replace ``folder`` by ``work``; the old copy is removed only after the swap."""
        for path in work.rglob("*"):
            if path.is_file():
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}-old-{secrets.token_hex(4)}")
            os.replace(folder, old)
        os.replace(work, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
