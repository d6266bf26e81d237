"""The life of a violation: which state may follow which, and who may move it.

    detected → verified → approved → forwarded → fined | closed
    any open state (detected, verified, approved, forwarded) → rejected (a reason is required)

Approval is the supervisor's decision (approve_violation). Rejecting a case that a supervisor
has already approved needs approve_violation as well, so an officer cannot undo it.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from app.security.permissions import Permission


class ViolationState(StrEnum):
    DETECTED = "detected"
    VERIFIED = "verified"
    APPROVED = "approved"
    FORWARDED = "forwarded"
    FINED = "fined"
    CLOSED = "closed"
    REJECTED = "rejected"


S = ViolationState

STATE_LABELS: Mapping[ViolationState, str] = {
    S.DETECTED: "Mới phát hiện", S.VERIFIED: "Đã xác minh", S.APPROVED: "Đã phê duyệt",
    S.FORWARDED: "Đã chuyển xử lý", S.FINED: "Đã xử phạt", S.CLOSED: "Đã kết thúc",
    S.REJECTED: "Đã loại bỏ",
}

OPEN_STATES: frozenset[ViolationState] = frozenset({S.DETECTED, S.VERIFIED, S.APPROVED,
                                                    S.FORWARDED})
FINAL_STATES: frozenset[ViolationState] = frozenset(set(S) - OPEN_STATES)
# The plate may be corrected until a supervisor has approved what it says.
PLATE_EDITABLE_STATES: frozenset[ViolationState] = frozenset({S.DETECTED, S.VERIFIED})

# (from, to) → the permission that move needs.
TRANSITIONS: Mapping[tuple[ViolationState, ViolationState], Permission] = {
    (S.DETECTED, S.VERIFIED): Permission.VERIFY_VIOLATION,
    (S.VERIFIED, S.APPROVED): Permission.APPROVE_VIOLATION,
    (S.APPROVED, S.FORWARDED): Permission.FORWARD_VIOLATION,
    (S.FORWARDED, S.FINED): Permission.CLOSE_VIOLATION,
    (S.FORWARDED, S.CLOSED): Permission.CLOSE_VIOLATION,
    **{(state, S.REJECTED): Permission.REJECT_VIOLATION for state in OPEN_STATES},
}

# What a move to each target needs whatever the source: checked before anything is revealed
# about the case (such as someone else having decided it meanwhile).
TARGET_PERMISSION: Mapping[ViolationState, Permission] = {
    S.VERIFIED: Permission.VERIFY_VIOLATION, S.APPROVED: Permission.APPROVE_VIOLATION,
    S.FORWARDED: Permission.FORWARD_VIOLATION, S.FINED: Permission.CLOSE_VIOLATION,
    S.CLOSED: Permission.CLOSE_VIOLATION, S.REJECTED: Permission.REJECT_VIOLATION,
}


def required_permissions(current: ViolationState,
                         target: ViolationState) -> tuple[Permission, ...]:
    """Every permission the move needs; raises IllegalTransition when there is no such move."""
    needed = TRANSITIONS.get((current, target))
    if needed is None:
        raise IllegalTransition(current, target)
    if target is S.REJECTED and current in (S.APPROVED, S.FORWARDED):
        return (needed, Permission.APPROVE_VIOLATION)
    return (needed,)


def parse_state(value: str | ViolationState) -> ViolationState:
    try:
        return ViolationState(value)
    except ValueError:
        raise ReviewError(f"'{value}' is not a violation state.") from None


class ReviewError(Exception):
    """A refusal the user can act on; ``user_message`` (also ``str()``) says why."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class ViolationNotFound(ReviewError):
    def __init__(self, violation_id: int) -> None:
        super().__init__(f"Violation #{violation_id} does not exist (any more).")
        self.violation_id = violation_id


class IllegalTransition(ReviewError):
    def __init__(self, current: ViolationState, target: ViolationState) -> None:
        super().__init__(f"A violation that is '{STATE_LABELS[current]}' cannot become "
                         f"'{STATE_LABELS[target]}'.")
        self.current = current
        self.target = target


class ConcurrentDecisionError(ReviewError):
    """Someone else decided first; their decision stands and nothing of ours was saved."""

    def __init__(self, violation_id: int, decided_by: str | None, decided_at: datetime | None,
                 state: ViolationState, current_version: int) -> None:
        who = decided_by or "Another user"
        when = f" at {decided_at.astimezone():%H:%M %d/%m/%Y}" if decided_at else ""
        super().__init__(f"{who} already changed violation #{violation_id}{when} (now "
                         f"'{STATE_LABELS[state]}'). Your change was not saved; reload the "
                         f"violation and decide again.")
        self.violation_id = violation_id
        self.decided_by = decided_by
        self.decided_at = decided_at
        self.state = state
        self.current_version = current_version
