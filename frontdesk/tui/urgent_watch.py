"""Urgent duty entries nobody has reported: the app asks the store every few
seconds (also while the screen is locked), shows a bar on every screen with the
minutes since each event, rings the bell when one first passes the reminder
interval and at each reminder after (a setting turns the bell off), and opens the
oldest in the duty log's report dialog from any screen (F12)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial

from textual.app import App, ScreenStackError

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.store import Clock, Operator, Store, StoreError
from frontdesk.store.duty.log import DutyEntry
from frontdesk.store.shared.permissions import allowed
from frontdesk.tui.widgets.urgent_bar import Urgent, UrgentBar


class UrgentWatch(App[None]):
    """The app's part that watches urgent entries (mixed into ``FrontdeskApp``)."""

    store: Store
    settings: Settings
    clock: Clock
    operator: Operator | None
    urgent: tuple[Urgent, ...]
    _rung: dict[str, datetime]

    @property
    def at_work(self) -> bool:
        raise NotImplementedError

    def open_main_screen(self, mode: str) -> None:
        raise NotImplementedError

    # urgent entries not reported: a bar on every screen, the bell ------------------

    def _reads_duty(self, operator: Operator | None) -> bool:
        return operator is not None and allowed(operator.role, "duty.read")

    def check_urgent(self) -> None:
        """Ask the store which urgent entries wait to be reported (every few seconds,
        also while the screen is locked: the bar shows on the lock screen)."""
        operator = self.operator
        if not self._reads_duty(operator):
            self._show_urgent(())
            return
        assert operator is not None
        self.run_worker(partial(self._read_urgent, operator), thread=True, group="urgent", exclusive=True,
                        exit_on_error=False)

    def _read_urgent(self, operator: Operator) -> None:
        try:
            entries = self.store.duty.unreported(operator)
        except StoreError:
            return  # the next round asks again
        self.call_from_thread(self.urgent_entries, entries)

    def urgent_entries(self, entries: Sequence[DutyEntry]) -> None:
        """The urgent entries not reported, as a screen or the check just read them."""
        self._show_urgent(tuple(Urgent(e.number, datetime.strptime(e.at[:16], "%Y-%m-%d %H:%M")) for e in entries))

    def _show_urgent(self, urgent: tuple[Urgent, ...]) -> None:
        self.urgent = urgent
        now = self.clock()
        every = timedelta(minutes=max(1, self.settings.urgent_reminder_minutes))
        ring = False
        for item in urgent:
            last = self._rung.get(item.number)
            if now - item.at >= every and (last is None or now - last >= every):
                self._rung[item.number] = now
                ring = True
        if ring and self.settings.urgent_bell:
            self.bell()
        try:
            screen = self.screen
        except ScreenStackError:
            return
        for bar in screen.query(UrgentBar):
            bar.show_urgent(urgent, now)

    def action_report_urgent(self) -> None:
        """F12 from any screen: the oldest urgent entry not reported, in the duty
        log's report dialog."""
        operator = self.operator
        if not self.at_work or operator is None:
            return
        if not allowed(operator.role, "duty.write"):
            self.notify(t("tui.urgent.not_duty"), severity="warning", markup=False)
            return
        if not self.urgent:
            self.notify(t("tui.urgent.none"), markup=False)
            return
        self.run_worker(partial(self._open_report, operator, self.urgent[0].number), thread=True,
                        group="urgent-report", exclusive=True, exit_on_error=False)

    def _open_report(self, operator: Operator, number: str) -> None:
        try:
            entry = self.store.duty.get(operator, number)
        except StoreError as error:
            self.call_from_thread(self.notify, error.message, severity="warning", markup=False)
            return
        self.call_from_thread(self._push_report, entry)

    def _push_report(self, entry: DutyEntry) -> None:
        from frontdesk.screens.duty.report_to import ReportToDialog

        self.open_main_screen("duty")
        if self.operator is not None:
            self.push_screen(ReportToDialog(self.store, self.operator, entry),
                             lambda _saved: self.check_urgent())
