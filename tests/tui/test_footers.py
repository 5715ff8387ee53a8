"""Every footer shows F1 and whole entries only, the most used keys first, at 80
and 120 columns, in both languages."""

from __future__ import annotations

from datetime import datetime

import pytest
from rich.cells import cell_len

from frontdesk.config import Settings
from frontdesk.i18n import set_language, t
from frontdesk.screens.mail.doc_form import DocFormDialog
from frontdesk.screens.mail.post_form import PostFormDialog
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.key_footer import FooterEntry, FooterKey, KeyFooter, fit, footer_entries

from .helpers import settle

NOW = datetime(2026, 3, 2, 9, 15)
MAIN_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9")


def entry(display: str, long: str, short: str = "") -> FooterEntry:
    return FooterEntry(display.lower(), display, long, short or long, "x")


def test_long_words_when_all_fit_else_short_ones_and_whole_entries_off_the_end():
    entries = [entry("Ctrl+S", "保存"), entry("Ctrl+N", "添加来访人", "加人"), entry("Ctrl+L", "锁屏")]
    full = sum(e.width(e.long) for e in entries)
    short = sum(e.width(e.short) for e in entries)

    assert [text for _e, text in fit(entries, full)] == ["保存", "添加来访人", "锁屏"]
    assert [text for _e, text in fit(entries, full - 1)] == ["保存", "加人", "锁屏"]
    assert [text for _e, text in fit(entries, short - 1)] == ["保存", "加人"]
    assert fit(entries, 5) == []
    assert entries[0].width("保存") == cell_len(" Ctrl+S 保存 ")


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    yield store, admin
    store.close()


def check_footer(app, where: str) -> str:
    """The footer's line as rendered; fails unless F1 is at its right end and every
    entry shown is whole, in the footer's order, none left out but from the end."""
    screen = app.screen
    footer = screen.query_one(KeyFooter)
    line = screen._compositor.render_strips()[-1].text
    width = app.size.width
    assert cell_len(line) == width
    help_words = f"F1 {t('tui.key.help')}"
    assert line.rstrip().endswith(help_words), (where, line)
    keys = list(footer.query(FooterKey))
    pinned = [key for key in keys if key.has_class("-pinned")]
    assert len(pinned) == 1, where
    shown = [key for key in keys if key not in pinned]
    for key in shown:
        words = f" {key.entry.display} {key.text} "
        assert words in line, (where, words, line)
        assert footer.region.contains_region(key.region), (where, words)
        assert key.region.right <= pinned[0].region.x, (where, words)
    entries, _pinned = footer_entries(screen, app)
    assert [key.entry for key in shown] == entries[:len(shown)], (where, line)
    return line


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_main_screen_and_form_shows_f1_and_no_entry_cut(office, language, size):
    set_language(language)
    store, admin = office
    app = make_app(store, Settings(language=language), lambda: NOW)
    try:
        async with app.run_test(size=size) as pilot:
            app.open_desk(admin)
            await settle(pilot)
            lines = {}
            for key in MAIN_KEYS:
                await pilot.press(key)
                await settle(pilot)
                lines[key] = check_footer(app, f"{key} {language} {size}")
            # The forms in dialogs: a duty entry, registered post, a document.
            await pilot.press("f4", "ctrl+n")
            await settle(pilot)
            lines["duty entry"] = check_footer(app, "duty entry")
            await pilot.press("escape")
            for dialog in (PostFormDialog, DocFormDialog):
                app.push_screen(dialog(store, admin))
                await settle(pilot)
                lines[dialog.__name__] = check_footer(app, dialog.__name__)
                app.pop_screen()
                await settle(pilot)
            # The keys that matter most are the ones left when room is short.
            save = f"Ctrl+S {t('tui.key.save')}"
            assert save in lines["f3"] and save in lines["f5"] and save in lines["duty entry"]
            assert "Alt+1-3" in lines["f3"] and "Alt+1-4" in lines["f5"] and "Alt+1-4" in lines["duty entry"]
            assert "Alt+1-3" in lines["DocFormDialog"]
    finally:
        set_language("zh")
