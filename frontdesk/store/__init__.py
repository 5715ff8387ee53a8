"""The store: schema, migrations, the office's rules and all SQL. No UI here."""

from frontdesk.store.api import Clock, Store, system_clock
from frontdesk.store.core.errors import (
    AuthenticationFailed,
    DatabaseOpenError,
    PermissionDenied,
    StorageError,
    StoreError,
    ValidationError,
)
from frontdesk.store.shared.audit import AuditEntry, Problem, VerifyResult
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.permissions import Role

__all__ = [
    "AuditEntry", "AuthenticationFailed", "Clock", "DatabaseOpenError", "Operator",
    "PermissionDenied", "Problem", "Role", "StorageError", "Store", "StoreError",
    "ValidationError", "VerifyResult", "system_clock",
]
