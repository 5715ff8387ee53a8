"""The command palette (Ctrl+P): screens and commands by name, prefixed by job."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.text import Text
from textual.app import App
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget
from textual.widgets.option_list import Option

from frontdesk.i18n import t
from frontdesk.tui.bindings import documented

if TYPE_CHECKING:
    from frontdesk.tui.app import FrontdeskApp

# (label, help, callback)
Command = tuple[str, str, Callable[[], object]]

# Actions the palette does not offer: opening the palette itself, screens
# (offered once, by name, by the main-screen provider), and moving the focus.
_NOT_OFFERED = {"command_palette", "open", "focus_next", "focus_previous"}


def binding_commands(node: Widget | App[Any], job: str) -> Iterable[Command]:
    """The documented keys of ``node`` as commands labelled ``job: description``."""
    seen: set[str] = set()
    for _key, binding in node._bindings:
        action_name = binding.action.split("(", 1)[0].removeprefix("app.")
        if not documented(binding) or action_name in _NOT_OFFERED or binding.action in seen:
            continue
        if node.check_action(action_name, ()) is False:
            continue
        seen.add(binding.action)
        yield (
            t("tui.palette.entry", job=job, label=binding.description),
            t("tui.palette.key", key=node.app.get_key_display(binding)),
            partial(node.run_action, binding.action),
        )


class _ListedCommands(Provider):
    """A provider over a short list of commands: discover lists them, search filters."""

    def commands(self) -> Iterable[Command]:
        return ()

    async def discover(self) -> Hits:
        for label, help_text, callback in self.commands():
            yield DiscoveryHit(Text(label), callback, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self.commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, text=label, help=help_text)


class MainScreenCommands(_ListedCommands):
    """The main screens the signed-in operator may open, and the app's own keys."""

    def commands(self) -> Iterable[Command]:
        app = cast("FrontdeskApp", self.app)  # Textual types a provider's app as its own App
        for spec in app.main_screens:
            yield (
                spec.palette_label,
                t("tui.palette.key", key=spec.key.upper()),
                partial(app.open_main_screen, spec.id),
            )
        yield from binding_commands(app, t("tui.job.system"))


class ScreenCommands(_ListedCommands):
    """The keys of the screen the palette was opened from, labelled by its job."""

    def commands(self) -> Iterable[Command]:
        job_key = getattr(self.screen, "JOB_KEY", "tui.job.general")
        yield from binding_commands(self.screen, t(job_key))


class FrontdeskPalette(CommandPalette):
    """Textual's palette with its words in the operator's language."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("tui.palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Same as Textual's, which has its "No matches found" in English only.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("tui.palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
