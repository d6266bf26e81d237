"""Permissions, built-in roles and the one check every core service makes.

Buttons are hidden in the UI for convenience only; the decision is taken here, in the core,
so that a missing check in a widget cannot let an action through.

Per-camera rights: ``Principal.camera_rights`` maps a camera id (as a string, it comes from a
JSON column) to a list of permission values. When the mapping is empty the role's rights
apply to every camera. When it is not empty, a camera-scoped permission is granted on a
camera only if the role has it AND the camera is listed AND its list is empty (all the role's
camera-scoped rights there) or names that permission. Rights listed for a camera never add
anything the role does not have.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

log = logging.getLogger(__name__)


class Permission(StrEnum):
    VIEW_LIVE = "view_live"
    VIEW_PLAYBACK = "view_playback"
    PTZ_CONTROL = "ptz_control"
    SNAPSHOT = "snapshot"
    MANAGE_CAMERAS = "manage_cameras"
    MANAGE_LAYOUTS = "manage_layouts"
    VIEW_VIOLATIONS = "view_violations"
    CREATE_VIOLATION = "create_violation"
    VERIFY_VIOLATION = "verify_violation"
    REJECT_VIOLATION = "reject_violation"
    APPROVE_VIOLATION = "approve_violation"
    FORWARD_VIOLATION = "forward_violation"
    CLOSE_VIOLATION = "close_violation"
    CORRECT_PLATE = "correct_plate"
    ANNOTATE_EVIDENCE = "annotate_evidence"
    EXPORT_EVIDENCE = "export_evidence"
    PRINT_NOTICE = "print_notice"
    PUBLISH_LOOKUP = "publish_lookup"
    VIEW_REPORTS = "view_reports"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_ROLES = "manage_roles"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_MODELS = "manage_models"
    IMPORT_FOOTAGE = "import_footage"
    MANAGE_MAINTENANCE = "manage_maintenance"


P = Permission
_VALUES = frozenset(p.value for p in Permission)

# Actions on one camera's pictures or cases; per-camera rights can narrow these.
CAMERA_SCOPED: frozenset[Permission] = frozenset({
    P.VIEW_LIVE, P.VIEW_PLAYBACK, P.PTZ_CONTROL, P.SNAPSHOT, P.VIEW_VIOLATIONS,
    P.CREATE_VIOLATION, P.VERIFY_VIOLATION, P.REJECT_VIOLATION, P.APPROVE_VIOLATION,
    P.FORWARD_VIOLATION, P.CLOSE_VIOLATION, P.CORRECT_PLATE, P.ANNOTATE_EVIDENCE,
    P.EXPORT_EVIDENCE, P.PRINT_NOTICE,
})

# Vietnamese labels for the role editor (the UI may translate them further).
PERMISSION_LABELS: Mapping[Permission, str] = {
    P.VIEW_LIVE: "Xem trực tiếp", P.VIEW_PLAYBACK: "Xem lại", P.PTZ_CONTROL: "Điều khiển PTZ",
    P.SNAPSHOT: "Chụp ảnh", P.MANAGE_CAMERAS: "Quản lý camera",
    P.MANAGE_LAYOUTS: "Quản lý bố cục", P.VIEW_VIOLATIONS: "Xem vi phạm",
    P.CREATE_VIOLATION: "Tạo vi phạm", P.VERIFY_VIOLATION: "Xác minh vi phạm",
    P.REJECT_VIOLATION: "Loại bỏ vi phạm", P.APPROVE_VIOLATION: "Phê duyệt vi phạm",
    P.FORWARD_VIOLATION: "Chuyển cơ quan xử lý", P.CLOSE_VIOLATION: "Kết thúc vụ việc",
    P.CORRECT_PLATE: "Sửa biển số", P.ANNOTATE_EVIDENCE: "Chú thích chứng cứ",
    P.EXPORT_EVIDENCE: "Xuất chứng cứ", P.PRINT_NOTICE: "In thông báo",
    P.PUBLISH_LOOKUP: "Công bố tra cứu", P.VIEW_REPORTS: "Xem báo cáo",
    P.VIEW_AUDIT: "Xem nhật ký", P.MANAGE_USERS: "Quản lý người dùng",
    P.MANAGE_ROLES: "Quản lý vai trò", P.CHANGE_SETTINGS: "Thay đổi cấu hình",
    P.MANAGE_MODELS: "Quản lý mô hình", P.IMPORT_FOOTAGE: "Nhập video",
    P.MANAGE_MAINTENANCE: "Quản lý bảo trì",
}


@dataclass(frozen=True)
class BuiltinRole:
    name: str
    label: str  # Vietnamese, as shown to users
    permissions: frozenset[Permission]


_WATCH = {P.VIEW_LIVE, P.VIEW_PLAYBACK, P.PTZ_CONTROL, P.SNAPSHOT, P.MANAGE_LAYOUTS}
_TRIAGE = {P.VIEW_VIOLATIONS, P.CREATE_VIOLATION, P.VERIFY_VIOLATION, P.REJECT_VIOLATION,
           P.CORRECT_PLATE, P.ANNOTATE_EVIDENCE}

# Separation of duties: the administrator runs the system but takes no decision on a case;
# only the supervisor approves, forwards and closes.
BUILTIN_ROLES: Mapping[str, BuiltinRole] = {role.name: role for role in (
    BuiltinRole("duty_officer", "Cán bộ trực ban",
                frozenset(_WATCH | _TRIAGE | {P.MANAGE_MAINTENANCE})),
    BuiltinRole("investigator", "Điều tra viên",
                frozenset(_WATCH | _TRIAGE | {P.EXPORT_EVIDENCE, P.IMPORT_FOOTAGE,
                                              P.VIEW_REPORTS})),
    BuiltinRole("supervisor", "Lãnh đạo phê duyệt",
                frozenset(_WATCH | _TRIAGE | {
                    P.APPROVE_VIOLATION, P.FORWARD_VIOLATION, P.CLOSE_VIOLATION,
                    P.EXPORT_EVIDENCE, P.PRINT_NOTICE, P.PUBLISH_LOOKUP, P.VIEW_REPORTS,
                    P.VIEW_AUDIT})),
    BuiltinRole("administrator", "Quản trị viên",
                frozenset(_WATCH | {
                    P.MANAGE_CAMERAS, P.VIEW_REPORTS, P.VIEW_AUDIT, P.MANAGE_USERS,
                    P.MANAGE_ROLES, P.CHANGE_SETTINGS, P.MANAGE_MODELS, P.IMPORT_FOOTAGE,
                    P.MANAGE_MAINTENANCE})),
)}

ADMINISTRATOR_ROLE = "administrator"


def role_label(name: str) -> str:
    """The Vietnamese label of a built-in role; a custom role's name is its label."""
    builtin = BUILTIN_ROLES.get(name)
    return builtin.label if builtin else name


def parse_permissions(values: Iterable[str]) -> frozenset[Permission]:
    """Known permissions among ``values``; unknown ones (from a newer version) are ignored."""
    known: set[Permission] = set()
    for value in values:
        try:
            known.add(Permission(value))
        except ValueError:
            log.warning("unknown permission %r ignored", value)
    return frozenset(known)


def normalise_camera_rights(rights: Mapping[Any, Iterable[str]] | None) -> dict[str, list[str]]:
    """A clean {camera id: [permission, ...]} mapping; raises ValueError on bad input."""
    clean: dict[str, list[str]] = {}
    for camera, permissions in (rights or {}).items():
        try:
            camera_id = int(camera)
        except (TypeError, ValueError):
            raise ValueError(f"'{camera}' is not a camera number.") from None
        values = sorted({str(p) for p in permissions})
        unknown = [v for v in values if v not in _VALUES]
        if unknown:
            raise ValueError(f"Unknown permission(s) for camera {camera_id}: "
                             f"{', '.join(unknown)}.")
        if not {Permission(v) for v in values} <= CAMERA_SCOPED:
            raise ValueError(f"Only camera permissions can be limited per camera "
                             f"(camera {camera_id}).")
        clean[str(camera_id)] = values
    return clean


@dataclass(frozen=True)
class Principal:
    """Who is acting: a snapshot of the user taken at log-in."""

    user_id: int
    username: str
    display_name: str
    role_name: str
    permissions: frozenset[Permission]
    camera_rights: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def role_label(self) -> str:
        return role_label(self.role_name)


class PermissionDenied(Exception):
    """The principal may not do this; ``user_message`` (also ``str()``) is for the user."""

    def __init__(self, user_message: str, *, permission: Permission | None = None,
                 camera_id: int | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.permission = permission
        self.camera_id = camera_id


def has_permission(principal: Principal | None, permission: Permission,
                   camera_id: int | None = None) -> bool:
    """Whether ``require`` would let this through (for enabling buttons)."""
    if principal is None or permission not in principal.permissions:
        return False
    if camera_id is None or permission not in CAMERA_SCOPED or not principal.camera_rights:
        return True
    listed = principal.camera_rights.get(str(camera_id))
    return listed is not None and (not listed or permission.value in listed)


def require(principal: Principal | None, permission: Permission,
            camera_id: int | None = None) -> Principal:
    """Raise PermissionDenied unless ``principal`` may do ``permission`` (on ``camera_id``).

    Pass the camera whenever the action concerns one; without it only the role is checked.
    Returns the principal so callers can write ``actor = require(...)``.
    """
    if principal is None:
        raise PermissionDenied("Please log in first.", permission=permission)
    if has_permission(principal, permission, camera_id):
        return principal
    label = PERMISSION_LABELS.get(permission, permission.value)
    if permission in principal.permissions:
        log.info("denied %s on camera %s to %s (camera rights)", permission.value, camera_id,
                 principal.username)
        raise PermissionDenied(
            f"You have no right to '{label}' on camera {camera_id}.",
            permission=permission, camera_id=camera_id)
    log.info("denied %s to %s (role %s)", permission.value, principal.username,
             principal.role_name)
    raise PermissionDenied(
        f"Your role ({principal.role_label}) does not allow '{label}'.",
        permission=permission, camera_id=camera_id)


def allowed_cameras(principal: Principal, permission: Permission) -> frozenset[int] | None:
    """Cameras on which ``permission`` is granted; None means every camera.

    For list queries (the review queue): filter by these instead of checking row by row.
    """
    if permission not in principal.permissions:
        return frozenset()
    if permission not in CAMERA_SCOPED or not principal.camera_rights:
        return None
    return frozenset(int(camera) for camera, listed in principal.camera_rights.items()
                     if not listed or permission.value in listed)
