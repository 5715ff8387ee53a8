"""One duty entry in full: its reports, its event's chain, and every version
of its content (the history of corrections). A correction is a new version
with a reason; the old one stays visible here."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.output.labels import stage_label
from frontdesk.screens.duty.correction import CorrectionDialog
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry, Version
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


def _same(name: str) -> str:
    return name


def entry_lines(entry: DutyEntry, name: Callable[[str], str] = _same) -> list[str]:
    """The entry as readable lines for the detail dialog; ``name`` gives an
    operator's full name for a login name."""
    colon = t("sep.colon")
    stage = stage_label(entry)
    lines = [f"{entry.number}  {entry.at[:16]}  {t('duty.kind.' + entry.kind)}  "
             f"{t('duty.importance.' + entry.importance)}" + (f"  {stage}" if stage else "")]
    for key in ("source", "phone", "summary", "details", "action", "assignee"):
        value = getattr(entry, key)
        if value:
            lines.append(f"{t('field.' + key)}{colon}{value}")
    for report in entry.reports:
        lines.append(t("tui.duty.detail.reported", to=report.to, at=report.at[:16], by=name(report.recorded_by)))
    if entry.unreported_urgent:
        lines.append(t("tui.duty.detail.not_reported"))
    if entry.done_at:
        lines.append(t("tui.duty.detail.done", at=entry.done_at[:16], by=name(entry.done_by or ""),
                       note=entry.done_note))
    lines.append(t("tui.duty.detail.logged", at=entry.logged_at[:16], by=name(entry.created_by)))
    return lines


def version_lines(versions: list[Version], name: Callable[[str], str] = _same) -> list[str]:
    lines = []
    for version in versions:
        lines.append(t("tui.duty.detail.version", version=version.version, at=version.created_at[:16],
                       by=name(version.created_by), reason=version.reason or t("tui.duty.detail.first")))
        content = version.content
        lines.append(f"  {content['at'][:16]}  {t('duty.kind.' + content['kind'])}  "
                     f"{t('duty.importance.' + content['importance'])}  {content['source']}  {content['phone'] or ''}")
        lines.append(f"  {content['summary']}")
        for key in ("details", "action", "assignee"):
            if content[key]:
                lines.append(f"  {t('field.' + key)}{t('sep.colon')}{content[key]}")
    return lines


class DutyDetailDialog(FrontdeskModal[bool]):
    """An entry, its event and its versions; ``e`` corrects it. Dismisses with
    True when something was changed."""

    CSS_PATH = "duty_detail.tcss"
    TITLE_KEY = "tui.duty.detail.title"

    BINDINGS = [
        Binding("e", "correct", "tui.duty.key.correct", id="duty-detail-correct", tooltip="tui.duty.tip.correct"),
        Binding("escape", "close", "tui.key.close", id="duty-detail-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, number: str) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._number = number
        self._entry: DutyEntry | None = None
        self._changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="duty-detail-box"):
            with VerticalScroll(id="duty-detail-scroll"):
                yield Static("", id="duty-detail-entry")
                yield Static("", id="duty-detail-chain", classes="duty-detail-section")
                yield Static("", id="duty-detail-versions", classes="duty-detail-section")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_store("load", self._read, group="load", exclusive=True)

    def _read(self) -> tuple[DutyEntry, list[DutyEntry], list[Version], dict[str, str]]:
        """The entry, its event's chain, its versions and the full names of the
        officers who wrote them (in the worker)."""
        duty = self._store.duty
        entry = duty.get(self._operator, self._number)
        versions = duty.history(self._operator, self._number)
        logins = {entry.created_by, entry.done_by or "", *(r.recorded_by for r in entry.reports),
                  *(v.created_by for v in versions)}
        names = {login: self._store.shifts.full_name(login) for login in logins if login}
        return entry, duty.chain(self._operator, self._number), versions, names

    @on(StoreDone)
    def show(self, event: StoreDone) -> None:
        entry, entries, versions, names = event.result
        self._entry = entry

        def name(login: str) -> str:
            return names.get(login, login)

        self.query_one("#duty-detail-entry", Static).update(Text("\n".join(entry_lines(entry, name))))
        chain = self.query_one("#duty-detail-chain", Static)
        if len(entries) > 1:
            lines = [t("tui.duty.detail.chain")] + [
                f"{'▶' if e.number == entry.number else ' '} {stage_label(e)}  {e.number}  "
                f"{e.at[:16]}  {e.summary}" for e in entries]
            chain.update(Text("\n".join(lines)))
        chain.display = len(entries) > 1
        self.query_one("#duty-detail-versions", Static).update(
            Text("\n".join([t("tui.duty.detail.history", count=len(versions))] + version_lines(versions, name))))

    @on(StoreRefused)
    def failed(self, event: StoreRefused) -> None:
        self.query_one("#duty-detail-entry", Static).update(Text(event.error.message))

    def action_correct(self) -> None:
        if self._entry is not None:
            self.app.push_screen(CorrectionDialog(self._store, self._operator, self._entry), self._corrected)

    def _corrected(self, entry: DutyEntry | None) -> None:
        if entry is not None:
            self._changed = True
            self.notify(t("tui.duty.correct.saved", number=entry.number, version=entry.version), markup=False)
            self.load()

    def action_close(self) -> None:
        self.dismiss(self._changed)
