"""What main screens are made of: the registry entry and what each screen gets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.store import Clock, Operator, Store
from frontdesk.store.shared.permissions import allowed


@dataclass(frozen=True)
class Desk:
    """Everything a main screen may be built from while an operator is signed in."""

    store: Store
    settings: Settings
    clock: Clock
    operator: Operator
    main_screens: tuple[MainScreen, ...]


@dataclass(frozen=True)
class MainScreen:
    """One job screen: a Textual mode that exists only while someone is signed in.

    ``permission`` names an action of the store's permission table; the screen
    is offered only to roles allowed to do it (``None``: every role).
    """

    id: str
    label_key: str
    job_key: str
    key: str
    permission: str | None
    factory: Callable[[Desk], Screen]

    @property
    def label(self) -> str:
        return t(self.label_key)

    @property
    def palette_label(self) -> str:
        """The label prefixed by its job, as the command palette lists it."""
        return t("tui.palette.entry", job=t(self.job_key), label=self.label)

    def open_to(self, operator: Operator) -> bool:
        """Whether ``operator``'s role may use this screen."""
        return self.permission is None or allowed(operator.role, self.permission)
