"""The main screens. A new job screen is one more entry here.

F2 opens the home screen; F3 to F7 are kept for the desk, the duty log, the
mail room and the lookup; the system screens sit on F8 and F9.
"""

from __future__ import annotations

from frontdesk.screens.audit_log import AuditLogScreen
from frontdesk.screens.duty_log import DutyLogScreen
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.letter_form import LetterFormScreen
from frontdesk.screens.mail_registers import MailRegistersScreen
from frontdesk.screens.lookup import LookupScreen
from frontdesk.screens.operators import OperatorsScreen
from frontdesk.screens.visit_form import VisitFormScreen
from frontdesk.store import Operator
from frontdesk.tui.context import MainScreen

HOME = "home"

MAIN_SCREENS: tuple[MainScreen, ...] = (
    MainScreen(
        id=HOME, label_key="tui.screen.home", job_key="tui.job.general", key="f2",
        permission=None,
        factory=lambda desk: HomeScreen(
            desk.store, desk.settings, desk.operator, desk.clock, desk.main_screens
        ),
    ),
    MainScreen(
        id="visit", label_key="tui.screen.visit", job_key="tui.job.desk", key="f3",
        permission="visit.register",
        factory=lambda desk: VisitFormScreen(desk.store, desk.settings, desk.operator),
    ),
    MainScreen(
        id="duty", label_key="tui.screen.duty", job_key="tui.job.duty", key="f4",
        permission="duty.write",
        factory=lambda desk: DutyLogScreen(desk.store, desk.settings, desk.operator),
    ),
    MainScreen(
        id="letter", label_key="tui.screen.letter", job_key="tui.job.mail", key="f5",
        permission="letter.register",
        factory=lambda desk: LetterFormScreen(desk.store, desk.settings, desk.operator),
    ),
    MainScreen(
        id="mail", label_key="tui.screen.mail", job_key="tui.job.mail", key="f6",
        permission="letter.read",
        factory=lambda desk: MailRegistersScreen(desk.store, desk.settings, desk.operator),
    ),
    MainScreen(
        id="lookup", label_key="tui.screen.lookup", job_key="tui.job.lookup", key="f7",
        permission=None,
        factory=lambda desk: LookupScreen(desk.store, desk.settings, desk.operator),
    ),
    MainScreen(
        id="operators", label_key="tui.screen.operators", job_key="tui.job.system", key="f8",
        permission="operator.manage",
        factory=lambda desk: OperatorsScreen(desk.store, desk.operator),
    ),
    MainScreen(
        id="audit", label_key="tui.screen.audit", job_key="tui.job.system", key="f9",
        permission="audit.read",
        factory=lambda desk: AuditLogScreen(desk.store, desk.operator),
    ),
)


def main_screens_for(operator: Operator) -> tuple[MainScreen, ...]:
    """The main screens ``operator``'s role may open, in key order."""
    return tuple(spec for spec in MAIN_SCREENS if spec.open_to(operator))
