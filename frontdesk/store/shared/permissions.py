"""Who may do what: one table the store checks and the tests walk."""

from __future__ import annotations

from enum import StrEnum

from frontdesk.store.core.errors import Message, PermissionDenied


class Role(StrEnum):
    """Operator roles. 系统管理员 admin, 办领导/科长 supervisor, 接访员 reception,
    值班员 duty, 收发员 mail."""

    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    RECEPTION = "reception"
    DUTY = "duty"
    MAIL = "mail"


ALL_ROLES = frozenset(Role)

# action -> (roles allowed, message key naming the action)
PERMISSIONS: dict[str, tuple[frozenset[Role], str]] = {
    "operator.manage": (frozenset({Role.ADMIN}), "action.operator_manage"),
    "audit.read": (frozenset({Role.ADMIN, Role.SUPERVISOR}), "action.audit_read"),
    "demo.generate": (frozenset({Role.ADMIN}), "action.demo"),
    "backup.make": (frozenset({Role.ADMIN}), "action.backup_make"),
    "backup.restore": (frozenset({Role.ADMIN}), "action.backup_restore"),
    "export.records": (frozenset({Role.SUPERVISOR, Role.ADMIN}), "action.export_records"),
    "import.records": (frozenset({Role.ADMIN}), "action.import_records"),
    "visit.register": (frozenset({Role.RECEPTION, Role.SUPERVISOR, Role.ADMIN}), "action.visit_register"),
    "visit.read": (frozenset({Role.RECEPTION, Role.DUTY, Role.SUPERVISOR, Role.ADMIN}), "action.visit_read"),
    "visit.reveal": (frozenset({Role.SUPERVISOR, Role.ADMIN}), "action.reveal"),
    "letter.register": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.letter_register"),
    "letter.read": (frozenset({Role.MAIL, Role.RECEPTION, Role.SUPERVISOR, Role.ADMIN}), "action.letter_read"),
    "letter.handle": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.letter_handle"),
    "accused.read": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.accused_read"),
    "post.register": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.post_register"),
    "post.read": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.post_read"),
    "doc.register": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.doc_register"),
    "doc.read": (frozenset({Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.doc_read"),
    "duty.write": (frozenset({Role.DUTY, Role.SUPERVISOR, Role.ADMIN}), "action.duty_write"),
    "duty.read": (frozenset({Role.DUTY, Role.SUPERVISOR, Role.ADMIN}), "action.duty_read"),
    "matter.read": (frozenset({Role.RECEPTION, Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.matter_read"),
    "matter.write": (frozenset({Role.RECEPTION, Role.MAIL, Role.SUPERVISOR, Role.ADMIN}), "action.matter_write"),
    "report.daily": (frozenset({Role.DUTY, Role.SUPERVISOR, Role.ADMIN}), "action.report_daily"),
}


def allowed(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action``."""
    return Role(role) in PERMISSIONS[action][0]


def require(role: str, action: str) -> None:
    """Raise PermissionDenied unless ``role`` may do ``action``."""
    roles, label_key = PERMISSIONS[action]
    if Role(role) not in roles:
        names = tuple(Message(f"role.{r.value}") for r in Role if r in roles)
        raise PermissionDenied("err.permission", action=Message(label_key), roles=names)
