"""The role matrix: every core action × every built-in role, from the table and via the services."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.review.annotations import AnnotationService, Shape, ShapeKind
from app.review.queue import ReviewQueue
from app.review.states import ViolationState
from app.review.workflow import ManualEvidence
from app.security.audit import AuditQuery
from app.security.permissions import (
    BUILTIN_ROLES,
    CAMERA_SCOPED,
    Permission,
    PermissionDenied,
    Principal,
    allowed_cameras,
    has_permission,
    normalise_camera_rights,
    require,
)
from app.storage.database import Database
from tests.security_support import PASSWORD, build_world, insert_violation

ROLES = ("duty_officer", "investigator", "supervisor", "administrator")

# Written out by hand (not derived from the code) so that a change to the role table shows up
# here as a deliberate edit. Columns: duty_officer, investigator, supervisor, administrator.
EXPECTED_MATRIX = """
view_live           Y Y Y Y
view_playback       Y Y Y Y
ptz_control         Y Y Y Y
snapshot            Y Y Y Y
manage_cameras      . . . Y
manage_layouts      Y Y Y Y
view_violations     Y Y Y .
create_violation    Y Y Y .
verify_violation    Y Y Y .
reject_violation    Y Y Y .
approve_violation   . . Y .
forward_violation   . . Y .
close_violation     . . Y .
correct_plate       Y Y Y .
annotate_evidence   Y Y Y .
export_evidence     . Y Y .
print_notice        . . Y .
publish_lookup      . . Y .
view_reports        . Y Y Y
view_audit          . . Y Y
manage_users        . . . Y
manage_roles        . . . Y
change_settings     . . . Y
manage_models       . . . Y
import_footage      . Y . Y
manage_maintenance  Y . . Y
"""


def _expected() -> dict[tuple[Permission, str], bool]:
    table: dict[tuple[Permission, str], bool] = {}
    for line in EXPECTED_MATRIX.strip().splitlines():
        name, *marks = line.split()
        for role, mark in zip(ROLES, marks, strict=True):
            table[(Permission(name), role)] = mark == "Y"
    return table


EXPECTED = _expected()


def _principal(role: str, camera_rights: dict[str, tuple[str, ...]] | None = None) -> Principal:
    return Principal(user_id=7, username="u", display_name="U", role_name=role,
                     permissions=BUILTIN_ROLES[role].permissions,
                     camera_rights=camera_rights or {})


def test_matrix_covers_every_permission_and_role() -> None:
    assert {p for p, _ in EXPECTED} == set(Permission)
    assert set(BUILTIN_ROLES) == set(ROLES)
    assert [BUILTIN_ROLES[r].label for r in ROLES] == [
        "Cán bộ trực ban", "Điều tra viên", "Lãnh đạo phê duyệt", "Quản trị viên"]


@pytest.mark.parametrize("permission", list(Permission), ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_through_require(role: str, permission: Permission) -> None:
    principal = _principal(role)
    if EXPECTED[(permission, role)]:
        assert require(principal, permission) is principal
        assert require(principal, permission, camera_id=3) is principal
    else:
        with pytest.raises(PermissionDenied) as caught:
            require(principal, permission, camera_id=3)
        assert BUILTIN_ROLES[role].label in caught.value.user_message
        assert caught.value.permission is permission


def test_nobody_logged_in_is_refused() -> None:
    with pytest.raises(PermissionDenied, match="log in"):
        require(None, Permission.VIEW_LIVE)
    assert not has_permission(None, Permission.VIEW_LIVE)


def test_camera_rights_narrow_camera_scoped_permissions_only() -> None:
    officer = _principal("duty_officer", {"1": (), "2": ("view_live",)})
    require(officer, Permission.VERIFY_VIOLATION, camera_id=1)  # empty list: all role rights
    require(officer, Permission.VIEW_LIVE, camera_id=2)
    with pytest.raises(PermissionDenied, match="camera 2"):
        require(officer, Permission.VERIFY_VIOLATION, camera_id=2)
    with pytest.raises(PermissionDenied, match="camera 3"):
        require(officer, Permission.VIEW_LIVE, camera_id=3)
    # Not camera-scoped: the camera list does not matter.
    require(officer, Permission.MANAGE_MAINTENANCE, camera_id=3)
    # Listing a right for a camera never adds one the role lacks.
    listed = _principal("duty_officer", {"1": ("approve_violation",)})
    with pytest.raises(PermissionDenied, match="does not allow"):
        require(listed, Permission.APPROVE_VIOLATION, camera_id=1)
    assert allowed_cameras(officer, Permission.VIEW_LIVE) == {1, 2}
    assert allowed_cameras(officer, Permission.VERIFY_VIOLATION) == {1}
    assert allowed_cameras(_principal("duty_officer"), Permission.VIEW_LIVE) is None
    assert allowed_cameras(officer, Permission.APPROVE_VIOLATION) == frozenset()


def test_camera_rights_are_validated() -> None:
    assert normalise_camera_rights({3: ["view_live", "view_live"]}) == {"3": ["view_live"]}
    with pytest.raises(ValueError, match="camera number"):
        normalise_camera_rights({"cổng": []})
    with pytest.raises(ValueError, match="Unknown"):
        normalise_camera_rights({1: ["fly"]})
    with pytest.raises(ValueError, match="Only camera"):
        normalise_camera_rights({1: ["manage_users"]})
    assert Permission.MANAGE_USERS not in CAMERA_SCOPED


# --------------------------------------------------------------------- through the services
SERVICE_ACTIONS = (
    Permission.VIEW_VIOLATIONS, Permission.CREATE_VIOLATION, Permission.VERIFY_VIOLATION,
    Permission.REJECT_VIOLATION, Permission.APPROVE_VIOLATION, Permission.FORWARD_VIOLATION,
    Permission.CLOSE_VIOLATION, Permission.CORRECT_PLATE, Permission.VIEW_AUDIT,
    Permission.MANAGE_USERS, Permission.MANAGE_ROLES, Permission.ANNOTATE_EVIDENCE,
    Permission.EXPORT_EVIDENCE,
)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_through_the_services(role: str, migrated_db: Database,
                                          tmp_path: Path) -> None:
    world = build_world(migrated_db)
    principal = world.by_role[role]
    camera = world.cameras[0]
    frame = tmp_path / "frame.png"
    assert cv2.imwrite(str(frame), np.full((8, 8, 3), 128, np.uint8))
    queue = ReviewQueue(migrated_db)
    annotations = AnnotationService(migrated_db, world.audit)
    case = world.violations.create_manual(
        world.by_role["supervisor"], camera, "7/7/c", None, [ManualEvidence(frame)])
    evidence = case.evidence[0]

    def move(state: str, target: ViolationState, reason: str | None = None) -> None:
        vid = insert_violation(migrated_db, camera, state)
        world.violations.transition(principal, vid, 1, target, reason)

    actions = {
        Permission.VIEW_VIOLATIONS: lambda: (
            queue.page(principal), queue.type_codes(principal),
            annotations.load(principal, evidence.id),
            world.violations.history(principal, case.id),
            world.violations.view(principal, insert_violation(migrated_db, camera))),
        Permission.ANNOTATE_EVIDENCE: lambda: annotations.save(
            principal, evidence.id, [Shape(ShapeKind.BLUR, 0, 0, 4, 4)], ()),
        Permission.EXPORT_EVIDENCE: lambda: annotations.export(
            principal, evidence.id, tmp_path / f"export-{role}.png"),
        Permission.CREATE_VIOLATION: lambda: world.violations.create_manual(
            principal, camera, "7/7/c", "29-M1 123.45", [ManualEvidence(frame)]),
        Permission.VERIFY_VIOLATION: lambda: move("detected", ViolationState.VERIFIED),
        Permission.REJECT_VIOLATION: lambda: move("detected", ViolationState.REJECTED, "mờ"),
        Permission.APPROVE_VIOLATION: lambda: move("verified", ViolationState.APPROVED),
        Permission.FORWARD_VIOLATION: lambda: move("approved", ViolationState.FORWARDED),
        Permission.CLOSE_VIOLATION: lambda: move("forwarded", ViolationState.FINED),
        Permission.CORRECT_PLATE: lambda: world.violations.correct_plate(
            principal, insert_violation(migrated_db, camera), 1, "30A-999.99"),
        Permission.VIEW_AUDIT: lambda: world.audit.query(principal, AuditQuery(limit=5)),
        Permission.MANAGE_USERS: lambda: world.users.create_user(
            principal, f"new_{role}", PASSWORD, "Mới", "duty_officer"),
        Permission.MANAGE_ROLES: lambda: world.users.save_role(
            principal, f"Trực đêm {role}", ["view_live"]),
    }
    assert set(actions) == set(SERVICE_ACTIONS)
    outcome: dict[Permission, bool] = {}
    for permission, action in actions.items():
        try:
            action()
            outcome[permission] = True
        except PermissionDenied as exc:
            assert exc.permission is permission, (permission, exc.permission)
            outcome[permission] = False
    assert outcome == {p: EXPECTED[(p, role)] for p in SERVICE_ACTIONS}
    assert world.audit.verify().ok


def test_camera_rights_are_enforced_by_the_services(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    cam1, cam2 = world.cameras
    officer = world.by_role["duty_officer"]
    world.users.set_camera_rights(world.admin, officer.user_id, {cam1: []})
    officer = world.users.authenticate(officer.username, PASSWORD)
    assert dict(officer.camera_rights) == {str(cam1): ()}
    on_cam1 = insert_violation(migrated_db, cam1)
    on_cam2 = insert_violation(migrated_db, cam2)
    assert world.violations.view(officer, on_cam1).id == on_cam1
    with pytest.raises(PermissionDenied, match=f"camera {cam2}"):
        world.violations.view(officer, on_cam2)
    with pytest.raises(PermissionDenied):
        world.violations.transition(officer, on_cam2, 1, ViolationState.VERIFIED)
    assert world.violations.transition(officer, on_cam1, 1, "verified").version == 2
