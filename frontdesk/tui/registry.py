"""The main screens. A new job screen is one more entry here.

F2 opens the home screen; F3 to F7 are kept for the desk, the duty log, the
mail room and the lookup; the system screens sit on F8 and F9.
"""

from __future__ import annotations

from importlib import import_module

from frontdesk.store import Operator
from frontdesk.tui.context import MainScreen


def _screen(module: str, name: str):
    """The screen class, imported when it is first built: starting the app does
    not pay for every job's screens."""
    return getattr(import_module(module), name)

HOME = "home"

MAIN_SCREENS: tuple[MainScreen, ...] = (
    MainScreen(
        id=HOME, label_key="tui.screen.home", job_key="tui.job.general", key="f2",
        permission=None,
        factory=lambda desk: _screen("frontdesk.screens.home", "HomeScreen")(desk),
    ),
    MainScreen(
        id="visit", label_key="tui.screen.visit", job_key="tui.job.desk", key="f3",
        permission="visit.register",
        factory=lambda desk: _screen("frontdesk.screens.visits.visit_form", "VisitFormScreen")(desk),
    ),
    MainScreen(
        id="duty", label_key="tui.screen.duty", job_key="tui.job.duty", key="f4",
        permission="duty.write",
        factory=lambda desk: _screen("frontdesk.screens.duty.log", "DutyLogScreen")(desk),
    ),
    MainScreen(
        id="letter", label_key="tui.screen.letter", job_key="tui.job.mail", key="f5",
        permission="letter.register",
        factory=lambda desk: _screen("frontdesk.screens.mail.letter_form", "LetterFormScreen")(desk),
    ),
    MainScreen(
        id="mail", label_key="tui.screen.mail", job_key="tui.job.mail", key="f6",
        permission="letter.read",
        factory=lambda desk: _screen("frontdesk.screens.mail.registers", "MailRegistersScreen")(desk),
    ),
    MainScreen(
        id="lookup", label_key="tui.screen.lookup", job_key="tui.job.lookup", key="f7",
        permission=None,
        factory=lambda desk: _screen("frontdesk.screens.lookup", "LookupScreen")(desk),
    ),
    MainScreen(
        id="operators", label_key="tui.screen.operators", job_key="tui.job.system", key="f8",
        permission="operator.manage",
        factory=lambda desk: _screen("frontdesk.screens.system.operators", "OperatorsScreen")(desk),
    ),
    MainScreen(
        id="audit", label_key="tui.screen.audit", job_key="tui.job.system", key="f9",
        permission="audit.read",
        factory=lambda desk: _screen("frontdesk.screens.system.audit_log", "AuditLogScreen")(desk),
    ),
)


def main_screens_for(operator: Operator) -> tuple[MainScreen, ...]:
    """The main screens ``operator``'s role may open, in key order."""
    return tuple(spec for spec in MAIN_SCREENS if spec.open_to(operator))
