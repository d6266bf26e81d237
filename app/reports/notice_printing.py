"""Printing notices of violation: one, or many into one PDF or a folder, with progress and
cancel.

Every notice printed is audited (notice.print). A file appears under its final name only
complete: it is written to a temporary file beside it and renamed inside the transaction
that writes its audit entries, so a cancelled or failed run leaves no half file behind and
no printed notice goes unaudited.
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from app.reports.evidence_images import EvidenceImageError, render_for_notice
from app.reports.fonts import FontMissingError
from app.reports.notice import (
    PRINTABLE_STATES,
    TITLE,
    NoticeCase,
    NoticeConfig,
    NoticeError,
    _Styles,
    ensure_lookup_code,
    load_cases,
    notice_story,
    page_size,
    verified_pictures,
)
from app.review.catalogue import ViolationCatalogue
from app.review.states import STATE_LABELS
from app.security.audit import AuditAction, AuditTrail
from app.security.permissions import Permission, PermissionDenied, Principal, require
from app.storage.database import Database
from app.storage.types import utc_now

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]  # done, total, message


@dataclass(frozen=True)
class PrintResult:
    outputs: tuple[Path, ...]
    printed: tuple[int, ...]  # violation ids
    skipped: tuple[tuple[int, str], ...]  # (violation id, why)
    cancelled: bool = False


class _Cancelled(Exception):
    pass


class NoticePrinter:
    def __init__(self, db: Database, audit: AuditTrail, catalogue: ViolationCatalogue,
                 config: NoticeConfig, *, evidence_dir: Path | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._catalogue = catalogue
        self._config = config
        self._evidence_dir = evidence_dir
        self._clock = clock

    # ------------------------------------------------------------------ public
    def print_notice(self, principal: Principal | None, violation_id: int, path: Path) -> Path:
        """One notice into ``path``; raises NoticeError or PermissionDenied."""
        result = self.print_batch(principal, [violation_id], path, single_file=True)
        if result.skipped:
            raise NoticeError(result.skipped[0][1])
        return path

    def print_batch(self, principal: Principal | None, violation_ids: Sequence[int],
                    target: Path, *, single_file: bool = True,
                    progress: ProgressCallback | None = None,
                    cancelled: Callable[[], bool] | None = None) -> PrintResult:
        """Many notices: into the PDF ``target`` (single_file) or as one PDF per case into the
        folder ``target`` (named by look-up code). Cases that cannot be printed are skipped
        with the reason; ``cancelled()`` is polled between cases and between pages."""
        require(principal, Permission.PRINT_NOTICE)
        assert principal is not None
        is_cancelled = cancelled or (lambda: False)
        report = progress or (lambda done, total, message: None)
        ids = list(dict.fromkeys(violation_ids))
        if not ids:
            raise NoticeError("Choose at least one violation to print.")
        if single_file and target.suffix.lower() != ".pdf":
            raise NoticeError("The file name must end in .pdf.")
        folder = target.parent if single_file else target
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NoticeError(f"The folder {folder} cannot be created "
                              f"({exc.strerror or exc}).") from None
        cases = load_cases(self._db, ids, self._evidence_dir)
        styles = _Styles()
        story: list[Flowable] = []
        printed: list[tuple[int, str]] = []
        outputs: list[Path] = []
        skipped: list[tuple[int, str]] = []
        total = len(ids)
        for done, violation_id in enumerate(ids):
            if is_cancelled():
                return PrintResult(tuple(outputs), tuple(v for v, _ in printed),
                                   tuple(skipped), cancelled=True)
            report(done, total, f"#{violation_id}")
            try:
                case = cases.get(violation_id)
                if case is None:
                    raise NoticeError(f"Violation #{violation_id} does not exist.")
                code, flowables = self._prepare(principal, case, styles)
            except (NoticeError, PermissionDenied) as exc:
                skipped.append((violation_id, str(exc)))
                log.info("notice for violation %d skipped: %s", violation_id, exc)
                continue
            if single_file:
                if story:
                    story.append(PageBreak())
                story += flowables
                printed.append((violation_id, code))
                continue
            path = target / f"{code}.pdf"
            if not self._publish(principal, flowables, path, [(violation_id, code)],
                                 is_cancelled):
                return PrintResult(tuple(outputs), tuple(v for v, _ in printed),
                                   tuple(skipped), cancelled=True)
            outputs.append(path)
            printed.append((violation_id, code))
        if single_file and printed:
            report(total, total, "PDF")
            if not self._publish(principal, story, target, printed, is_cancelled):
                return PrintResult((), (), tuple(skipped), cancelled=True)
            outputs.append(target)
        report(total, total, "")
        return PrintResult(tuple(outputs), tuple(v for v, _ in printed), tuple(skipped))

    # ------------------------------------------------------------------ steps
    def _prepare(self, principal: Principal, case: NoticeCase, styles: _Styles
                 ) -> tuple[str, list[Flowable]]:
        require(principal, Permission.PRINT_NOTICE, case.camera_id)
        if case.state not in PRINTABLE_STATES:
            raise NoticeError(f"Violation #{case.violation_id} is '{STATE_LABELS[case.state]}'"
                              f"; a notice is printed only after approval.")
        pictures = verified_pictures(case)
        try:
            rendered = [(pic, render_for_notice(pic.path, pic.annotations)) for pic in pictures]
        except EvidenceImageError as exc:
            raise NoticeError(str(exc)) from None
        entry = self._catalogue.entry(case.type_code, case.detected_at.date())
        code = case.lookup_code or ensure_lookup_code(self._db, case.violation_id)
        return code, notice_story(case, entry, code, rendered, self._config, styles,
                                  self._clock())

    def _publish(self, principal: Principal, story: list[Flowable], path: Path,
                 printed: Sequence[tuple[int, str]], is_cancelled: Callable[[], bool]) -> bool:
        """Build the PDF beside ``path``, then audit and rename in one transaction."""
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-",
                                         suffix=".partial")
        temp = Path(temp_name)

        def check(canvas: Any, doc: Any) -> None:
            if is_cancelled():
                raise _Cancelled()

        try:
            with os.fdopen(fd, "wb") as handle:
                document = SimpleDocTemplate(
                    handle, pagesize=page_size(), leftMargin=15 * mm, rightMargin=15 * mm,
                    topMargin=12 * mm, bottomMargin=10 * mm, title=TITLE,
                    author=self._config.agency_name, creator="Trực Ban")
                document.build(list(story), onFirstPage=check, onLaterPages=check)
                handle.flush()
                os.fsync(handle.fileno())
            if is_cancelled():
                raise _Cancelled()
            with self._audit.transaction() as session:
                for violation_id, code in printed:
                    self._audit.append_in(session, principal, AuditAction.NOTICE_PRINTED,
                                          "violation", violation_id,
                                          {"lookup_code": code, "file": path.name,
                                           "notices_in_file": len(printed)})
                os.replace(temp, path)
        except _Cancelled:
            temp.unlink(missing_ok=True)
            log.info("notice printing cancelled; %s not written", path.name)
            return False
        except FontMissingError as exc:
            temp.unlink(missing_ok=True)
            raise NoticeError(str(exc)) from None
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise NoticeError(f"The notice file {path} cannot be written "
                              f"({exc.strerror or exc}).") from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        log.info("%d notice(s) printed to %s", len(printed), path)
        return True
