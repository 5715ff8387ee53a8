"""The main screens. A new job screen is one more entry here.

F2 opens the home screen; F3 to F7 are kept for the desk, the duty log, the
mail room and the lookup; the system screens sit on F8 and F9, and the matters
(办理跟踪) on F10.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen

from frontdesk.store import Operator
from frontdesk.tui.context import Desk, MainScreen


@dataclass(frozen=True)
class _Lazy:
    """A screen class named by its module, imported when it is first built:
    starting the app does not pay for every job's screens."""

    module: str
    name: str

    def __call__(self, desk: Desk) -> Screen:
        return getattr(import_module(self.module), self.name)(desk)


HOME = "home"

MAIN_SCREENS: tuple[MainScreen, ...] = (
    MainScreen(
        id=HOME, label_key="tui.screen.home", job_key="tui.job.general", key="f2",
        permission=None,
        factory=_Lazy("frontdesk.screens.home", "HomeScreen"),
    ),
    MainScreen(
        id="visit", label_key="tui.screen.visit", job_key="tui.job.desk", key="f3",
        permission="visit.register",
        factory=_Lazy("frontdesk.screens.visits.visit_form", "VisitFormScreen"),
    ),
    MainScreen(
        id="duty", label_key="tui.screen.duty", job_key="tui.job.duty", key="f4",
        permission="duty.write",
        factory=_Lazy("frontdesk.screens.duty.log", "DutyLogScreen"),
    ),
    MainScreen(
        id="letter", label_key="tui.screen.letter", job_key="tui.job.mail", key="f5",
        permission="letter.register",
        factory=_Lazy("frontdesk.screens.mail.letter_form", "LetterFormScreen"),
    ),
    MainScreen(
        id="mail", label_key="tui.screen.mail", job_key="tui.job.mail", key="f6",
        permission="letter.read",
        factory=_Lazy("frontdesk.screens.mail.registers", "MailRegistersScreen"),
    ),
    MainScreen(
        id="lookup", label_key="tui.screen.lookup", job_key="tui.job.lookup", key="f7",
        permission=None,
        factory=_Lazy("frontdesk.screens.lookup", "LookupScreen"),
    ),
    MainScreen(
        id="operators", label_key="tui.screen.operators", job_key="tui.job.system", key="f8",
        permission="operator.manage",
        factory=_Lazy("frontdesk.screens.system.operators", "OperatorsScreen"),
    ),
    MainScreen(
        id="audit", label_key="tui.screen.audit", job_key="tui.job.system", key="f9",
        permission="audit.read",
        factory=_Lazy("frontdesk.screens.system.audit_log", "AuditLogScreen"),
    ),
    MainScreen(
        id="matters", label_key="tui.screen.matters", job_key="tui.job.matters", key="f10",
        permission="matter.read",
        factory=_Lazy("frontdesk.screens.matters.tracking", "MatterTrackingScreen"),
    ),
)


def main_screens_for(operator: Operator) -> tuple[MainScreen, ...]:
    """The main screens ``operator``'s role may open, in key order."""
    return tuple(spec for spec in MAIN_SCREENS if spec.open_to(operator))
