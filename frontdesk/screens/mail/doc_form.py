"""Registering an incoming document (收文登记). Choosing a secrecy level other
than none turns the form into a stub at once: the title, the content and every
other field a stub may not hold are emptied and disabled before anything can be
typed there, the clerk is told to use the paper register (密件登记本), and the
stub asks for the copies and the page and line of that register."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from frontdesk.i18n import t
from frontdesk.store.mail.documents import PAPER_KEYS, SECRECY, STUB_KEYS, STUB_REFUSED, URGENCY, Document
from frontdesk.tui.bindings import Section
from frontdesk.tui.record_dialog import RecordDialog, discard_key, save_and_cancel
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

INPUTS = (("received_at", "received_at", 19), ("issuer", "issuer", 100), ("doc_number", "doc_number", 60),
          ("doc_title", "title", 200), ("doc_content", "content", 5000), ("copies", "copies", 6),
          ("paper_page", "paper_page", 6), ("paper_line", "paper_line", 6),
          ("readers", "readers", 500), ("opinion", "opinion", 2000), ("return_by", "return_by", 10))


class DocFormDialog(RecordDialog[Document | None]):
    """Answers the saved document (or stub), or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_form"

    BINDINGS = [*save_and_cancel("doc"), discard_key("doc")]

    DRAFT_FORM = "document"
    SECTIONS = (
        Section("tui.section.doc.secrecy", "#d-secrecy"),
        Section("tui.section.doc.document", "#d-issuer"),
        Section("tui.section.doc.handling", "#d-readers"),
    )
    AUTO_FOCUS = "#d-issuer"
    """密级 and 紧急程度 come chosen (none, normal): the issuer is the first field typed."""
    GENERAL_BOX = ".box-note"

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box"):
            yield Static(Text(t("tui.help.screen.doc_form")), classes="box-title")
            with VerticalScroll(classes="mail-scroll"):
                yield FieldRow(t("field.secrecy"),
                               ChoiceSelect([(t(f"secrecy.{s}"), s) for s in SECRECY], value="none",
                                      allow_blank=False, compact=True, id="d-secrecy"), name="secrecy")
                yield Static(Text(t("tui.doc.classified_notice")), id="d-classified")
                yield FieldRow(t("field.urgency"),
                               ChoiceSelect([(t(f"urgency.{u}"), u) for u in URGENCY], value="normal",
                                      allow_blank=False, compact=True, id="d-urgency"), name="urgency")
                for field, key, length in INPUTS:
                    value = self._store.now().strftime("%Y-%m-%d %H:%M") if key == "received_at" else ""
                    hint = t("tui.doc.readers_hint") if key == "readers" else ""
                    control = (TimeInput(value, field=field, clock=self._store.now, id=f"d-{key}")
                               if key == "received_at" else
                               TextInput(value, max_length=length, compact=True, id=f"d-{key}", placeholder=hint,
                                         type="integer" if key in PAPER_KEYS else "text"))
                    yield FieldRow(t(f"field.{field}"), control, name=field)
            yield Static("", classes="box-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_stub(False)
        self.focus_start()
        self.remember_blank()
        self.offer_draft()

    def focus_start(self) -> None:
        self.query_one("#d-issuer", Input).focus()  # also while the terminal has no focus

    def form_data(self) -> dict:
        """Every field (a draft's shape is the same at any level): while classified
        what a stub may not hold is empty, since choosing the level cleared it."""
        data = {key: self.query_one(f"#d-{key}", Input).value for _f, key, _n in INPUTS}
        data["secrecy"] = str(self.query_one("#d-secrecy", Select).value)
        data["urgency"] = str(self.query_one("#d-urgency", Select).value)
        return data

    async def load_draft(self, data: dict) -> None:
        # A classified draft fills only what a stub holds: a title kept with a
        # level (by an older version) is never put on screen.
        wanted = STUB_KEYS if data.get("secrecy") not in (None, "none") else set(data)
        for _f, key, _n in INPUTS:
            if isinstance(data.get(key), str) and key in wanted:
                self.query_one(f"#d-{key}", Input).value = data[key]
        for key in ("secrecy", "urgency"):
            if isinstance(data.get(key), str):
                try:
                    self.query_one(f"#d-{key}", Select).value = data[key]
                except InvalidSelectValueError:
                    pass  # a level this version no longer has: the form's own stays

    @on(Select.Changed, "#d-urgency")
    @on(Input.Changed)
    def changed(self) -> None:
        self.note_change()

    @property
    def classified(self) -> bool:
        return self.query_one("#d-secrecy", Select).value != "none"

    def values(self) -> dict:
        """What is saved: a stub's keys only while a secrecy level is chosen."""
        data = self.form_data()
        kept = STUB_KEYS if self.classified else set(data) - set(PAPER_KEYS)
        return {key: value for key, value in data.items() if key in kept}

    @on(Select.Changed, "#d-secrecy")
    def secrecy_changed(self) -> None:
        self.show_stub(self.classified)
        self.show_errors([])
        self.note_change()

    def show_stub(self, classified: bool) -> None:
        """Classified: what a stub may not hold is emptied and disabled (and its
        rows dimmed), the page and line of the paper register shown; and back."""
        self.query_one("#d-classified").display = classified
        for row in self.query(FieldRow):
            if row.name in PAPER_KEYS:
                row.display = classified
                if not classified:
                    row.control.clear()
            elif row.name in STUB_REFUSED or row.name in ("doc_title", "doc_content"):
                row.set_class(classified, "-stub")
                row.control.disabled = classified
                if classified and isinstance(row.control, Input):
                    row.control.clear()
                elif classified and isinstance(row.control, Select):
                    row.control.value = "normal"

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves to the next field that may be typed in; in the last it saves."""
        inputs = [i for i in self.query(Input) if not i.disabled and i.parent is not None
                  and (not isinstance(i.parent, FieldRow) or i.parent.display)]
        position = inputs.index(event.input) if event.input in inputs else len(inputs)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.documents.register, self._operator, self.values())
