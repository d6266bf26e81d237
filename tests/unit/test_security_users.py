"""First-run set-up, log-in with argon2, lock-out and account management (both back ends)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from app.security.audit import AuditAction, AuditQuery, AuditTrail
from app.security.permissions import BUILTIN_ROLES, Permission, PermissionDenied
from app.security.users import (
    AccountLocked,
    AuthenticationError,
    PasswordPolicyError,
    SecurityError,
    UserService,
)
from app.storage.database import Database
from app.storage.models import User
from tests.security_support import FAST_HASHER, PASSWORD, FakeClock, build_world


def _actions(audit: AuditTrail, principal: object, prefix: str) -> list[str]:
    page = audit.query(principal, AuditQuery(action_prefix=prefix, limit=1000))  # type: ignore[arg-type]
    return [r.action for r in reversed(page.records)]


def test_first_run_creates_the_only_administrator(migrated_db: Database) -> None:
    clock = FakeClock()
    audit = AuditTrail(migrated_db, clock=clock)
    users = UserService(migrated_db, audit, hasher=FAST_HASHER, clock=clock)
    assert users.needs_first_admin()
    # No default account: nothing can log in before the set-up.
    for name, password in (("admin", "admin"), ("administrator", ""), ("root", "password")):
        with pytest.raises(AuthenticationError, match="Wrong user name or password"):
            users.authenticate(name, password)
    with pytest.raises(PasswordPolicyError, match="at least 10"):
        users.create_first_admin("quantri", "ngắn", "Quản trị")
    with pytest.raises(PasswordPolicyError, match="user name"):
        users.create_first_admin("quantri12345", "QuanTri12345", "Quản trị")
    with pytest.raises(SecurityError, match="user name needs"):
        users.create_first_admin("a b", PASSWORD, "Quản trị")
    assert users.needs_first_admin()

    admin = users.create_first_admin("  QuanTri ", PASSWORD, "Nguyễn Văn Quản")
    assert (admin.username, admin.role_name) == ("quantri", "administrator")
    assert admin.permissions == BUILTIN_ROLES["administrator"].permissions
    assert not users.needs_first_admin()
    with pytest.raises(SecurityError, match="already set up"):
        users.create_first_admin("khac", PASSWORD, "Người khác")
    assert users.authenticate("QUANTRI", PASSWORD).user_id == admin.user_id
    assert {r.name for r in users.list_roles(admin)} >= set(BUILTIN_ROLES)
    assert _actions(audit, admin, "user.") == [AuditAction.FIRST_ADMIN_CREATED]


def test_passwords_are_stored_as_argon2_hashes_only(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    with migrated_db.session() as session:
        rows = session.execute(sa.select(User.username, User.password_hash)).all()
    assert len(rows) == 5
    for _username, stored in rows:
        assert stored.startswith("$argon2id$")
        assert PASSWORD not in stored
        assert FAST_HASHER.verify(stored, PASSWORD)
    # Nothing anywhere in the users or audit tables holds the password.
    with migrated_db.engine.connect() as connection:
        for table in ("users", "audit_entries"):
            dump = repr(connection.exec_driver_sql(f"SELECT * FROM {table}").all())
            assert PASSWORD not in dump
    assert world.audit.verify().ok


def test_wrong_password_and_unknown_user_get_the_same_answer(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    messages = []
    for name, password in (("duty_officer_1", "sai-mật-khẩu-rồi"), ("khong_co_ai", PASSWORD)):
        with pytest.raises(AuthenticationError) as caught:
            world.users.authenticate(name, password)
        assert not isinstance(caught.value, AccountLocked)
        messages.append(caught.value.user_message)
    assert messages[0] == messages[1] == "Wrong user name or password."
    officer = world.users.authenticate("duty_officer_1", PASSWORD)
    assert officer.role_name == "duty_officer"
    page = world.audit.query(world.admin, AuditQuery(object_type="login", limit=100))
    failed = [r for r in page.records if r.action == AuditAction.LOGIN_FAILED]
    assert {(r.object_id, r.details["reason"]) for r in failed} == {
        ("duty_officer_1", "wrong password"), ("khong_co_ai", "unknown user")}
    assert all(r.user_id is None for r in failed)
    success = [r for r in page.records if r.action == AuditAction.LOGIN_SUCCESS]
    assert success[0].user_id == officer.user_id and success[0].username == "duty_officer_1"


def test_lock_out_after_repeated_failures_then_expiry(migrated_db: Database) -> None:
    world = build_world(migrated_db, max_failed_attempts=3, lockout_minutes=15)
    users, clock = world.users, world.clock
    for _ in range(2):
        with pytest.raises(AuthenticationError) as caught:
            users.authenticate("duty_officer_1", "sai-mật-khẩu-rồi")
        assert not isinstance(caught.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        users.authenticate("duty_officer_1", "sai-mật-khẩu-rồi")
    assert locked.value.locked_until > clock.now
    # Locked: even the right password is refused, from any workstation.
    other_workstation = UserService(migrated_db, AuditTrail(migrated_db, clock=clock),
                                    hasher=FAST_HASHER, max_failed_attempts=3, clock=clock)
    with pytest.raises(AccountLocked):
        other_workstation.authenticate("duty_officer_1", PASSWORD)
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        users.authenticate("duty_officer_1", PASSWORD)
    clock.advance(minutes=2)
    assert users.authenticate("duty_officer_1", PASSWORD).username == "duty_officer_1"
    # A success resets the count.
    with pytest.raises(AuthenticationError) as again:
        users.authenticate("duty_officer_1", "sai-mật-khẩu-rồi")
    assert not isinstance(again.value, AccountLocked)
    assert _actions(world.audit, world.admin, "login.").count(
        AuditAction.LOGIN_REFUSED_LOCKED) == 2


def test_unknown_names_lock_the_same_way_and_admin_can_unlock(migrated_db: Database) -> None:
    world = build_world(migrated_db, max_failed_attempts=2)
    for name in ("khong_co_ai", "investigator_1"):
        with pytest.raises(AuthenticationError):
            world.users.authenticate(name, "sai-mật-khẩu-rồi")
        with pytest.raises(AccountLocked):
            world.users.authenticate(name, "sai-mật-khẩu-rồi")
    with pytest.raises(PermissionDenied):
        world.users.unlock(world.by_role["supervisor"], "investigator_1")
    world.users.unlock(world.admin, "investigator_1")
    assert world.users.authenticate("investigator_1", PASSWORD).role_name == "investigator"


def test_hash_is_upgraded_when_parameters_change(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    users = UserService(migrated_db, world.audit, hasher=stronger, clock=world.clock)
    users.authenticate("supervisor_1", PASSWORD)
    with migrated_db.session() as session:
        stored = session.execute(sa.select(User.password_hash).where(
            User.username == "supervisor_1")).scalar_one()
        untouched = session.execute(sa.select(User.password_hash).where(
            User.username == "investigator_1")).scalar_one()
    assert "m=2048,t=2,p=1" in stored and stronger.verify(stored, PASSWORD)
    assert "m=1024,t=1,p=1" in untouched


def test_account_management_needs_manage_users_and_is_audited(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    users, admin = world.users, world.admin
    supervisor = world.by_role["supervisor"]
    officer = world.by_role["duty_officer"]
    with pytest.raises(PermissionDenied):
        users.create_user(supervisor, "moi_1", PASSWORD, "Mới", "duty_officer")
    with pytest.raises(PermissionDenied):
        users.set_role(supervisor, officer.user_id, "supervisor")
    with pytest.raises(PermissionDenied):
        users.deactivate(supervisor, officer.user_id)
    with pytest.raises(PermissionDenied):
        users.change_password(supervisor, officer.user_id, "mật-khẩu-mới-dài")
    with pytest.raises(PermissionDenied):
        users.list_users(officer)
    with pytest.raises(SecurityError, match="already taken"):
        users.create_user(admin, "Duty_Officer_1", PASSWORD, "Trùng", "duty_officer")
    with pytest.raises(SecurityError, match="no role named"):
        users.create_user(admin, "moi_1", PASSWORD, "Mới", "chief")

    promoted = users.set_role(admin, officer.user_id, "supervisor")
    assert promoted.role_label == "Lãnh đạo phê duyệt"
    assert Permission.APPROVE_VIOLATION in users.authenticate("duty_officer_1",
                                                              PASSWORD).permissions
    users.change_password(admin, officer.user_id, "mật-khẩu-mới-dài")
    with pytest.raises(AuthenticationError):
        users.authenticate("duty_officer_1", PASSWORD)
    me = users.authenticate("duty_officer_1", "mật-khẩu-mới-dài")
    with pytest.raises(AuthenticationError, match="current password"):
        users.change_password(me, me.user_id, "mật-khẩu-thứ-ba-dài", "đoán-bừa-thôi")
    users.change_password(me, me.user_id, "mật-khẩu-thứ-ba-dài", "mật-khẩu-mới-dài")
    users.deactivate(admin, me.user_id)
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        users.authenticate("duty_officer_1", "mật-khẩu-thứ-ba-dài")
    with pytest.raises(AuthenticationError, match="deactivated"):
        users.principal_for(me.user_id)
    assert _actions(world.audit, admin, "user.") == [
        AuditAction.FIRST_ADMIN_CREATED, *[AuditAction.USER_CREATED] * 4,
        AuditAction.USER_ROLE_CHANGED, AuditAction.USER_PASSWORD_CHANGED,
        AuditAction.USER_PASSWORD_CHANGED, AuditAction.USER_DEACTIVATED]
    assert world.audit.verify().ok


def test_the_last_administrator_cannot_be_removed(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    users, admin = world.users, world.admin
    second = world.by_role["administrator"]
    with pytest.raises(SecurityError, match="own account"):
        users.deactivate(admin, admin.user_id)
    users.deactivate(admin, second.user_id)
    with pytest.raises(SecurityError, match="no active user who can manage users"):
        users.set_role(admin, admin.user_id, "supervisor")
    assert users.principal_for(admin.user_id).role_name == "administrator"


def test_custom_roles(migrated_db: Database) -> None:
    world = build_world(migrated_db)
    users, admin = world.users, world.admin
    with pytest.raises(PermissionDenied):
        users.save_role(world.by_role["supervisor"], "Trực đêm", ["view_live"])
    role = users.save_role(admin, "Trực  đêm", ["view_live", "view_playback"])
    assert (role.name, role.builtin) == ("Trực đêm", False)
    night = users.create_user(admin, "truc_dem", PASSWORD, "Trực Đêm", "Trực đêm")
    principal = users.authenticate("truc_dem", PASSWORD)
    assert principal.permissions == {Permission.VIEW_LIVE, Permission.VIEW_PLAYBACK}
    users.save_role(admin, "Trực đêm", ["view_live"])
    assert users.principal_for(night.id).permissions == {Permission.VIEW_LIVE}
    with pytest.raises(SecurityError, match="built-in"):
        users.save_role(admin, "supervisor", ["view_live"])
    with pytest.raises(SecurityError, match="built-in"):
        users.delete_role(admin, "duty_officer")
    with pytest.raises(SecurityError, match="Unknown permission"):
        users.save_role(admin, "Lạ", ["fly"])
    with pytest.raises(SecurityError, match="still given"):
        users.delete_role(admin, "Trực đêm")
    users.set_role(admin, night.id, "investigator")
    users.delete_role(admin, "Trực đêm")
    assert "Trực đêm" not in {r.name for r in users.list_roles(admin)}
    assert _actions(world.audit, admin, "role.") == [
        AuditAction.ROLE_CREATED, AuditAction.ROLE_UPDATED, AuditAction.ROLE_DELETED]
