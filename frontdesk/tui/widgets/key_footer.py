"""The footer of every screen: the keys that matter most first, F1 always.

Order: the screen's own keys (as its ``BINDINGS`` list them, the main action
first), then the focused widget's, then the form's section keys as one entry
(Alt+1-3), then the form's less used keys (``FOOTER_LATER``), then the app's
keys (lock, commands). F1 is pinned at the right.
When the words do not fit, every key says its shorter footer text
(``tui.foot.<id>``, see ``footer_text``); when even those do not fit, whole
entries are left off from the end: nothing is cut in the middle of a word, and
every key stays listed on the help screen (F1).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from frontdesk.i18n import t
from frontdesk.tui.bindings import HELP_KEY, JUMP_ACTION, footer_text

_PINNED_BORDER = 1
"""The rule left of the pinned F1."""


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str
    """The key a click on the entry presses."""
    display: str
    long: str
    """The key's words when there is room (the help screen's)."""
    short: str
    """Its words in a narrow footer."""
    action: str
    enabled: bool = True
    tooltip: str = ""

    def width(self, text: str) -> int:
        """Cells the entry takes with ``text`` (a space each side of the key, one after the words)."""
        return cell_len(self.display) + 2 + cell_len(text) + 1


def footer_entries(screen: Screen, app: App) -> tuple[list[FooterEntry], FooterEntry | None]:
    """(the entries in the footer's order, the pinned F1 entry or None) for ``screen``."""
    later_ids: frozenset[str] = getattr(screen, "FOOTER_LATER", frozenset())
    own: list[FooterEntry] = []
    later: list[FooterEntry] = []
    widgets: list[FooterEntry] = []
    jumps: list[FooterEntry] = []
    shared: list[FooterEntry] = []
    seen: set[tuple[int, str]] = set()
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        if not binding.show or (node is app and binding.action == HELP_KEY.action):
            continue
        if (id(node), binding.action) in seen:
            continue  # one entry per action, under its first key
        seen.add((id(node), binding.action))
        entry = FooterEntry(binding.key, app.get_key_display(binding), binding.description,
                            footer_text(binding), binding.action, enabled, tooltip or binding.description)
        if binding.action.startswith(JUMP_ACTION):
            jumps.append(entry)
        elif node is app:
            shared.append(entry)
        elif node is screen:
            (later if binding.id in later_ids else own).append(entry)
        else:
            widgets.append(entry)
    entries = [*own, *widgets]
    if jumps:
        sections = getattr(screen, "SECTIONS", ())
        last = jumps[-1].key.rsplit("+", 1)[-1]
        names = "/".join(t(section.name) for section in sections)
        entries.append(FooterEntry(jumps[0].key, f"{jumps[0].display}-{last}" if len(jumps) > 1 else jumps[0].display,
                                   names, t("tui.foot.jumps"), jumps[0].action,
                                   tooltip="\n".join(f"{j.display} {j.long}" for j in jumps)))
    entries += later + shared
    pinned = None
    if app.check_action(HELP_KEY.action, ()):
        words = t(HELP_KEY.description)
        pinned = FooterEntry(HELP_KEY.key, app.get_key_display(HELP_KEY), words, words, HELP_KEY.action,
                             tooltip=t(HELP_KEY.tooltip))
    return entries, pinned


def fit(entries: list[FooterEntry], width: int) -> list[tuple[FooterEntry, str]]:
    """The entries that fit in ``width`` cells, each with the words it shows: the
    long words if all of them fit, else the short ones, left off from the end."""
    for short in (False, True):
        chosen = [(entry, entry.short if short else entry.long) for entry in entries]
        if sum(entry.width(text) for entry, text in chosen) <= width:
            return chosen
    shown: list[tuple[FooterEntry, str]] = []
    used = 0
    for entry, text in chosen:
        used += entry.width(text)
        if used > width:
            break
        shown.append((entry, text))
    return shown


class FooterKey(Widget):
    """One entry: the key, then its words; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover { background: $block-hover-background; }
        &.-disabled { text-style: dim; }
    }
    """

    def __init__(self, entry: FooterEntry, text: str, *, classes: str = "") -> None:
        super().__init__(classes=f"{classes} -disabled" if not entry.enabled else classes)
        self.entry = entry
        self.text = text
        if entry.tooltip:
            self.tooltip = entry.tooltip

    def show_entry(self, entry: FooterEntry) -> None:
        """The same key, now ``entry`` (on or off, its tooltip)."""
        self.entry = entry
        self.set_class(not entry.enabled, "-disabled")
        self.tooltip = entry.tooltip or None

    def render(self) -> Text:
        label = Text.assemble(
            (f" {self.entry.display} ", self.get_component_rich_style("footer-key--key")),
            (f"{self.text} ", self.get_component_rich_style("footer-key--description")),
        )
        label.stylize_before(self.rich_style)
        return label

    def on_click(self) -> None:
        if self.entry.enabled:
            self.app.simulate_key(self.entry.key)
        else:
            self.app.bell()


class KeyFooter(Footer):
    """Textual's footer with the keys in the office's order (see the module's docstring)."""

    DEFAULT_CSS = """
    KeyFooter FooterKey.-pinned {
        dock: right;
        border-left: vkey $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._composed_width = 0
        self._composed: tuple[list[tuple[FooterEntry, str]], FooterEntry | None] | None = None

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _shown(self) -> tuple[list[tuple[FooterEntry, str]], FooterEntry | None]:
        """(the entries that fit with their words, the pinned F1 entry or None) now."""
        entries, pinned = footer_entries(self.screen, self.app)
        width = self._width()
        if pinned is not None:
            width -= pinned.width(pinned.long) + _PINNED_BORDER
        return fit(entries, width), pinned

    def compose(self) -> ComposeResult:
        self._composed_width = self._width()
        self._composed = shown, pinned = self._shown()
        for entry, text in shown:
            yield FooterKey(entry, text)
        if pinned is not None:
            yield FooterKey(pinned, pinned.long, classes="-pinned")

    def bindings_changed(self, screen: Screen) -> None:
        # Textual composes the footer again at every change of the keys in force,
        # also at each move of the focus that leaves the same keys: only when what
        # the footer shows changed, here.
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._keys_changed)

    def keys_for_next_showing(self) -> None:
        """Compose the keys its screen will have, while the screen is not shown (a kept
        dialog just filled with its next record, tui/kept_dialog.py): its first frame
        shows them, instead of showing the old ones and then laying itself out again."""
        if self.is_mounted and self._shown() != self._composed:
            self.refresh(recompose=True)

    async def _keys_changed(self) -> None:
        # A screen under a dialog or not shown is told again when it is shown (Textual
        # counts a screen under a dialog as current: changing its footer there would
        # make the dialog draw the whole screen under it again, hidden by its own footer).
        if not self.is_attached or self.screen is not self.app.screen:
            return
        shown = self._shown()
        if shown == self._composed:
            return
        if not self._same_places(shown):
            await self.recompose()
            return
        # The same keys with the same words, some now on or off (a form saving): the
        # entries change in place, with no new layout of the screen.
        self._composed = shown
        entries, pinned = shown
        keys = [key for key in self.query_children(FooterKey) if not key.has_class("-pinned")]
        for key, (entry, _text) in zip(keys, entries, strict=True):
            key.show_entry(entry)
        if pinned is not None:
            for key in self.query_children(FooterKey).filter(".-pinned"):
                key.show_entry(pinned)

    def _same_places(self, shown: tuple[list[tuple[FooterEntry, str]], FooterEntry | None]) -> bool:
        """Whether ``shown`` has the keys and words of what is composed, in the same order."""
        if self._composed is None:
            return False
        (entries, pinned), (before, pinned_before) = shown, self._composed

        def place(entry: FooterEntry | None) -> tuple[str, str, str, str] | None:
            return None if entry is None else (entry.key, entry.display, entry.long, entry.action)

        return (place(pinned) == place(pinned_before) and len(entries) == len(before)
                and all(place(a) == place(b) and text == text_before
                        for (a, text), (b, text_before) in zip(entries, before, strict=True)))

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)
