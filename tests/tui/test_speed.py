"""The work a key sets off, cut without changing what is shown: the stylesheet
parses only what is new, the screen under a dialog is tinted as Textual tints it,
the footer is left alone while its keys stay the same, and a screen shown again
at the same size is not laid out again (tui/styles.py, tui/base.py,
tui/widgets/key_footer.py, tui/warmup.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.widgets import Input

from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.tui.app import make_app
from frontdesk.tui.styles import DimmedScreen, KeptStylesheet
from frontdesk.tui.timing import Timing
from frontdesk.tui.widgets.key_footer import FooterKey, KeyFooter

from .helpers import SIZE, settle, sign_in


def test_the_screen_under_a_dialog_is_tinted_exactly_as_textual_tints_it():
    segments = [
        Segment("张伟 ", Style(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)),
        Segment("4403", Style(color="red", link="https://example.org")),
        Segment("  ", None),
        Segment("|", Style(bgcolor="#303030")),
        Segment("\n", None, control=[]),
        Segment("张伟 ", Style(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)),  # the same style again
    ]
    for color in (Color(28, 32, 38, a=0.6), Color(240, 240, 240, a=0.5), Color(0, 0, 0, a=0)):
        ours = list(DimmedScreen.process_segments(segments, color))
        textual = list(BackgroundScreen.process_segments(segments, color))
        assert ours == textual
        assert [segment.style for segment in ours] == [segment.style for segment in textual]


def test_the_stylesheet_parses_again_only_what_is_new_or_changed(monkeypatch):
    import textual.css.stylesheet as stylesheet_module

    parses: Counter = Counter()
    parse = stylesheet_module.parse

    def counted(scope, css, read_from, **options):
        parses[read_from] += 1
        return parse(scope, css, read_from, **options)

    monkeypatch.setattr(stylesheet_module, "parse", counted)
    sheet = KeptStylesheet(variables={"accent": "red"})
    sheet.add_source("Label { color: $accent; }", read_from=("a", ""))
    sheet.add_source("Input { width: 10; }", read_from=("b", ""))
    sheet.parse()
    assert parses == {("a", ""): 1, ("b", ""): 1}
    # The same colours again (Textual's refresh when a screen is shown): nothing parsed.
    sheet.set_variables({"accent": "red"})
    sheet.reparse()
    assert sum(parses.values()) == 2
    # A new source: only it.
    sheet.add_source("Static { height: 1; }", read_from=("c", ""))
    sheet.reparse()
    assert parses == {("a", ""): 1, ("b", ""): 1, ("c", ""): 1}
    # Other colours: all of them, with the new colour in the rules, and kept for the next source.
    sheet.set_variables({"accent": "blue"})
    sheet.reparse()
    assert parses == {("a", ""): 2, ("b", ""): 2, ("c", ""): 2}
    assert "#0000FF" in sheet.css
    sheet.add_source("Button { width: 4; }", read_from=("d", ""))
    sheet.reparse()
    assert parses == {("a", ""): 2, ("b", ""): 2, ("c", ""): 2, ("d", ""): 1}


@pytest.fixture
def app(store, settings, clock):
    """The desk built ahead after sign-in, as an operator meets it."""
    return make_app(store, settings, clock, replace(Timing.instant(), build_ahead=True))


async def visit_form(app, pilot) -> VisitFormScreen:
    await sign_in(pilot, "admin", "admin-pass-1")
    await asyncio.wait_for(app.desk_prepared.wait(), 60)
    await pilot.press("f3")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, VisitFormScreen)
    return form


async def test_the_footer_is_left_alone_while_the_keys_stay_the_same(app, admin, monkeypatch):
    composed = []
    recompose = KeyFooter.recompose

    async def counted(footer):
        composed.append(footer)
        await recompose(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    async with app.run_test(size=SIZE) as pilot:
        form = await visit_form(app, pilot)
        footer = form.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        subject, location = form.query_one("#f-subject", Input), form.query_one("#f-location", Input)
        for field in (subject, location, subject):
            field.focus()
            await settle(pilot)
        assert composed == []
        assert list(footer.query(FooterKey)) == keys
        # Saving dims the save key in place: the same keys, one of them off, then on again.
        form._set_saving(True)
        await settle(pilot)
        save = next(key for key in footer.query(FooterKey) if key.entry.action == "save")
        assert save.has_class("-disabled") and not save.entry.enabled
        form._set_saving(False)
        await settle(pilot)
        assert not save.has_class("-disabled") and save.entry.enabled
        assert composed == [] and list(footer.query(FooterKey)) == keys


async def test_a_screen_shown_again_at_the_same_size_is_repainted_not_laid_out(app, admin, monkeypatch):
    layouts: Counter = Counter()
    refresh_layout = VisitFormScreen._refresh_layout

    def counted(screen, size=None, scroll=False):
        layouts[type(screen).__name__] += 1
        return refresh_layout(screen, size, scroll)

    async with app.run_test(size=SIZE) as pilot:
        form = await visit_form(app, pilot)
        monkeypatch.setattr(VisitFormScreen, "_refresh_layout", counted)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is form
        assert layouts["VisitFormScreen"] == 0
        # A new size is laid out, shown or not.
        await pilot.press("f2")
        await settle(pilot)
        await pilot.resize_terminal(90, 28)
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert form.size == app.size
        assert layouts["VisitFormScreen"] >= 1


async def test_the_slip_and_the_saved_letter_are_built_ahead_and_show_each_record_anew(app, admin, store, tmp_path):
    from stdnum.cn import ric
    from textual.widgets import Static

    from frontdesk.screens.mail.letter_detail import LetterDetailDialog
    from frontdesk.screens.visits.slip import SlipDialog

    async with app.run_test(size=SIZE) as pilot:
        form = await visit_form(app, pilot)
        slip = form._slip.get()
        assert slip.is_running and app.is_screen_installed(slip)  # built with the desk
        numbers, statuses = [], []
        for name, first17 in (("张三", "44030419800101123"), ("李四", "44030419800101124")):
            form.query_one(".v-name", Input).value = name
            form.query_one(".v-id_number", Input).value = first17 + ric.calc_check_digit(first17 + "0")
            form.query_one("#f-subject", Input).value = f"{name}反映工资"
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is slip and isinstance(slip, SlipDialog)
            (visit,) = [v for v in store.visits.on_day(admin, store.now().date().isoformat())
                        if v.subject.startswith(name)]
            numbers.append(visit.number)
            assert visit.number in slip.slip_text() and name in slip.slip_text()
            assert all(other not in slip.slip_text() for other in numbers[:-1])
            assert str(slip.query_one("#slip-body", Static).content) == slip.slip_text()
            statuses.append(str(slip.query_one("#slip-status", Static).content))
            if name == "张三":
                await pilot.press("e")  # exported: said in the status line of this slip only
                await app.workers.wait_for_complete()
                await settle(pilot)
                assert str(slip.query_one("#slip-status", Static).content)
            # The form's footer, hidden under the slip's, is left alone until the form is shown.
            save = next(key for key in form.query_one(KeyFooter).query(FooterKey) if key.entry.action == "save")
            # (As the save left it: on a slow machine its "saving" state may have been drawn
            # before the slip came, and stays until the form is shown again.)
            left = save.has_class("-disabled")
            form._set_saving(not left)
            await settle(pilot)
            assert save.has_class("-disabled") == left
            form._set_saving(False)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is form
            assert not save.has_class("-disabled") and save.entry.enabled
        assert numbers[0] != numbers[1] and statuses == ["", ""]
        # The letter just saved, in the dialog built ahead for it.
        await pilot.press("f5")
        await settle(pilot)
        letters = app.screen
        detail = letters._detail.get()
        assert detail.is_running
        letters.query_one("#f-sender-name", Input).value = "王五"
        letters.query_one("#f-sender-phone", Input).value = "13800138000"
        letters.query_one("#f-subject", Input).value = "来信反映噪声"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail and isinstance(detail, LetterDetailDialog)
        assert detail.letter is not None and detail.letter.subject == "来信反映噪声"
        assert detail.letter.number in str(detail.query_one("#detail-title", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        # A lock closes the desk: the dialogs go with their forms.
        app.lock_screen()
        await settle(pilot)
        assert not app.is_screen_installed(slip) and not app.is_screen_installed(detail)
        assert not slip.is_running and not detail.is_running


async def test_the_slip_draws_nothing_of_the_form_behind_it(app, admin, monkeypatch):
    from stdnum.cn import ric

    from frontdesk.screens.visits.slip import SlipDialog

    drawn = []
    draw = DimmedScreen.__rich_console__

    def counted(dimmed, console, options):
        key = (dimmed.screen, options.max_width, options.height, dimmed.color)
        if not (dimmed.kept and dimmed.kept[0][0] == key):
            drawn.append(type(dimmed.screen).__name__)
        return draw(dimmed, console, options)

    async with app.run_test(size=SIZE) as pilot:
        form = await visit_form(app, pilot)
        form.query_one(".v-name", Input).value = "张三"
        form.query_one(".v-id_number", Input).value = "44030419800101123" + ric.calc_check_digit("440304198001011230")
        form.query_one("#f-subject", Input).value = "反映工资"
        await settle(pilot)
        monkeypatch.setattr(DimmedScreen, "__rich_console__", counted)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The slip stands on a plain background: the form behind it is not drawn at all.
        assert isinstance(app.screen, SlipDialog)
        assert drawn == []


async def test_a_screen_built_ahead_shows_in_the_next_frame_not_fifty_ms_later(app, admin):
    """Textual holds every frame back 50 ms when a mode is switched, to hide a screen
    being built. A screen built ahead or shown before is not held (tui/app.py); only
    one built at its key is, as Textual does."""
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await asyncio.wait_for(app.desk_prepared.wait(), 60)
        await settle(pilot)
        for mode in ("visit", "duty", "letter", "mail", "home"):  # built ahead, then shown before
            app.switch_mode(mode)
            assert app._batch_count == 0, mode
            await settle(pilot)
        # A screen nobody built yet is held while it is built.
        app.add_mode("probe", Screen)
        app.switch_mode("probe")
        assert app._batch_count == 1
        await settle(pilot)
        assert app._batch_count == 0


async def test_the_saved_letter_shows_its_keys_in_its_first_frame(app, admin, monkeypatch):
    """The letter just saved, in its dialog built ahead with no letter, has keys a blank
    dialog does not (拟办, 退回物品, 办结): its footer is composed with them as it is
    filled, before the dialog's first frame, not once that frame is drawn (a second
    layout and frame of the dialog)."""
    from frontdesk.screens.mail.letter_detail import LetterDetailDialog

    happened: list[str] = []
    recompose = KeyFooter.recompose
    paint = LetterDetailDialog._compositor_refresh

    async def counted(footer):
        happened.append("footer composed")
        await recompose(footer)

    def painted(dialog):
        happened.append("drawn")
        return paint(dialog)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    monkeypatch.setattr(LetterDetailDialog, "_compositor_refresh", painted)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await asyncio.wait_for(app.desk_prepared.wait(), 60)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-sender-name", Input).value = "王五"
        form.query_one("#f-sender-phone", Input).value = "13800138000"
        form.query_one("#f-subject", Input).value = "反映噪音"
        await settle(pilot)
        happened.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LetterDetailDialog)
        keys = [key.entry.key for key in dialog.query_one(KeyFooter).query(FooterKey)]
        assert {"h", "c", "escape"} <= set(keys)
        assert happened.count("footer composed") == 1
        assert happened.index("footer composed") < happened.index("drawn")


async def test_a_slow_save_dims_its_key_and_says_so_a_quick_one_draws_nothing(store, settings, clock, admin,
                                                                              monkeypatch):
    """The save key is refused at once while a save runs; the footer dims it and the
    form says 正在保存… only when the save is still running after ``Timing.saving_note``."""
    import threading

    from textual.widgets import Static

    from frontdesk.screens.mail.letter_form import LetterFormScreen

    app = make_app(store, settings, clock, replace(Timing.instant(), saving_note=0.05))
    release = threading.Event()
    register = store.letters.register

    def slow(*args, **kwargs):
        release.wait(10)
        return register(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LetterFormScreen)

        def save_key() -> FooterKey:
            return next(key for key in form.query_one(KeyFooter).query(FooterKey) if key.entry.action == "save")

        def fill(name: str) -> None:
            form.query_one("#f-sender-name", Input).value = name
            form.query_one("#f-sender-phone", Input).value = "13800138000"
            form.query_one("#f-subject", Input).value = "反映噪音"

        fill("王五")
        await settle(pilot)
        monkeypatch.setattr(store.letters, "register", slow)
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert form.saving and save_key().has_class("-disabled")
        assert str(form.query_one("#letter-message", Static).content) == "正在保存…"
        release.set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is not form  # the letter saved, shown
        await pilot.press("escape")
        await settle(pilot)
        assert not save_key().has_class("-disabled")
        # A quick save: the key is never drawn dimmed.
        monkeypatch.setattr(store.letters, "register", register)
        dimmed: list[bool] = []
        key = save_key()
        show_entry = type(key).show_entry

        def watched(footer_key, entry):
            dimmed.append(not entry.enabled)
            show_entry(footer_key, entry)

        monkeypatch.setattr(type(key), "show_entry", watched)
        fill("赵六")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is not form and not any(dimmed)
