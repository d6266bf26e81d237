"""The administrator's screen: users, roles (with a permission checklist), camera rights.

Every change goes through UserService, which checks manage_users / manage_roles itself and
writes the audit entry; this screen only collects the choices. Refusals from the core
(last administrator, name taken, password policy) are shown in the message line.
Each action has a method that takes its values (used by tests and by the small dialogs).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.security.accounts import RoleDTO, SecurityError, UserDTO
from app.security.permissions import (
    CAMERA_SCOPED,
    PERMISSION_LABELS,
    Permission,
    PermissionDenied,
    Principal,
)
from app.security.users import UserService
from app.storage.errors import StorageError
from ui.context import CameraLike

log = logging.getLogger(__name__)

_SCOPED = sorted(CAMERA_SCOPED, key=lambda p: list(Permission).index(p))


class CameraRightsDialog(QDialog):
    """Which cameras (and which camera rights on each) a user has."""

    def __init__(self, cameras: Sequence[CameraLike], rights: Mapping[str, Sequence[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera rights"))
        self.all_cameras = QCheckBox(self.tr("Every camera (the role's rights apply "
                                             "everywhere)"))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Camera / right")])
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #ff7b72;")
        for camera in cameras:
            listed = rights.get(str(camera.id))
            item = QTreeWidgetItem([f"{camera.name} (#{camera.id})"])
            item.setData(0, Qt.ItemDataRole.UserRole, camera.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsAutoTristate)
            for permission in _SCOPED:
                child = QTreeWidgetItem([PERMISSION_LABELS.get(permission, permission.value)])
                child.setData(0, Qt.ItemDataRole.UserRole, permission.value)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                granted = listed is not None and (not listed or permission.value in listed)
                child.setCheckState(0, Qt.CheckState.Checked if granted
                                    else Qt.CheckState.Unchecked)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.all_cameras.toggled.connect(self.tree.setDisabled)
        self.all_cameras.setChecked(not rights)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.all_cameras)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(460, 520)

    def rights(self) -> dict[str, list[str]] | None:
        """The chosen rights; None when nothing is chosen (which would mean "everything")."""
        if self.all_cameras.isChecked():
            return {}
        chosen: dict[str, list[str]] = {}
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            state = item.checkState(0)
            if state == Qt.CheckState.Unchecked:
                continue
            camera = str(item.data(0, Qt.ItemDataRole.UserRole))
            if state == Qt.CheckState.Checked:
                chosen[camera] = []  # every camera right the role has
            else:
                chosen[camera] = [str(item.child(i).data(0, Qt.ItemDataRole.UserRole))
                                  for i in range(item.childCount())
                                  if item.child(i).checkState(0) == Qt.CheckState.Checked]
        return chosen or None

    def _on_ok(self) -> None:
        if self.rights() is None:
            self.error_label.setText(self.tr("Tick at least one camera, or 'Every camera'."))
            return
        self.accept()


class NewUserDialog(QDialog):
    def __init__(self, roles: Sequence[RoleDTO], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New user"))
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in roles:
            self.role.addItem(role.label, role.name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Full name:"), self.display_name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("First password:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UsersDialog(QDialog):
    """Users and roles. Built with the service, who is acting and the camera list."""

    def __init__(self, users: UserService, principal: Principal,
                 list_cameras: Callable[[], Sequence[CameraLike]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("Users and roles"))
        self._users = users
        self._principal = principal
        self._list_cameras = list_cameras
        self._user_rows: list[UserDTO] = []
        self._roles: list[RoleDTO] = []
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_users_tab(), self.tr("Users"))
        self.tabs.addTab(self._build_roles_tab(), self.tr("Roles"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(900, 560)
        self.reload()

    # ------------------------------------------------------------------ building
    def _build_users_tab(self) -> QWidget:
        page = QWidget()
        self.user_table = QTableWidget(0, 6)
        self.user_table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("Active"),
            self.tr("Cameras"), self.tr("Last sign-in")])
        self.user_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.user_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.user_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.user_table.horizontalHeader().setStretchLastSection(True)
        buttons = QVBoxLayout()
        for text, slot in ((self.tr("New user…"), self._ask_new_user),
                           (self.tr("Change role…"), self._ask_role),
                           (self.tr("Camera rights…"), self._ask_camera_rights),
                           (self.tr("Reset password…"), self._ask_password),
                           (self.tr("Lift log-in lock"), self._unlock_selected),
                           (self.tr("Deactivate"), self._deactivate_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(page)
        layout.addWidget(self.user_table, 1)
        layout.addLayout(buttons)
        return page

    def _build_roles_tab(self) -> QWidget:
        page = QWidget()
        self.role_list = QListWidget()
        self.role_list.currentRowChanged.connect(self._on_role_selected)
        self.role_name = QLineEdit()
        self.permission_list = QListWidget()
        for permission in Permission:
            item = QListWidgetItem(PERMISSION_LABELS.get(permission, permission.value))
            item.setData(Qt.ItemDataRole.UserRole, permission.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.permission_list.addItem(item)
        self.builtin_note = QLabel(self.tr("Built-in roles cannot be changed; create a custom "
                                           "role to adjust rights."))
        self.builtin_note.setWordWrap(True)
        new_button = QPushButton(self.tr("New role"))
        new_button.clicked.connect(self._new_role)
        self.save_role_button = QPushButton(self.tr("Save role"))
        self.save_role_button.clicked.connect(
            lambda: self.save_role(self.role_name.text(), self.checked_permissions()))
        self.delete_role_button = QPushButton(self.tr("Delete role"))
        self.delete_role_button.clicked.connect(
            lambda: self.delete_role(self.role_name.text()))
        right = QVBoxLayout()
        form = QFormLayout()
        form.addRow(self.tr("Role name:"), self.role_name)
        right.addLayout(form)
        right.addWidget(QLabel(self.tr("Permissions:")))
        right.addWidget(self.permission_list, 1)
        right.addWidget(self.builtin_note)
        row = QHBoxLayout()
        for button in (new_button, self.save_role_button, self.delete_role_button):
            row.addWidget(button)
        right.addLayout(row)
        layout = QHBoxLayout(page)
        layout.addWidget(self.role_list, 1)
        layout.addLayout(right, 2)
        return page

    # ------------------------------------------------------------------- loading
    def reload(self) -> None:
        try:
            self._user_rows = self._users.list_users(self._principal)
            self._roles = self._users.list_roles(self._principal)
        except (PermissionDenied, SecurityError, StorageError) as exc:
            self._show(str(exc), error=True)
            return
        self.user_table.setRowCount(len(self._user_rows))
        for row, user in enumerate(self._user_rows):
            cameras = (self.tr("all") if not user.camera_rights
                       else ", ".join(f"#{c}" for c in sorted(user.camera_rights, key=int)))
            last = (f"{user.last_login_at.astimezone():%d/%m/%Y %H:%M}"
                    if user.last_login_at else "—")
            values = [user.username, user.display_name, user.role_label,
                      self.tr("yes") if user.active else self.tr("no"), cameras, last]
            for column, value in enumerate(values):
                self.user_table.setItem(row, column, QTableWidgetItem(value))
        self.user_table.resizeColumnsToContents()
        current = self.role_list.currentRow()
        self.role_list.clear()
        for role in self._roles:
            suffix = self.tr(" (built-in)") if role.builtin else ""
            self.role_list.addItem(role.label + suffix)
        if self._roles:
            self.role_list.setCurrentRow(min(max(current, 0), len(self._roles) - 1))

    def selected_user(self) -> UserDTO | None:
        rows = self.user_table.selectionModel().selectedRows()
        return self._user_rows[rows[0].row()] if rows else None

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self._user_rows):
            if user.username == username:
                self.user_table.selectRow(row)

    # ------------------------------------------------------------------- actions
    def create_user(self, username: str, display_name: str, role_name: str,
                    password: str) -> bool:
        return self._run(lambda: self._users.create_user(
            self._principal, username, password, display_name, role_name),
            self.tr("User {name} created.").format(name=username.strip().lower()))

    def set_role(self, role_name: str) -> bool:
        user = self._need_user()
        return user is not None and self._run(
            lambda: self._users.set_role(self._principal, user.id, role_name),
            self.tr("Role of {name} changed.").format(name=user.username))

    def set_camera_rights(self, rights: Mapping[Any, Sequence[str]]) -> bool:
        user = self._need_user()
        return user is not None and self._run(
            lambda: self._users.set_camera_rights(self._principal, user.id, rights),
            self.tr("Camera rights of {name} saved.").format(name=user.username))

    def reset_password(self, password: str) -> bool:
        user = self._need_user()
        return user is not None and self._run(
            lambda: self._users.change_password(self._principal, user.id, password),
            self.tr("Password of {name} reset; tell the user in person.").format(
                name=user.username))

    def unlock_user(self) -> bool:
        user = self._need_user()
        return user is not None and self._run(
            lambda: self._users.unlock(self._principal, user.username),
            self.tr("{name} can sign in again.").format(name=user.username))

    def deactivate_user(self) -> bool:
        user = self._need_user()
        return user is not None and self._run(
            lambda: self._users.deactivate(self._principal, user.id),
            self.tr("{name} deactivated.").format(name=user.username))

    def save_role(self, name: str, permissions: Sequence[str]) -> bool:
        return self._run(lambda: self._users.save_role(self._principal, name, permissions),
                         self.tr("Role {name} saved.").format(name=name.strip()))

    def delete_role(self, name: str) -> bool:
        role = next((r for r in self._roles if r.label == name or r.name == name), None)
        return self._run(lambda: self._users.delete_role(
            self._principal, role.name if role else name),
            self.tr("Role {name} deleted.").format(name=name))

    def checked_permissions(self) -> list[str]:
        return [str(self.permission_list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.permission_list.count())
                if self.permission_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked_permissions(self, values: Sequence[str]) -> None:
        for i in range(self.permission_list.count()):
            item = self.permission_list.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in values
                               else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------- helpers
    def _run(self, action: Callable[[], object], success: str) -> bool:
        try:
            action()
        except (PermissionDenied, SecurityError, StorageError) as exc:
            self._show(str(exc), error=True)
            return False
        selected = self.selected_user()
        self.reload()
        if selected is not None:
            self.select_user(selected.username)
        self._show(success)
        return True

    def _need_user(self) -> UserDTO | None:
        user = self.selected_user()
        if user is None:
            self._show(self.tr("Select a user first."), error=True)
        return user

    def _show(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #ff7b72;" if error else "color: #7ee787;")
        self.message.setText(text)

    def _on_role_selected(self, row: int) -> None:
        if not 0 <= row < len(self._roles):
            return
        role = self._roles[row]
        self.role_name.setText(role.name)
        self.role_name.setReadOnly(role.builtin)
        self.set_checked_permissions([p.value for p in role.permissions])
        self.permission_list.setEnabled(not role.builtin)
        self.builtin_note.setVisible(role.builtin)
        self.save_role_button.setEnabled(not role.builtin)
        self.delete_role_button.setEnabled(not role.builtin)

    def _new_role(self) -> None:
        self.role_list.clearSelection()
        self.role_name.setReadOnly(False)
        self.role_name.clear()
        self.role_name.setFocus()
        self.set_checked_permissions([])
        self.permission_list.setEnabled(True)
        self.builtin_note.hide()
        self.save_role_button.setEnabled(True)
        self.delete_role_button.setEnabled(False)

    # Small dialogs (interactive use; tests call the methods above directly).
    def _ask_new_user(self) -> None:
        dialog = NewUserDialog(self._roles, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_user(dialog.username.text(), dialog.display_name.text(),
                             str(dialog.role.currentData()), dialog.password.text())

    def _ask_role(self) -> None:
        if self._need_user() is None:
            return
        labels = [r.label for r in self._roles]
        label, ok = QInputDialog.getItem(self, self.tr("Change role"), self.tr("New role:"),
                                         labels, 0, False)
        if ok:
            self.set_role(self._roles[labels.index(label)].name)

    def _ask_camera_rights(self) -> None:
        user = self._need_user()
        if user is None:
            return
        dialog = CameraRightsDialog(list(self._list_cameras()), user.camera_rights, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_camera_rights(dialog.rights() or {})

    def _ask_password(self) -> None:
        if self._need_user() is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                            self.tr("New password:"),
                                            QLineEdit.EchoMode.Password)
        if ok:
            self.reset_password(password)

    def _unlock_selected(self) -> None:
        self.unlock_user()

    def _deactivate_selected(self) -> None:
        self.deactivate_user()
