"""Key bindings whose descriptions are message keys.

``BINDINGS`` are class attributes, read before the language is chosen, so they
hold message keys (``"tui.key.lock"``) instead of words. Each instance puts
them into the current language when it is created; screens are created after
the language is set, and created again after every unlock.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from textual import events
from textual.binding import Binding, BindingsMap, BindingType

from frontdesk.i18n import has, t


def _words(text: str) -> str:
    return t(text) if text and has(text) else text


def translate_bindings(bindings: BindingsMap) -> BindingsMap:
    """A copy of ``bindings`` with every message-key description and tooltip translated."""
    translated = {
        key: [
            replace(binding, description=_words(binding.description), tooltip=_words(binding.tooltip))
            for binding in key_bindings
        ]
        for key, key_bindings in bindings.key_to_bindings.items()
    }
    return BindingsMap.from_keys(with_browser_keys(translated) if served_in_browser() else translated)


BROWSER_KEYS = {"ctrl+n": "alt+n", "ctrl+t": "alt+t", "ctrl+w": "alt+w", "f5": "alt+f5", "f11": "alt+f11"}
"""Keys a browser keeps for itself (new window, new tab, close tab, reload,
full screen), each with the key the interface also answers to when it is
served to a browser (``frontdesk serve``)."""


def served_in_browser() -> bool:
    """Whether this interface runs in a browser tab (``frontdesk serve`` sets
    the variable for each tab's process)."""
    from frontdesk.serve import SERVED_VARIABLE

    return bool(os.environ.get(SERVED_VARIABLE))


def with_browser_keys(keys: dict[str, list[Binding]]) -> dict[str, list[Binding]]:
    """``keys`` with each browser-kept key's alternative put just before it: the
    footer shows an action under its first key, so it shows the alternative;
    the kept key still works where the browser lets it through."""
    out: dict[str, list[Binding]] = {}
    for key, key_bindings in keys.items():
        alternative = BROWSER_KEYS.get(key)
        if alternative is not None and alternative not in keys:
            out[alternative] = [replace(binding, key=alternative) for binding in key_bindings]
        out[key] = key_bindings
    return out


class TranslatedBindings:
    """Mixin for screens and the app: show BINDINGS in the operator's language.

    Textual keeps an instance's bindings in ``_bindings``; there is no public
    way to change a description after the class is built.
    """

    _bindings: BindingsMap

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translate_bindings(self._bindings)


def documented(binding: Binding) -> bool:
    """Whether the help screen lists ``binding``: ours all carry an id."""
    return binding.id is not None and bool(binding.description) and not binding.system


HELP_KEY = Binding("f1", "help", "tui.key.help", id="help", tooltip="tui.tip.help", priority=True)
"""F1 lists every key of the screen; every footer keeps it in sight."""


# Alt+digit: most terminals (and tmux) send Esc and the digit, which Textual
# reads as the character macOS types for Option+digit (Esc 1 arrives as "¡",
# named "inverted_exclamation_mark"); terminals that report keys in full send
# "alt+1". On a form with sections the first is read as the second
# (``as_jump``); elsewhere the character stays a character.
_ESC_DIGITS = {
    "inverted_exclamation_mark": 1, "trade_mark_sign": 2, "pound_sign": 3, "cent_sign": 4,
    "infinity": 5, "section_sign": 6, "pilcrow_sign": 7, "bullet": 8,
}
MAX_SECTIONS = len(_ESC_DIGITS)
JUMP_ACTION = "jump_to_section"
"""The action of the section keys (its parameter: the section's position)."""


@dataclass(frozen=True)
class Section:
    """A part of a long form that Alt+digit jumps to.

    ``name`` is the message key of its name as the footer shows it; the help
    screen says ``name + ".jump"`` ("jump to …"). ``first`` selects the field
    the cursor goes to (the first match, in the form's order).
    """

    name: str
    first: str

    @property
    def jump(self) -> str:
        return f"{self.name}.jump"


def jump_keys(sections: tuple[Section, ...]) -> list[BindingType]:
    """Alt+1, Alt+2 … for ``sections`` in order. Priority keys: the cursor is in
    the new field before any key typed after the jump is handed on."""
    if len(sections) > MAX_SECTIONS:
        raise ValueError(f"at most {MAX_SECTIONS} sections, not {len(sections)}")
    return [
        Binding(f"alt+{number}", f"{JUMP_ACTION}({index})", section.jump, id=f"jump-{number}",
                tooltip=section.jump, priority=True)
        for index, (number, section) in enumerate(zip(range(1, len(sections) + 1), sections, strict=True))
    ]


def as_jump(event: events.Event, sections: int) -> events.Event:
    """``event``, or the Alt+digit it stands for when it is Esc+digit as Textual
    reads it and the screen has that many ``sections``."""
    if isinstance(event, events.Key):
        number = _ESC_DIGITS.get(event.key)
        if number is not None and number <= sections:
            return events.Key(f"alt+{number}", None)
    return event


def footer_text(binding: Binding) -> str:
    """A key's words in a narrow footer: ``tui.foot.<id>`` where the catalog has a
    shorter text than the help screen's, else the key's own description."""
    short = f"tui.foot.{(binding.id or '').replace('-', '_')}"
    return t(short) if binding.id and has(short) else binding.description
