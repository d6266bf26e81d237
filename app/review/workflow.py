"""ViolationService: every decision on a violation goes through here.

Each call checks the permission in the core (``require``), checks the move is legal, records
who and when, and writes its audit entry in the same transaction as the change, so a change
without its audit entry (or the reverse) cannot be committed.

Several workstations share the database, so decisions use optimistic locking: the caller
says which version it looked at; if someone else decided in between, the call fails with
ConcurrentDecisionError naming who, and nothing is saved. The audit lock taken at the start
of each transaction also serialises the read-check-write, and the ORM's version column
(UPDATE ... WHERE version = n) guards against writers that do not take it.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.hashing import sha256_file, store_hashed_copy
from app.review.states import (
    FINAL_STATES,
    PLATE_EDITABLE_STATES,
    TARGET_PERMISSION,
    ConcurrentDecisionError,
    ReviewError,
    ViolationNotFound,
    ViolationState,
    parse_state,
    required_permissions,
)
from app.security.audit import AuditAction, AuditTrail
from app.security.permissions import Permission, Principal, has_permission, require
from app.storage.database import Database
from app.storage.errors import ConcurrentUpdateError
from app.storage.models import EVIDENCE_KINDS, Camera, Evidence, Violation
from app.storage.types import utc_now

log = logging.getLogger(__name__)

MAX_REASON = 2000
_PLATE = re.compile(r"^[A-Z0-9][A-Z0-9.\-/ ]{2,19}$")
_DECISION_ACTIONS = (AuditAction.VIOLATION_TRANSITION, AuditAction.PLATE_CORRECTED,
                     AuditAction.VIOLATION_CREATED)


@dataclass(frozen=True)
class EvidenceDTO:
    id: int
    kind: str
    path: str
    sha256: str
    captured_at: datetime
    source: str


@dataclass(frozen=True)
class ViolationDTO:
    id: int
    camera_id: int
    type_code: str
    plate: str | None
    plate_confidence: float | None
    state: ViolationState
    detected_at: datetime
    verified_at: datetime | None
    verified_by_id: int | None
    approved_at: datetime | None
    approved_by_id: int | None
    reject_reason: str | None
    lookup_code: str | None
    version: int
    evidence: tuple[EvidenceDTO, ...] = ()
    forwarded_at: datetime | None = None
    forwarded_by_id: int | None = None
    closed_at: datetime | None = None  # fined, closed or rejected
    closed_by_id: int | None = None


@dataclass(frozen=True)
class ManualEvidence:
    """A file already saved (atomically) under the evidence folder, to attach to a new case."""

    path: Path
    kind: str = "image"
    captured_at: datetime | None = None
    source: str = "manual"


@dataclass(frozen=True)
class DecisionRecord:
    """One entry of a violation's history, read back from the audit trail."""

    time: datetime
    action: str
    user_id: int | None
    user_name: str | None
    details: dict[str, object]


def normalise_plate(plate: str | None) -> str | None:
    """Upper case, single spaces; None or blank means "not read"."""
    if plate is None or not plate.strip():
        return None
    text = " ".join(plate.upper().split())
    if not _PLATE.match(text):
        raise ReviewError(f"'{plate}' is not a licence plate (letters, digits, '.', '-' and "
                          f"'/', 3 to 20 characters, e.g. 30A-123.45).")
    return text


def _evidence_dto(row: Evidence) -> EvidenceDTO:
    return EvidenceDTO(id=row.id, kind=row.kind, path=row.path, sha256=row.sha256,
                       captured_at=row.captured_at, source=row.source)


def violation_dto(row: Violation, evidence: Sequence[Evidence] = ()) -> ViolationDTO:
    return ViolationDTO(
        id=row.id, camera_id=row.camera_id, type_code=row.type_code, plate=row.plate,
        plate_confidence=row.plate_confidence, state=ViolationState(row.state),
        detected_at=row.detected_at, verified_at=row.verified_at,
        verified_by_id=row.verified_by_id, approved_at=row.approved_at,
        approved_by_id=row.approved_by_id, reject_reason=row.reject_reason,
        lookup_code=row.lookup_code, version=row.version,
        evidence=tuple(_evidence_dto(e) for e in evidence),
        forwarded_at=row.forwarded_at, forwarded_by_id=row.forwarded_by_id,
        closed_at=row.closed_at, closed_by_id=row.closed_by_id)


class ViolationService:
    def __init__(self, db: Database, audit: AuditTrail, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock

    # ------------------------------------------------------------------ decisions
    def transition(self, principal: Principal | None, violation_id: int,
                   expected_version: int, target_state: ViolationState | str,
                   reason: str | None = None) -> ViolationDTO:
        target = parse_state(target_state)
        reason = (reason or "").strip() or None
        if target is ViolationState.REJECTED and reason is None:
            raise ReviewError("Give the reason for rejecting this violation.")
        if reason is not None and len(reason) > MAX_REASON:
            raise ReviewError(f"The reason is too long (at most {MAX_REASON} characters).")
        # No move leads back to "detected": only then is there no target permission, and
        # required_permissions() below refuses the move.
        gate = TARGET_PERMISSION.get(target, Permission.VIEW_VIOLATIONS)
        require(principal, gate)
        assert principal is not None
        try:
            with self._audit.transaction() as session:
                row = self._load(session, violation_id)
                require(principal, gate, row.camera_id)
                self._check_version(session, row, expected_version)
                current = ViolationState(row.state)
                for permission in required_permissions(current, target):
                    require(principal, permission, row.camera_id)
                now = self._clock()
                if target is ViolationState.VERIFIED:
                    row.verified_at, row.verified_by_id = now, principal.user_id
                elif target is ViolationState.APPROVED:
                    row.approved_at, row.approved_by_id = now, principal.user_id
                elif target is ViolationState.FORWARDED:
                    row.forwarded_at, row.forwarded_by_id = now, principal.user_id
                if target in FINAL_STATES:
                    row.closed_at, row.closed_by_id = now, principal.user_id
                if target is ViolationState.REJECTED:
                    row.reject_reason = reason
                row.state = target.value
                session.flush()  # bumps the version (UPDATE ... WHERE version = old)
                self._audit.append_in(
                    session, principal, AuditAction.VIOLATION_TRANSITION, "violation", row.id,
                    {"from": current.value, "to": target.value, "reason": reason,
                     "version": row.version})
                result = violation_dto(row, self._evidence(session, row.id))
        except ConcurrentUpdateError:
            raise self._concurrent_error(violation_id) from None
        log.info("violation %d: %s -> %s by %s", violation_id, current.value, target.value,
                 principal.username)
        return result

    def correct_plate(self, principal: Principal | None, violation_id: int,
                      expected_version: int, plate: str, reason: str | None = None
                      ) -> ViolationDTO:
        new_plate = normalise_plate(plate)
        if new_plate is None:
            raise ReviewError("Type the corrected plate.")
        require(principal, Permission.CORRECT_PLATE)
        try:
            with self._audit.transaction() as session:
                row = self._load(session, violation_id)
                require(principal, Permission.CORRECT_PLATE, row.camera_id)
                self._check_version(session, row, expected_version)
                if ViolationState(row.state) not in PLATE_EDITABLE_STATES:
                    raise ReviewError("The plate can only be corrected before the violation "
                                      "is approved.")
                if row.plate == new_plate:
                    raise ReviewError(f"The plate is already {new_plate}.")
                old_plate, old_confidence = row.plate, row.plate_confidence
                row.plate, row.plate_confidence = new_plate, None  # typed by a person
                session.flush()
                self._audit.append_in(
                    session, principal, AuditAction.PLATE_CORRECTED, "violation", row.id,
                    {"old": old_plate, "old_confidence": old_confidence, "new": new_plate,
                     "reason": (reason or "").strip() or None, "version": row.version})
                return violation_dto(row, self._evidence(session, row.id))
        except ConcurrentUpdateError:
            raise self._concurrent_error(violation_id) from None

    def create_manual(self, principal: Principal | None, camera_id: int, type_code: str,
                      plate: str | None, evidence: Sequence[ManualEvidence],
                      detected_at: datetime | None = None) -> ViolationDTO:
        """A violation an officer saw in a live or recorded frame."""
        require(principal, Permission.CREATE_VIOLATION, camera_id)
        assert principal is not None
        code = (type_code or "").strip()
        if not code or len(code) > 32:
            raise ReviewError("Choose the type of violation.")
        clean_plate = normalise_plate(plate)
        if not evidence:
            raise ReviewError("Attach at least one picture or clip as evidence.")
        hashed = [(item, self._hash_evidence(item)) for item in evidence]
        times = [item.captured_at for item in evidence if item.captured_at is not None]
        when = detected_at or (min(times) if times else self._clock())
        with self._audit.transaction() as session:
            if session.get(Camera, camera_id) is None:
                raise ReviewError(f"Camera #{camera_id} does not exist.")
            row = Violation(camera_id=camera_id, type_code=code, plate=clean_plate,
                            state=ViolationState.DETECTED.value, detected_at=when)
            session.add(row)
            session.flush()
            files = [Evidence(violation_id=row.id, camera_id=camera_id, kind=item.kind,
                              path=str(item.path), sha256=digest,
                              captured_at=item.captured_at or when, source=item.source)
                     for item, digest in hashed]
            session.add_all(files)
            session.flush()
            self._audit.append_in(
                session, principal, AuditAction.VIOLATION_CREATED, "violation", row.id,
                {"camera_id": camera_id, "type_code": code, "plate": clean_plate,
                 "manual": True, "version": row.version,
                 "evidence": [{"kind": f.kind, "sha256": f.sha256} for f in files]})
            return violation_dto(row, files)

    def create_from_snapshot(self, principal: Principal | None, evidence_id: int,
                             type_code: str, plate: str | None = None) -> ViolationDTO:
        """A violation from a snapshot already stored as evidence (not yet part of a case).

        The snapshot's camera and capture time become the violation's; the file is not copied
        and keeps its recorded hash, which is checked against the file first.
        """
        require(principal, Permission.CREATE_VIOLATION)
        with self._db.session() as session:
            found = session.get(Evidence, evidence_id)
            if found is None:
                raise ReviewError(f"Evidence #{evidence_id} does not exist.")
            snapshot = _evidence_dto(found)
            camera_id, linked = found.camera_id, found.violation_id
        if camera_id is None:
            raise ReviewError("This evidence has no camera; attach it as a file instead.")
        if linked is not None:
            raise ReviewError(f"Evidence #{evidence_id} already belongs to violation "
                              f"#{linked}.")
        try:
            actual = sha256_file(Path(snapshot.path))
        except OSError as exc:
            raise ReviewError(f"The evidence file {snapshot.path} cannot be read "
                              f"({exc.strerror or exc}).") from None
        if actual != snapshot.sha256:
            raise ReviewError(f"The evidence file {snapshot.path} no longer matches its "
                              f"recorded SHA-256; it cannot be used.")
        created = self.create_manual(
            principal, camera_id, type_code, plate,
            [ManualEvidence(Path(snapshot.path), snapshot.kind, snapshot.captured_at,
                            snapshot.source or "snapshot")],
            detected_at=snapshot.captured_at)
        return created

    # -------------------------------------------------------------------- reading
    def view(self, principal: Principal | None, violation_id: int) -> ViolationDTO:
        """The violation with its evidence; the view itself is audited."""
        require(principal, Permission.VIEW_VIOLATIONS)
        with self._audit.transaction() as session:
            row = self._load(session, violation_id)
            require(principal, Permission.VIEW_VIOLATIONS, row.camera_id)
            self._audit.append_in(session, principal, AuditAction.VIOLATION_VIEWED,
                                  "violation", row.id, {"version": row.version})
            return violation_dto(row, self._evidence(session, row.id))

    def history(self, principal: Principal | None, violation_id: int) -> list[DecisionRecord]:
        """Who did what to the violation and when, oldest first (from the audit trail)."""
        require(principal, Permission.VIEW_VIOLATIONS)
        with self._db.session() as session:
            row = self._load(session, violation_id)
            require(principal, Permission.VIEW_VIOLATIONS, row.camera_id)
        records = self._audit.latest("violation", str(violation_id), _DECISION_ACTIONS,
                                     limit=1000)
        return [DecisionRecord(time=r.time, action=r.action, user_id=r.user_id,
                               user_name=r.display_name or r.username, details=dict(r.details))
                for r in reversed(records)]

    @staticmethod
    def allowed_targets(principal: Principal | None, violation: ViolationDTO
                        ) -> list[ViolationState]:
        """The states this principal may move the violation to now (for enabling buttons)."""
        allowed = []
        for target in ViolationState:
            try:
                needed = required_permissions(violation.state, target)
            except ReviewError:
                continue
            if all(has_permission(principal, p, violation.camera_id) for p in needed):
                allowed.append(target)
        return allowed

    # -------------------------------------------------------------------- helpers
    @staticmethod
    def _load(session: Session, violation_id: int) -> Violation:
        row = session.get(Violation, violation_id)
        if row is None:
            raise ViolationNotFound(violation_id)
        return row

    @staticmethod
    def _evidence(session: Session, violation_id: int) -> list[Evidence]:
        return list(session.scalars(sa.select(Evidence).where(
            Evidence.violation_id == violation_id).order_by(Evidence.id)))

    def _check_version(self, session: Session, row: Violation, expected_version: int) -> None:
        if row.version != expected_version:
            raise self._concurrent_error(row.id, session, row)

    def _concurrent_error(self, violation_id: int, session: Session | None = None,
                          row: Violation | None = None) -> ConcurrentDecisionError:
        if row is None:
            with self._db.session() as own:
                row = self._load(own, violation_id)
        last = self._audit.latest("violation", str(violation_id), _DECISION_ACTIONS, limit=1,
                                  session=session)
        who = (last[0].display_name or last[0].username) if last else None
        when = last[0].time if last else None
        return ConcurrentDecisionError(violation_id, who, when, ViolationState(row.state),
                                       row.version)

    @staticmethod
    def evidence_file(evidence_dir: Path, source: Path,
                      captured_at: datetime | None = None) -> ManualEvidence:
        """Copy a picture into the evidence folder (temp file + fsync + rename), named by its
        SHA-256, ready for ``create_manual``; the source file is left untouched."""
        suffix = source.suffix.lower() if source.suffix else ".jpg"
        kind = "clip" if suffix in (".mp4", ".mkv", ".ts", ".avi", ".mov") else "image"
        try:
            digest = store_hashed_copy(source, evidence_dir, suffix)
        except OSError as exc:
            raise ReviewError(f"The file {source} cannot be copied into the evidence folder "
                              f"({exc.strerror or exc}).") from None
        return ManualEvidence(evidence_dir / f"{digest}{suffix}", kind, captured_at, "manual")

    @staticmethod
    def _hash_evidence(item: ManualEvidence) -> str:
        if item.kind not in EVIDENCE_KINDS:
            raise ReviewError(f"Unknown evidence kind '{item.kind}'.")
        if item.captured_at is not None and item.captured_at.tzinfo is None:
            raise ReviewError("The evidence capture time needs a time zone.")
        try:
            return sha256_file(Path(item.path))
        except OSError as exc:
            raise ReviewError(f"The evidence file {item.path} cannot be read "
                              f"({exc.strerror or exc}).") from None
