"""The app: signing in, the main screens as modes, locking, themes, help.

Modes: ``login`` holds the sign-in (or first-run) screen and ``lock`` the
locked screen; each main screen of the registry is a mode of its own that
exists only while an operator is signed in and the screen is unlocked.
Locking removes the main-screen modes, so nothing personal stays mounted;
unlocking builds them again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount

from frontdesk.config import Settings, crash_log_path
from frontdesk.i18n import t
from frontdesk.screens.gate import login as login_module
from frontdesk.screens.gate.login import LoginScreen
from frontdesk.screens.help import HelpDialog
from frontdesk.store import Clock, Operator, Store
from frontdesk.tui import hangup
from frontdesk.tui.bindings import HELP_KEY, TranslatedBindings, as_jump, documented
from frontdesk.tui.commands import FrontdeskPalette, MainScreenCommands
from frontdesk.tui.context import Desk, MainScreen
from frontdesk.tui.crash import FATAL_ERRORS, log_crash, survivable
from frontdesk.tui.registry import HOME, MAIN_SCREENS, main_screens_for
from frontdesk.tui.styles import KeptStylesheet
from frontdesk.tui.themes import THEMES, other, theme_for
from frontdesk.tui.timing import Timing
from frontdesk.tui.typeahead import TypeAhead, typed
from frontdesk.tui.urgent_watch import UrgentWatch
from frontdesk.tui.warmup import START_AFTER, Collector, load_styles, prepare_desk, styled_now
from frontdesk.tui.widgets.urgent_bar import Urgent
from frontdesk.tui.widgets.wrapping import bind_numbers
from frontdesk.tui.workers import StoreRefused, WriteBehind, run_store

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from frontdesk.screens.gate.first_run import FirstRunScreen
    from frontdesk.screens.gate.lock import LockScreen

# The sign-in screen's rules load with the app's: its first frame needs them at once.
LOGIN_CSS = Path(login_module.__file__).resolve().parent / LoginScreen.CSS_PATH
LOGIN_MODE = "login"
LOCK_MODE = "lock"
GATE_MODES = (LOGIN_MODE, LOCK_MODE)
IDLE_CHECK_SECONDS = 5
URGENT_CHECK_SECONDS = 15
"""How often the urgent bar asks the store what waits to be reported."""
THEME_PREFERENCE = "theme"
# How keys are written in the footer and the help screen.
_KEY_NAMES = {
    "escape": "Esc", "enter": "Enter", "tab": "Tab", "space": "Space", "question_mark": "?",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
}


class FrontdeskApp(TranslatedBindings, UrgentWatch):
    """The petition desk, duty room and mail room in one terminal."""

    # The sign-in screen's rules come with the app's: loading a screen's own file
    # later makes Textual parse every rule again, before the first frame.
    CSS_PATH = ["app.tcss", LOGIN_CSS]
    TITLE = "frontdesk"
    DEFAULT_MODE = LOGIN_MODE
    COMMANDS = {MainScreenCommands}
    DEFAULT_TIMING = Timing()
    """The forms' delays when none are given (the Pilot tests set them to zero)."""

    BINDINGS = [
        HELP_KEY,
        Binding("question_mark", "help", "tui.key.help", id="help-question", show=False),
        Binding("ctrl+l", "lock", "tui.key.lock", id="lock", tooltip="tui.tip.lock", priority=True),
        Binding("ctrl+t", "toggle_theme", "tui.key.theme", id="theme", tooltip="tui.tip.theme",
                show=False),
        Binding("ctrl+p", "command_palette", "tui.key.palette", id="palette",
                tooltip="tui.tip.palette", priority=True),
        Binding("ctrl+q", "quit", "tui.key.quit", id="quit", tooltip="tui.tip.quit",
                show=False, priority=True),
        Binding("f12", "report_urgent", "tui.key.report_urgent", id="report-urgent",
                tooltip="tui.tip.report_urgent", show=False),
        *(
            Binding(spec.key, f"open('{spec.id}')", spec.label_key, id=f"open-{spec.id}", show=False)
            for spec in MAIN_SCREENS
        ),
    ]

    def __init__(self, store: Store, settings: Settings, clock: Clock, timing: Timing | None = None) -> None:
        super().__init__()
        # Parses the rules again only when they changed (tui/styles.py); nothing is read yet.
        self.stylesheet = KeptStylesheet(variables=self.stylesheet._variables)
        self.store = store
        self.settings = settings
        self.clock = clock
        self.timing = timing or self.DEFAULT_TIMING
        """The delays the forms wait before acting on what is typed."""
        self.write_behind = WriteBehind()
        """Writes of screens that are going away (the app waits for them at its end)."""
        self.operator: Operator | None = None
        """Who is signed in (also while the screen is locked)."""
        self.urgent: tuple[Urgent, ...] = ()
        """Urgent duty entries not reported yet, oldest first (for an operator who reads the log)."""
        self._rung: dict[str, datetime] = {}
        """When the bell last rang for each of them."""
        self.main_screens: tuple[MainScreen, ...] = ()
        """The main screens the signed-in operator may open."""
        self.last_activity: datetime = clock()
        """When the last key or mouse event arrived, by the injected clock."""
        self.unexpected_errors = 0
        """How many unexpected errors the app met and went on after (tui/crash.py)."""
        self._theme_setting = settings.theme
        self._resume_mode = HOME
        self._type_ahead = TypeAhead(self, self._key_typed)
        self.desk_prepared = asyncio.Event()
        """Set once the signed-in operator's screens are built in the background (tui/warmup.py)."""
        self._collector = Collector()
        self._preparing: Timer | None = None
        self.hung_up = False
        """The terminal went away (tui/hangup.py): the app is ending."""
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = theme_for(settings.theme).name
        self.add_mode(LOGIN_MODE, self._gate_screen)

    def _gate_screen(self) -> Screen:
        """Sign-in, or the first-run walk-through on a database without operators."""
        if self.store.operators.count() == 0:
            from frontdesk.screens.gate.first_run import FirstRunScreen

            return FirstRunScreen(self.store, self.settings)
        screen = LoginScreen(self.store, self.settings)
        # Textual parses every rule again for a mode's new screen unless its CSS
        # generation is the app's, which a new screen's never is; the sign-in
        # screen's rules are loaded with the app's, so it is styled with the
        # current rules as it mounts: say so, and the first frame comes sooner.
        screen._css_update_count = self._css_update_count
        return screen

    async def on_unmount(self) -> None:
        # Every screen is gone by now; what they left to write is written before the end.
        await asyncio.to_thread(self.write_behind.wait)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice keeps its numbers with their words when it wraps."""
        super().notify(bind_numbers(message), title=bind_numbers(title), severity=severity,
                       timeout=timeout, markup=markup)

    def on_mount(self) -> None:
        self.set_interval(IDLE_CHECK_SECONDS, self.check_idle_lock)
        self.set_interval(URGENT_CHECK_SECONDS, self.check_urgent)
        if not self.is_headless:
            hangup.watch(asyncio.get_running_loop(), self.hang_up, hangup.terminal_fd(),
                         lambda: self.is_running and not self.hung_up and not self._exit)

    def on_ready(self) -> None:
        self._collector.started()  # held back while starting (frontdesk.start)
        if self.store.tightened:
            self.notify(t("files.tightened", paths=t("sep.list").join(map(str, self.store.tightened))),
                        markup=False)
        self._load_the_rest()

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _load_the_rest(self) -> None:
        """While the operator types the name: import what signing in needs (the
        first screen is shown without it, so the app opens sooner)."""
        import sqlite_utils  # noqa: F401

    # signing in and out ------------------------------------------------------

    @property
    def at_work(self) -> bool:
        """Someone is signed in and the screen is not locked."""
        return self.operator is not None and self.current_mode not in GATE_MODES

    def open_desk(self, operator: Operator, mode: str = HOME) -> None:
        """Build the main screens for ``operator`` and show ``mode`` (home if it is not theirs)."""
        gate = self.current_mode
        self.operator = operator
        self.main_screens = main_screens_for(operator)
        desk = Desk(self.store, self.settings, self.clock, operator, self.main_screens)
        factories = [(spec.id, partial(self._main_screen, spec.factory, desk)) for spec in self.main_screens]
        for mode_id, factory in factories:
            self.add_mode(mode_id, factory)
        self._apply_theme(self.store.operators.preference(operator, THEME_PREFERENCE))
        self.last_activity = self.clock()
        self.switch_mode(mode if self._is_main_mode(mode) else HOME)
        self.remove_mode(gate)
        self._prepare_desk(factories)
        self.check_urgent()

    def _main_screen(self, factory: Callable[[Desk], Screen], desk: Desk) -> Screen:
        screen = factory(desk)
        # Its rules read before it is built, so it is styled with them as it mounts:
        # Textual would otherwise style the whole app again each time it is shown.
        load_styles(self, screen.css_path)
        return styled_now(self, screen)

    def _prepare_desk(self, factories: Sequence[tuple[str, Callable[[], Screen]]]) -> None:
        """Build the desk's other screens in the background (tui/warmup.py), once the
        screen just shown is drawn and has read what it shows."""
        self.desk_prepared.clear()
        if not self.timing.build_ahead:
            self.desk_prepared.set()
            return
        modules = [module for spec in self.main_screens if (module := getattr(spec.factory, "module", None))]

        def start() -> None:
            self.run_worker(prepare_desk(self, self.store, factories, self.desk_prepared, self._collector, modules),
                            group="warm-up", exclusive=True, exit_on_error=False)

        self._preparing = self.set_timer(START_AFTER, start)

    def lock_screen(self) -> None:
        """Show the lock screen and unmount every main screen."""
        operator = self.operator
        if operator is None or not self.at_work:
            return
        self._resume_mode = self.current_mode
        # Notices may name people; they must not stay over the lock screen.
        self.clear_notifications()
        from frontdesk.screens.gate.lock import LockScreen

        self.add_mode(LOCK_MODE, lambda: LockScreen(self.store, self.settings, operator))
        self.switch_mode(LOCK_MODE)
        if self._preparing is not None:
            self._preparing.stop()
        self.workers.cancel_group(self, "warm-up")
        for spec in self.main_screens:
            self.remove_mode(spec.id)
        self.main_screens = ()
        self._collector.desk_closed()

    def hand_desk_to(self, operator: Operator, mode: str = HOME) -> None:
        """The desk changes hands on this terminal (a shift taken over, the
        incoming operator signed in on it): the main screens of the one who leaves
        close as at a lock, and the incoming operator's desk opens at ``mode``."""
        if not self.at_work:
            return
        self.lock_screen()
        self.open_desk(operator, mode)
        if operator.password_change_due:
            self.ask_password_change(operator)

    def show_login(self) -> None:
        """From the lock screen: let a different operator sign in."""
        self.operator = None
        self.add_mode(LOGIN_MODE, self._gate_screen)
        self.switch_mode(LOGIN_MODE)
        self.remove_mode(LOCK_MODE)

    # The gate screens' messages, by handler name: the first-run and lock screens
    # are imported only when shown.

    def on_login_screen_signed_in(self, event: LoginScreen.SignedIn) -> None:
        self.open_desk(event.operator)
        if event.operator.password_change_due:
            self.ask_password_change(event.operator)

    def ask_password_change(self, operator: Operator) -> None:
        """The password that signed in breaks today's rules: ask for a new one now (the
        operator may put it off; they are asked again at each sign-in)."""
        from frontdesk.screens.system.operator_form import OperatorDialog

        self.notify(t("tui.login.password_change_due"), markup=False, severity="warning", timeout=10)
        self.push_screen(OperatorDialog(self.store, operator, password_for=operator))

    def on_first_run_screen_admin_created(self, event: FirstRunScreen.AdminCreated) -> None:
        self.notify(t("tui.first.created", name=event.operator.name), markup=False)
        self.open_desk(event.operator)

    def on_lock_screen_unlocked(self, event: LockScreen.Unlocked) -> None:
        self.open_desk(event.operator, self._resume_mode)

    def on_lock_screen_operator_switch_requested(self) -> None:
        self.show_login()

    # idle lock ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent, events.Paste)):
            self.last_activity = self.clock()
        if typed(event):
            # One key at a time: the next lands where the last one left the focus.
            await self._type_ahead.take(event)
        else:
            await super().on_event(event)

    async def _key_typed(self, event: events.Event) -> None:
        """A key or paste whose turn came: Esc+digit on a form with sections is its Alt+digit."""
        try:
            sections = len(getattr(self.screen, "SECTIONS", ()))
        except ScreenStackError:
            sections = 0
        await super().on_event(as_jump(event, sections))

    async def keys_landed(self) -> None:
        """Wait until every key typed so far has been handled, and what it set off."""
        await self._type_ahead.wait()

    def check_idle_lock(self) -> bool:
        """Lock if nobody touched a key or the mouse for ``idle_lock_minutes``
        (0 never locks). Runs every few seconds; True if it locked."""
        minutes = self.settings.idle_lock_minutes
        if minutes <= 0 or not self.at_work:
            return False
        if self.clock() - self.last_activity < timedelta(minutes=minutes):
            return False
        self.lock_screen()
        return True

    # navigation ----------------------------------------------------------------

    def _is_main_mode(self, mode: str) -> bool:
        return any(spec.id == mode for spec in self.main_screens)

    _mask_switch = True

    def switch_mode(self, mode: str) -> AwaitMount:
        # Textual holds every frame back 50 ms at each switch of mode, to hide a
        # screen while it is built. A screen built ahead (tui/warmup.py) or shown
        # before is laid out and drawn already: it shows in the next frame, and its
        # lists as soon as they are read (the hold was half of opening a screen).
        self._mask_switch = mode not in self._screen_stacks
        try:
            return super().switch_mode(mode)
        finally:
            self._mask_switch = True

    def delay_update(self, delay: float = 0.05) -> None:
        if self._mask_switch:
            super().delay_update(delay)

    @property
    def _background_screens(self) -> list[Screen]:
        # Textual counts the screen under a dialog as seen, whatever the dialog's
        # background: what changes there (the form's footer after its save) was
        # drawn once more through the slip or the letter just saved, a frame later.
        # A dialog on a plain background hides it all; it shows again as it was left.
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens

    def open_main_screen(self, mode: str) -> None:
        """Switch to the main screen ``mode`` if the operator may use it."""
        if self.at_work and self._is_main_mode(mode):
            self.switch_mode(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.at_work and bool(parameters) and self._is_main_mode(str(parameters[0]))
        if action in ("lock", "command_palette"):
            return self.at_work
        if action == "help":
            return not isinstance(self.screen, (HelpDialog, CommandPalette))
        return True

    def action_open(self, mode: str) -> None:
        self.open_main_screen(mode)

    def action_lock(self) -> None:
        self.lock_screen()

    def action_command_palette(self) -> None:
        # Textual types is_open's argument as App[object], which no App[None] is
        # (an app's result type is invariant); the check reads only the screen.
        if self.at_work and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(FrontdeskPalette())

    def action_help(self) -> None:
        screen = self.screen
        title = getattr(screen, "title_text", "") or t("tui.key.help")
        self.push_screen(HelpDialog(title, self.documented_keys(screen)))

    def documented_keys(self, screen: Screen) -> list[tuple[str, str]]:
        """(keys, description) for every documented key active on ``screen``: its
        own and the app's, the keys of one action joined."""
        active = [(item.node, item.binding) for item in screen.active_bindings.values()]
        if screen.is_modal:
            # A dialog hides the app's keys except the priority ones, which still work.
            active += [
                (self, binding) for _key, binding in self._bindings
                if binding.priority and self.check_action(binding.action.split("(")[0], ()) is not False
            ]
        # The screen's own keys first, then the app's, moving the focus last.
        active.sort(key=lambda item: item[1].action.startswith("app.focus"))
        rows: dict[tuple[int, str], tuple[list[str], str]] = {}
        for node, binding in active:
            if not documented(binding) or not isinstance(node, (Screen, App)):
                continue
            keys, _description = rows.setdefault((id(node), binding.action), ([], binding.description))
            display = self.get_key_display(binding)
            if display not in keys:
                keys.append(display)
        return [(" / ".join(keys), description) for keys, description in rows.values()]

    def get_key_display(self, binding: Binding) -> str:
        """Keys as an office keyboard labels them: F1, Ctrl+L, Esc, Enter."""
        if binding.key_display:
            return binding.key_display
        *modifiers, key = binding.key.split("+")
        key = _KEY_NAMES.get(key) or (key.upper() if modifiers or key[:1] == "f" and key[1:].isdigit() else key)
        return "+".join([*(name.capitalize() for name in modifiers), key])

    # quitting --------------------------------------------------------------------

    def dirty_forms(self) -> list[Any]:
        """The open forms holding typing not saved, in every main screen's stack."""
        forms = []
        for stack in self._screen_stacks.values():
            for screen in stack:
                if getattr(screen, "dirty", False):
                    forms.append(screen)
        return forms

    async def action_quit(self) -> None:
        """Ctrl+Q. With typing in a form, ask first: keep the drafts and quit, throw
        them away and quit, or stay."""
        from frontdesk.screens.confirm import QuitDialog

        if isinstance(self.screen, QuitDialog):
            return  # its own Ctrl+Q answers it
        forms = self.dirty_forms()
        if not forms:
            self.exit()
            return
        names = list(dict.fromkeys(form.form_name for form in forms))
        self.push_screen(QuitDialog(names), partial(self._quit_answered, forms))

    def _quit_answered(self, forms: list[Any], answer: str | None) -> None:
        if answer == "discard":
            for form in forms:
                form.forget_typing()
        elif answer == "keep":
            for form in forms:
                form.keep_draft_now()
        else:
            return
        self.exit()

    def hang_up(self) -> None:
        """The terminal is gone (SIGHUP, SIGTERM, or the device hung up): every
        form keeps what is typed as its draft, and the app ends without asking."""
        if self.hung_up:
            return
        self.hung_up = True
        if not self.is_headless:  # a test's output is its runner's
            hangup.silence_output()
        for form in self.dirty_forms():
            form.keep_draft_now()
        self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies): say which key does."""
        quit_keys = [binding for _key, binding in self._bindings if binding.action == "quit"]
        self.notify(t("tui.quit_hint", key=self.get_key_display(quit_keys[0])), markup=False)

    # themes --------------------------------------------------------------------

    def _apply_theme(self, setting: str | None) -> None:
        theme = theme_for(setting, self.settings.theme)
        self._theme_setting = "light" if theme is THEMES["light"] else "dark"
        self.theme = theme.name

    def action_toggle_theme(self) -> None:
        setting = other(self._theme_setting)
        self._apply_theme(setting)
        self.notify(t("tui.theme.switched", name=t(f"tui.theme.{setting}")), markup=False)
        if self.at_work:
            # Remembered for this operator: a write, which may wait on a busy database.
            run_store(self, "theme", self.store.operators.set_preference, self.operator, THEME_PREFERENCE,
                      setting, group="theme")

    def on_store_refused(self, event: StoreRefused) -> None:
        self.notify(event.error.message, severity="error", markup=False)


    # unexpected errors (tui/crash.py) -------------------------------------------

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        # Every key's work passes here; one that fails is a key that did nothing.
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as error:
            if isinstance(error, FATAL_ERRORS):
                raise
            self._unexpected(error, survived=True)
            return True

    def _handle_exception(self, error: Exception) -> None:
        # Textual's last resort, which would end the app with a traceback on the terminal.
        if survivable(error):
            self._unexpected(error, survived=True)
            return
        message = self._unexpected(error, survived=False)
        self._return_code = 1
        if self._exception is None:
            self._exception = error  # a Pilot test still fails with it
            self._exception_event.set()
        self.bell()
        self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()

    def report_unexpected(self, error: BaseException) -> None:
        """An error a screen caught and went on after: draft kept, logged, told."""
        self._unexpected(error, survived=True)

    def _unexpected(self, error: BaseException, *, survived: bool) -> str:
        """Keep every open form's draft, then log ``error``, then tell the operator;
        answers the message for the operator."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                keep = getattr(screen, "keep_draft_now", None)
                if keep is not None:
                    try:
                        keep()
                    except Exception:
                        pass  # the other forms' drafts still count
        if not survived:
            self.write_behind.wait()  # written before the app ends
        try:
            where = type(self.screen).__name__
        except Exception:
            where = "-"
        try:
            at = self.clock()
        except Exception:
            at = datetime.now()
        path = crash_log_path()
        log_crash(path, error, at, where, "went on" if survived else "stopped")
        if survived:
            self.unexpected_errors += 1
            message = t("tui.crash.survived")
            self.notify(message, severity="error", markup=False)
            return message
        return t("tui.crash.stopped", path=str(path))


def make_app(store: Store, settings: Settings, clock: Clock, timing: Timing | None = None) -> FrontdeskApp:
    """The app on ``store``, with the office's ``settings``, the injected ``clock``
    and the forms' delays (``timing``, the usual ones when None)."""
    return FrontdeskApp(store, settings, clock, timing)
