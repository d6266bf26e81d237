"""Account data and rules shared by the user services: errors, DTOs, the password policy.

Kept apart from UserService so that the UI (log-in dialog, user editor) can import the
errors and DTOs without the service.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from app.security.permissions import (
    BUILTIN_ROLES,
    Permission,
    Principal,
    parse_permissions,
    role_label,
)
from app.storage.models import Role, User

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
USERNAME_PATTERN = re.compile(r"^[\w.\-@]{3,64}$")
GENERIC_LOGIN_ERROR = "Wrong user name or password."


class SecurityError(Exception):
    """A refusal the user can act on; ``user_message`` (also ``str()``) says what to do."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class AuthenticationError(SecurityError):
    """Log-in failed. The message never tells whether the user name exists."""


class AccountLocked(AuthenticationError):
    def __init__(self, locked_until: datetime) -> None:
        super().__init__(f"Too many failed log-ins. Try again after "
                         f"{locked_until.astimezone():%H:%M} or ask an administrator.")
        self.locked_until = locked_until


class PasswordPolicyError(SecurityError):
    """The new password does not meet the policy."""


@dataclass(frozen=True)
class UserDTO:
    id: int
    username: str
    display_name: str
    role_name: str
    role_label: str
    active: bool
    camera_rights: Mapping[str, tuple[str, ...]]
    last_login_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class RoleDTO:
    id: int
    name: str
    label: str
    permissions: frozenset[Permission]
    builtin: bool


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password_policy(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(
            f"The password must have at most {MAX_PASSWORD_LENGTH} characters.")
    if not password.strip():
        raise PasswordPolicyError("The password cannot be only spaces.")
    if password.strip().casefold() == normalise_username(username).casefold():
        raise PasswordPolicyError("The password must not be the user name.")


def role_permissions(role: Role) -> frozenset[Permission]:
    # Built-in roles follow the code, so an upgrade that adds a permission takes effect.
    builtin = BUILTIN_ROLES.get(role.name)
    if role.builtin and builtin is not None:
        return builtin.permissions
    return parse_permissions(role.permissions or [])


def frozen_rights(rights: Mapping[str, Any] | None) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({str(k): tuple(v or ()) for k, v in (rights or {}).items()})


def principal_of(user: User, role: Role) -> Principal:
    return Principal(user_id=user.id, username=user.username, display_name=user.display_name,
                     role_name=role.name, permissions=role_permissions(role),
                     camera_rights=frozen_rights(user.camera_rights))


def user_dto(user: User, role: Role) -> UserDTO:
    return UserDTO(id=user.id, username=user.username, display_name=user.display_name,
                   role_name=role.name, role_label=role_label(role.name), active=user.active,
                   camera_rights=frozen_rights(user.camera_rights),
                   last_login_at=user.last_login_at, created_at=user.created_at)


def role_dto(role: Role) -> RoleDTO:
    return RoleDTO(id=role.id, name=role.name, label=role_label(role.name),
                   permissions=role_permissions(role), builtin=role.builtin)
