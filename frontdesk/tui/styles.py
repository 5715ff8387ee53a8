"""Styling with less work: the app's stylesheet, and the dimmed screen under a dialog.

The stylesheet is Textual's, keeping what it parsed while nothing changed.

Textual parses every rule of the app again each time it refreshes the styles
(a mode's screen shown whose styles it cannot vouch for, a theme), even with the
same colours, and forgets what it had parsed on the way: the next widget or
dialog whose rules are new then makes it parse every rule of the app again
(about 140 ms at the desk's size). This stylesheet parses again only what
changed: nothing when the colours are the same, every rule once when they are
not, and it keeps the parsed rules for the next time.

The dimmed screen under a dialog is Textual's, drawn once while the dialog is
shown and tinted one style at a time (see ``DimmedScreen``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.renderables.background_screen import BackgroundScreen

if TYPE_CHECKING:
    from textual.screen import Screen

PARSE_CACHE = 256
"""Sources the stylesheet keeps parsed (Textual keeps 64; the app has more, and a
cache smaller than the sources parses all of them again at every new one)."""


PARSED: LRUCache[tuple, list[RuleSet]] = LRUCache(PARSE_CACHE * 4)
"""Rules parsed by any stylesheet of the process, by source and colours: an app made
after another in the same process (each test of the suite) finds its rules parsed.
Parsed rules are only read once made."""


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet that parses again only when its variables changed."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = LRUCache(PARSE_CACHE)
        self._variables_changed = True
        self._colours: tuple | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # the same colours: what was parsed still holds
        super().set_variables(variables)
        self._variables_changed = True
        self._colours = None

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        if self._colours is None:
            self._colours = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._colours)
        rules = PARSED.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                PARSED[key] = rules
        return rules

    def reparse(self) -> None:
        if not self._variables_changed:
            # New sources, if any, are parsed (the others come from the cache).
            if self._require_parse:
                self.parse()
            return
        # As Textual does: parsed apart, so that an error leaves this one as it was,
        # but the parsed rules are kept for the next time.
        fresh = KeptStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                             scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
        self._parse_cache = fresh._parse_cache
        self._variables_changed = False

    def parse(self) -> None:
        super().parse()
        self._variables_changed = False


DIMMED_STYLES = 4096
"""Styles the dimmed screen under a dialog remembers (a screen uses a few dozen)."""


class DimmedScreen(BackgroundScreen):
    """The screen under a dialog, tinted as Textual tints it, each style worked out
    once, and drawn once while it stays as it was: Textual draws the whole screen
    under the dialog and tints every piece of it each time the dialog is laid out
    anew (three times as a dialog opens, the most of its time).

    ``kept`` is the dialog's: what was drawn last and for what (the screen under
    it, the size and the tint). The dialog empties it when a part of the screen
    under it was drawn anew (Textual then repaints those parts of the dialog) and
    when it is shown again; what the screen under it does meanwhile (a form made
    ready for the next record behind the slip of the one saved) shows when the
    dialog closes, as the dialog covers it."""

    _tinted: ClassVar[dict[tuple[Style, Color], Style]] = {}

    def __init__(self, screen: Screen, color: Color, kept: list[tuple[tuple[object, ...], list[Segment]]]) -> None:
        super().__init__(screen, color)
        self.kept = kept

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (self.screen, options.max_width, options.height, self.color)
        if self.kept and self.kept[0][0] == key:
            yield from self.kept[0][1]
            return
        segments = cast(list[Segment], list(super().__rich_console__(console, options)))
        self.kept[:] = [(key, segments)]
        yield from segments

    @classmethod
    def process_segments(cls, segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        if color.a == 0:
            yield from super().process_segments(segments, color)
            return
        tinted = cls._tinted
        for segment in segments:
            text, style, control = segment
            if control:
                yield segment
                continue
            key = (style or _NO_STYLE, color)
            new = tinted.get(key)
            if new is None:
                if len(tinted) >= DIMMED_STYLES:
                    tinted.clear()
                ((_text, new, _control),) = super().process_segments([Segment(" ", style)], color)
                assert new is not None
                tinted[key] = new
            yield Segment(text, new, control)


_NO_STYLE = Style()
