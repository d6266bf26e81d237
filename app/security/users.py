"""User accounts: first-run set-up, log-in, account and role management.

Passwords are stored only as argon2id hashes (argon2-cffi), re-hashed at the next log-in
when the hashing parameters change. There is no default account and no default password:
the first administrator is created by whoever installs the workstation.

Failed log-ins are counted from the audit trail itself (entries about the typed user name),
so the lock-out holds across every workstation sharing the database, needs no extra columns,
and treats unknown and known names alike (the answer never tells whether a name exists).
"""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, NoReturn

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from app.security.accounts import (
    GENERIC_LOGIN_ERROR,
    USERNAME_PATTERN,
    AccountLocked,
    AuthenticationError,
    PasswordPolicyError,
    RoleDTO,
    SecurityError,
    UserDTO,
    check_password_policy,
    normalise_username,
    principal_of,
    role_dto,
    role_permissions,
    user_dto,
)
from app.security.audit import AuditAction, AuditTrail
from app.security.permissions import (
    BUILTIN_ROLES,
    Permission,
    Principal,
    normalise_camera_rights,
    require,
    role_label,
)
from app.storage.database import Database
from app.storage.models import Role, User
from app.storage.types import utc_now

__all__ = [
    "AccountLocked", "AuthenticationError", "PasswordPolicyError", "RoleDTO", "SecurityError",
    "UserDTO", "UserService", "check_password_policy", "normalise_username",
]

log = logging.getLogger(__name__)


class UserService:
    def __init__(self, db: Database, audit: AuditTrail, *, hasher: PasswordHasher | None = None,
                 max_failed_attempts: int = 5, lockout_minutes: float = 15,
                 clock: Callable[[], datetime] = utc_now) -> None:
        if max_failed_attempts < 1 or lockout_minutes <= 0:
            raise ValueError("max_failed_attempts ≥ 1 and lockout_minutes > 0 are required")
        self._db = db
        self._audit = audit
        self._hasher = hasher or PasswordHasher()
        self._max_failed = max_failed_attempts
        self._lockout = timedelta(minutes=lockout_minutes)
        self._clock = clock
        self._dummy_hash: str | None = None

    # ------------------------------------------------------------------ first run
    def needs_first_admin(self) -> bool:
        with self._db.session() as session:
            return session.execute(sa.select(User.id).limit(1)).first() is None

    def create_first_admin(self, username: str, password: str, display_name: str) -> Principal:
        """Create the first administrator; refused as soon as any user exists."""
        name = self._valid_username(username)
        check_password_policy(name, password)
        with self._audit.transaction() as session:  # the lock also serialises workstations
            if session.execute(sa.select(User.id).limit(1)).first() is not None:
                raise SecurityError("The workstation is already set up: an administrator "
                                    "exists. Log in with that account.")
            self.ensure_builtin_roles(session)
            role = self._role_row(session, "administrator")
            user = User(username=name, display_name=display_name.strip() or name,
                        password_hash=self._hasher.hash(password), role_id=role.id,
                        active=True, camera_rights={})
            session.add(user)
            session.flush()
            principal = principal_of(user, role)
            self._audit.append_in(session, principal, AuditAction.FIRST_ADMIN_CREATED, "user",
                                  user.id, {"username": name})
        log.info("first administrator %s created", name)
        return principal

    def create_training_admin(self, username: str = "huanluyen",
                              display_name: str = "Quản trị huấn luyện"
                              ) -> tuple[Principal, str]:
        """First-run set-up for the demo/training workstation: an administrator with a
        generated password, returned once so the launcher can show it (never logged, never
        stored in plain text). Refused, like create_first_admin, once any user exists."""
        password = secrets.token_urlsafe(12)  # 16 characters, policy-compliant
        principal = self.create_first_admin(username, password, display_name)
        self._audit.append(principal, AuditAction.LOGIN_SUCCESS, "login", principal.username,
                           {"method": "training set-up"})
        return principal, password

    def ensure_builtin_roles(self, session: Session) -> None:
        existing = {r.name: r for r in session.scalars(sa.select(Role))}
        for builtin in BUILTIN_ROLES.values():
            values = sorted(p.value for p in builtin.permissions)
            row = existing.get(builtin.name)
            if row is None:
                session.add(Role(name=builtin.name, permissions=values, builtin=True))
            elif not row.builtin or sorted(row.permissions or []) != values:
                row.builtin, row.permissions = True, values
        session.flush()

    # ------------------------------------------------------------------- log-in
    def authenticate(self, username: str, password: str) -> Principal:
        name = normalise_username(username)[:64]
        now = self._clock()
        locked_until = self._locked_until(name, now)
        if locked_until is not None:
            self._audit.append(None, AuditAction.LOGIN_REFUSED_LOCKED, "login", name,
                               {"until": locked_until.isoformat()})
            raise AccountLocked(locked_until)
        with self._db.session() as session:
            found = session.execute(
                sa.select(User, Role).join(Role, Role.id == User.role_id)
                .where(User.username == name)).first()
        user, role = found if found is not None else (None, None)
        if user is None or role is None or not user.active:
            self._burn_time(password)
            self._fail(name, now, "unknown user" if user is None else "inactive user")
        assert user is not None and role is not None
        try:
            self._hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            self._fail(name, now, "wrong password")
        principal = principal_of(user, role)
        with self._audit.transaction() as session:
            row = session.get(User, user.id)
            assert row is not None
            if self._hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self._hasher.hash(password)
                log.info("password hash of %s upgraded to the current parameters", name)
            row.last_login_at = now
            self._audit.append_in(session, principal, AuditAction.LOGIN_SUCCESS, "login", name)
        return principal

    def logout(self, principal: Principal) -> None:
        self._audit.append(principal, AuditAction.LOGOUT, "login", principal.username)

    def unlock(self, principal: Principal, username: str) -> None:
        """Lift a log-in lock-out before it expires (manage_users)."""
        require(principal, Permission.MANAGE_USERS)
        self._audit.append(principal, AuditAction.LOGIN_UNLOCKED, "login",
                           normalise_username(username)[:64])

    def _locked_until(self, name: str, now: datetime) -> datetime | None:
        recent = self._audit.latest(
            "login", name, (AuditAction.LOGIN_SUCCESS, AuditAction.LOGIN_FAILED,
                            AuditAction.LOGIN_UNLOCKED),
            since=now - self._lockout, limit=self._max_failed)
        if len(recent) < self._max_failed or any(
                r.action != AuditAction.LOGIN_FAILED for r in recent):
            return None
        until = recent[0].time + self._lockout
        return until if now < until else None

    def _fail(self, name: str, now: datetime, reason: str) -> NoReturn:
        self._audit.append(None, AuditAction.LOGIN_FAILED, "login", name, {"reason": reason})
        log.info("failed log-in for %r (%s)", name, reason)
        locked_until = self._locked_until(name, now)
        if locked_until is not None:
            raise AccountLocked(locked_until)
        raise AuthenticationError(GENERIC_LOGIN_ERROR)

    def _burn_time(self, password: str) -> None:
        # Verify against a throw-away hash so that unknown names take as long as known ones.
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        try:
            self._hasher.verify(self._dummy_hash, password)
        except VerificationError:
            pass

    # ------------------------------------------------------------------- accounts
    def create_user(self, principal: Principal, username: str, password: str,
                    display_name: str, role_name: str,
                    camera_rights: Mapping[Any, Iterable[str]] | None = None) -> UserDTO:
        require(principal, Permission.MANAGE_USERS)
        name = self._valid_username(username)
        check_password_policy(name, password)
        rights = self._valid_rights(camera_rights)
        with self._audit.transaction() as session:
            self.ensure_builtin_roles(session)
            if session.execute(sa.select(User.id).where(User.username == name)).first():
                raise SecurityError(f"The user name '{name}' is already taken.")
            role = self._role_row(session, role_name)
            user = User(username=name, display_name=display_name.strip() or name,
                        password_hash=self._hasher.hash(password), role_id=role.id,
                        active=True, camera_rights=rights)
            session.add(user)
            session.flush()
            self._audit.append_in(session, principal, AuditAction.USER_CREATED, "user", user.id,
                                  {"username": name, "role": role.name, "camera_rights": rights})
            return user_dto(user, role)

    def set_role(self, principal: Principal, user_id: int, role_name: str) -> UserDTO:
        require(principal, Permission.MANAGE_USERS)
        with self._audit.transaction() as session:
            self.ensure_builtin_roles(session)
            user = self._user_row(session, user_id)
            old = session.get(Role, user.role_id)
            role = self._role_row(session, role_name)
            user.role_id = role.id
            session.flush()
            self._check_an_administrator_remains(session)
            self._audit.append_in(session, principal, AuditAction.USER_ROLE_CHANGED, "user",
                                  user.id, {"old": old.name if old else None, "new": role.name})
            return user_dto(user, role)

    def set_camera_rights(self, principal: Principal, user_id: int,
                          rights: Mapping[Any, Iterable[str]] | None) -> UserDTO:
        require(principal, Permission.MANAGE_USERS)
        clean = self._valid_rights(rights)
        with self._audit.transaction() as session:
            user = self._user_row(session, user_id)
            old = dict(user.camera_rights or {})
            user.camera_rights = clean
            self._audit.append_in(session, principal, AuditAction.USER_CAMERA_RIGHTS_CHANGED,
                                  "user", user.id, {"old": old, "new": clean})
            role = session.get(Role, user.role_id)
            assert role is not None
            return user_dto(user, role)

    def deactivate(self, principal: Principal, user_id: int) -> UserDTO:
        require(principal, Permission.MANAGE_USERS)
        if user_id == principal.user_id:
            raise SecurityError("You cannot deactivate your own account.")
        with self._audit.transaction() as session:
            user = self._user_row(session, user_id)
            user.active = False
            session.flush()
            self._check_an_administrator_remains(session)
            self._audit.append_in(session, principal, AuditAction.USER_DEACTIVATED, "user",
                                  user.id, {"username": user.username})
            role = session.get(Role, user.role_id)
            assert role is not None
            return user_dto(user, role)

    def change_password(self, principal: Principal, user_id: int, new_password: str,
                        current_password: str | None = None) -> None:
        """Own password: give the current one. Someone else's: needs manage_users."""
        own = user_id == principal.user_id
        if not own:
            require(principal, Permission.MANAGE_USERS)
        with self._audit.transaction() as session:
            user = self._user_row(session, user_id)
            if own:
                try:
                    self._hasher.verify(user.password_hash, current_password or "")
                except (VerificationError, InvalidHashError):
                    raise AuthenticationError("The current password is wrong.") from None
            check_password_policy(user.username, new_password)
            user.password_hash = self._hasher.hash(new_password)
            self._audit.append_in(session, principal, AuditAction.USER_PASSWORD_CHANGED, "user",
                                  user.id, {"by_self": own})

    def list_users(self, principal: Principal) -> list[UserDTO]:
        require(principal, Permission.MANAGE_USERS)
        with self._db.session() as session:
            rows = session.execute(sa.select(User, Role).join(Role, Role.id == User.role_id)
                                   .order_by(User.username)).all()
            return [user_dto(user, role) for user, role in rows]

    def principal_for(self, user_id: int) -> Principal:
        """A fresh principal (role changes applied), e.g. after unlocking an idle session."""
        with self._db.session() as session:
            user = self._user_row(session, user_id)
            role = session.get(Role, user.role_id)
            if not user.active or role is None:
                raise AuthenticationError("This account has been deactivated.")
            return principal_of(user, role)

    # --------------------------------------------------------------------- roles
    def list_roles(self, principal: Principal) -> list[RoleDTO]:
        if Permission.MANAGE_ROLES not in principal.permissions:
            require(principal, Permission.MANAGE_USERS)
        with self._db.session() as session:
            return [role_dto(r) for r in session.scalars(sa.select(Role).order_by(Role.id))]

    def save_role(self, principal: Principal, name: str,
                  permissions: Iterable[Permission | str]) -> RoleDTO:
        """Create a custom role, or replace the permissions of an existing custom role."""
        require(principal, Permission.MANAGE_ROLES)
        role_name = " ".join((name or "").split())
        if not 2 <= len(role_name) <= 64:
            raise SecurityError("A role name needs 2 to 64 characters.")
        if role_name in BUILTIN_ROLES:
            raise SecurityError(f"'{role_label(role_name)}' is a built-in role and cannot be "
                                f"changed; create a custom role instead.")
        values = sorted({str(p) for p in permissions})
        unknown = set(values) - {p.value for p in Permission}
        if unknown:
            raise SecurityError(f"Unknown permission(s): {', '.join(sorted(unknown))}.")
        with self._audit.transaction() as session:
            self.ensure_builtin_roles(session)
            row = session.execute(sa.select(Role).where(Role.name == role_name)).scalar()
            action = AuditAction.ROLE_UPDATED if row else AuditAction.ROLE_CREATED
            old = sorted(row.permissions or []) if row else None
            if row is None:
                row = Role(name=role_name, permissions=values, builtin=False)
                session.add(row)
            else:
                row.permissions = values
            session.flush()
            self._check_an_administrator_remains(session)
            self._audit.append_in(session, principal, action, "role", row.id,
                                  {"name": role_name, "old": old, "new": values})
            return role_dto(row)

    def delete_role(self, principal: Principal, name: str) -> None:
        require(principal, Permission.MANAGE_ROLES)
        with self._audit.transaction() as session:
            row = session.execute(sa.select(Role).where(Role.name == name)).scalar()
            if row is None:
                raise SecurityError(f"There is no role named '{name}'.")
            if row.builtin:
                raise SecurityError(f"'{role_label(name)}' is a built-in role and cannot be "
                                    f"deleted.")
            if session.execute(sa.select(User.id).where(User.role_id == row.id)).first():
                raise SecurityError(f"The role '{name}' is still given to users; give them "
                                    f"another role first.")
            self._audit.append_in(session, principal, AuditAction.ROLE_DELETED, "role", row.id,
                                  {"name": name, "permissions": sorted(row.permissions or [])})
            session.delete(row)

    # -------------------------------------------------------------------- helpers
    @staticmethod
    def _valid_username(username: str) -> str:
        name = normalise_username(username)
        if not USERNAME_PATTERN.match(name):
            raise SecurityError("A user name needs 3 to 64 letters, digits or . _ - @ "
                                "(no spaces).")
        return name

    @staticmethod
    def _valid_rights(rights: Mapping[Any, Iterable[str]] | None) -> dict[str, list[str]]:
        try:
            return normalise_camera_rights(rights)
        except ValueError as exc:
            raise SecurityError(str(exc)) from None

    @staticmethod
    def _user_row(session: Session, user_id: int) -> User:
        user = session.get(User, user_id)
        if user is None:
            raise SecurityError(f"User #{user_id} does not exist.")
        return user

    @staticmethod
    def _role_row(session: Session, name: str) -> Role:
        role = session.execute(sa.select(Role).where(Role.name == name)).scalar()
        if role is None:
            raise SecurityError(f"There is no role named '{name}'.")
        return role

    @staticmethod
    def _check_an_administrator_remains(session: Session) -> None:
        """Refuse a change that would leave nobody able to manage users."""
        for user, role in session.execute(
                sa.select(User, Role).join(Role, Role.id == User.role_id)
                .where(User.active.is_(True))):
            if Permission.MANAGE_USERS in role_permissions(role):
                return
        raise SecurityError("This change would leave no active user who can manage users; "
                            "keep at least one administrator.")
