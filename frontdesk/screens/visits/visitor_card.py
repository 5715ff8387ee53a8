"""One visitor on the visit form: name, ID document, phone, address, and whether
a representative (代表) or the liaison (联络人)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Input, Select, Static

from frontdesk.i18n import t
from frontdesk.output.labels import id_type_label
from frontdesk.store.shared.identity import NATIONALITIES, IdType
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.text_input import TextInput

FIELDS = ("name", "id_type", "nationality", "id_number", "phone", "address", "postcode",
          "representative", "liaison")


class VisitorCard(Vertical):
    """The fields of one visitor. ``index`` is its place in the list (0-based)."""

    DEFAULT_CSS = """
    VisitorCard {
        height: auto;
        border-top: solid $primary-muted;
        padding: 0 0 0 1;
        .card-title { color: $text-primary; text-style: bold; }
        .card-flags { height: 1; }
        .card-flags Checkbox { width: auto; margin-right: 2; }
        Horizontal { height: auto; }
    }
    """

    def __init__(self, index: int, values: dict | None = None) -> None:
        super().__init__(classes="visitor-card")
        self.index = index
        self._values = values or {}
        self._controls: dict = {}
        self._focus_when_built = False

    def _field(self, key: str) -> str:
        return f"visitors.{self.index}.{key}"

    def compose(self) -> ComposeResult:
        v = self._values
        yield Static(Text(t("tui.visit.visitor_n", n=self.index + 1)), classes="card-title")
        yield FieldRow(t("field.display_name"),
                       TextInput(v.get("name", ""), max_length=40, compact=True, select_on_focus=False,
                                 classes="v-name"),
                       name=self._field("name"))
        id_types = Select([(id_type_label(k), k.value) for k in IdType], value=v.get("id_type", IdType.RESIDENT.value),
                          allow_blank=False, compact=True, classes="v-id_type")
        yield FieldRow(t("field.id_type"), id_types, name=self._field("id_type"))
        nationality = ChoiceSelect([(t(f"nationality.{code.lower()}"), code) for code in NATIONALITIES],
                                   value=v.get("nationality") or Select.NULL, compact=True,
                                   prompt=t("tui.visit.choose"), classes="v-nationality")
        row = FieldRow(t("field.nationality"), nationality, name=self._field("nationality"))
        # Only a passport says which country; the other documents are Chinese ones.
        row.display = v.get("id_type") == IdType.PASSPORT.value
        yield row
        yield FieldRow(t("field.id_number"),
                       TextInput(v.get("id_number", ""), max_length=40, compact=True, select_on_focus=False,
                                 classes="v-id_number"),
                       name=self._field("id_number"))
        yield FieldRow(t("field.phone"),
                       TextInput(v.get("phone", ""), max_length=30, compact=True, select_on_focus=False,
                                 classes="v-phone"),
                       name=self._field("phone"))
        yield FieldRow(t("field.address"),
                       TextInput(v.get("address", ""), max_length=200, compact=True, select_on_focus=False,
                                 classes="v-address"),
                       name=self._field("address"))
        yield FieldRow(t("field.postcode"),
                       TextInput(v.get("postcode", ""), max_length=6, compact=True, select_on_focus=False,
                                 classes="v-postcode"),
                       name=self._field("postcode"))
        with Horizontal(classes="card-flags"):
            yield Checkbox(t("field.representative"), bool(v.get("representative")), compact=True,
                           classes="v-representative", name=self._field("representative"))
            yield Checkbox(t("field.liaison"), bool(v.get("liaison")), compact=True,
                           classes="v-liaison", name=self._field("liaison"))

    def values(self) -> dict:
        """What is typed, under the store's key names (the starting values while
        the card is still being built)."""
        try:
            return self._typed()
        except NoMatches:
            return {key: self._values.get(key, False if key in ("representative", "liaison") else "")
                    for key in FIELDS} | {"id_type": self._values.get("id_type", IdType.RESIDENT.value),
                                          "nationality": self._values.get("nationality") or ""}

    def _typed(self) -> dict:
        # Looked up once: a query per key press would walk the whole card.
        if not self._controls:
            for key in FIELDS:
                self._controls[key] = self.query_one(f".v-{key}")
        values = {key: control.value for key, control in self._controls.items()}
        values["id_type"] = str(values["id_type"])
        nationality = values["nationality"]
        values["nationality"] = (str(nationality) if values["id_type"] == IdType.PASSPORT.value
                                 and nationality is not Select.NULL else "")
        return values

    @on(Select.Changed, ".v-id_type")
    def _document_changed(self, event: Select.Changed) -> None:
        row = next(r for r in self.query(FieldRow) if r.name == self._field("nationality"))
        shown = event.value == IdType.PASSPORT.value
        if row.display != shown:
            row.display = shown

    def clear(self) -> None:
        """Empty every field in place (quicker than building the card again)."""
        for key in FIELDS:
            control = self._controls.get(key) or self.query_one(f".v-{key}")
            if isinstance(control, Checkbox):
                control.value = False
            elif isinstance(control, Select) and key == "nationality":
                control.clear()
            elif isinstance(control, Select):
                control.value = IdType.RESIDENT.value
            elif isinstance(control, Input):
                control.value = ""

    def focus_name(self) -> None:
        """Put the cursor in the name; a card still being built takes it once built,
        a card already taken off the form ignores it."""
        if not self.is_attached:
            return
        try:
            name = self.query_one(".v-name", Input)
        except NoMatches:
            self._focus_when_built = True
            return
        name.focus()
        name.cursor_position = len(name.value)  # after what is there: a key adds, never replaces
        self.scroll_visible()

    def on_mount(self) -> None:
        if self._focus_when_built:
            self._focus_when_built = False
            self.focus_name()
