"""Parts of the letter form: one row per enclosure (随信物品) and per accused
person (被检举人), and the earlier-records panel that names a repeat letter."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Input, Select, Static

from frontdesk.i18n import t
from frontdesk.store.mail.letter_rules import ENCLOSURE_KINDS
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.history_panel import HistoryPanel
from frontdesk.tui.widgets.text_input import TextInput


def blank_to_none(value: object) -> object:
    return None if value is Select.NULL else value


class EnclosureRow(Vertical):
    """One enclosure: what it is, its kind, the cash amount, returned at once."""

    DEFAULT_CSS = """
    EnclosureRow {
        height: auto;
        padding: 0 0 0 1;
        border-left: vkey $primary-muted;
        Horizontal { height: auto; }
        .e-returned { width: auto; }
    }
    """

    def __init__(self, index: int, values: dict | None = None) -> None:
        super().__init__(classes="enclosure-row")
        self.index = index
        self._values = values or {}

    def _field(self, key: str) -> str:
        return f"enclosures.{self.index}.{key}"

    def compose(self) -> ComposeResult:
        v = self._values
        yield FieldRow(t("tui.letter.enclosure_n", n=self.index + 1),
                       TextInput(v.get("item", ""), max_length=100, compact=True, classes="e-item",
                                 placeholder=t("tui.letter.item_hint")), name=self._field("item"))
        with Horizontal():
            yield FieldRow(t("field.enclosure_kind"),
                           ChoiceSelect([(t(f"enclosure_kind.{k}"), k) for k in ENCLOSURE_KINDS],
                                  value=v.get("kind", "other"), allow_blank=False, compact=True,
                                  classes="e-kind"), name=self._field("enclosure_kind"))
            yield FieldRow(t("tui.letter.label.amount"),
                           TextInput(v.get("amount", ""), max_length=14, compact=True, classes="e-amount"),
                           name=self._field("amount"))
        yield Checkbox(t("tui.letter.returned_now"), bool(v.get("returned")), compact=True,
                       classes="e-returned", name=self._field("returned"))

    def values(self) -> dict:
        try:
            return {
                "item": self.query_one(".e-item", Input).value,
                "kind": str(self.query_one(".e-kind", Select).value),
                "amount": self.query_one(".e-amount", Input).value,
                "returned": self.query_one(".e-returned", Checkbox).value,
            }
        except NoMatches:
            return dict(self._values)

    def focus_first(self) -> None:
        self.query_one(".e-item", Input).focus()


ACCUSED_FIELDS = (("accused_name", "name", 60), ("unit", "unit", 100), ("identity", "identity", 60),
                  ("post", "post", 60), ("rank", "rank", 40), ("id_number", "id_number", 40))


class AccusedRow(Vertical):
    """One accused person: name, unit, identity, post, rank, ID number if known."""

    DEFAULT_CSS = """
    AccusedRow {
        height: auto;
        padding: 0 0 0 1;
        border-left: vkey $warning-muted;
        .card-title { color: $text-warning; }
    }
    """

    def __init__(self, index: int, values: dict | None = None) -> None:
        super().__init__(classes="accused-row")
        self.index = index
        self._values = values or {}

    def compose(self) -> ComposeResult:
        yield Static(Text(t("tui.letter.accused_n", n=self.index + 1)), classes="card-title")
        for label, key, length in ACCUSED_FIELDS:
            yield FieldRow(t(f"tui.letter.label.{label}") if label == "accused_name" else t(f"field.{label}"),
                           TextInput(self._values.get(key, ""), max_length=length, compact=True,
                                     classes=f"a-{key}"),
                           name=f"accused.{self.index}.{label}")

    def values(self) -> dict:
        try:
            return {key: self.query_one(f".a-{key}", Input).value for _l, key, _n in ACCUSED_FIELDS}
        except NoMatches:
            return dict(self._values)

    def focus_first(self) -> None:
        self.query_one(".a-name", Input).focus()


class LetterHistoryPanel(HistoryPanel):
    """The earlier-records panel; an earlier letter of the sender is named at the
    top: this letter will be registered as a repeat letter."""

    def _fill(self) -> None:
        super()._fill()
        history = self.history
        earlier = next((r for r in history.definite if r.channel == "letter"), None)
        summary = self.query_one("#history-summary", Static)
        if earlier is not None:
            text = t("tui.letter.repeat_found", number=earlier.number, at=earlier.at[:16])
        elif history.definite:
            text = t("tui.history.found", count=len(history.definite))
        elif history.possible:
            text = t("tui.history.only_possible", count=len(history.possible))
        else:
            text = t("tui.history.empty")
        summary.update(Text(text))
        summary.set_class(earlier is not None, "-repeat")
