"""Key bindings whose descriptions are message keys.

``BINDINGS`` are class attributes, read before the language is chosen, so they
hold message keys (``"tui.key.lock"``) instead of words. Each instance puts
them into the current language when it is created; screens are created after
the language is set, and created again after every unlock.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingsMap

from frontdesk.i18n import has, t


def _words(text: str) -> str:
    return t(text) if text and has(text) else text


def translate_bindings(bindings: BindingsMap) -> BindingsMap:
    """A copy of ``bindings`` with every message-key description and tooltip translated."""
    return BindingsMap.from_keys(
        {
            key: [
                replace(binding, description=_words(binding.description), tooltip=_words(binding.tooltip))
                for binding in key_bindings
            ]
            for key, key_bindings in bindings.key_to_bindings.items()
        }
    )


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
