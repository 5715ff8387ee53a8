"""Opening the app: the first screen comes before anything it does not need.

Run as fresh processes, since what matters is what a start imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from textual.cache import LRUCache

from frontdesk.store import Store
from frontdesk.tui import banner as banner_module
from frontdesk.tui import styles

# Starts ``frontdesk --db PATH`` as the console script does and, when the
# first frame is on the screen, writes which modules had been imported.
START = """
import json, sys
import frontdesk.tui.app as app_module
def ready(app):
    app._first = {
        "screen": type(app.screen).__name__,
        "modules": sorted(name for name in sys.modules if name.startswith(
            ("sqlite_utils", "pyfiglet", "frontdesk.commands.", "frontdesk.screens.", "dateutil"))),
    }
    app.exit()
app_module.FrontdeskApp.on_ready = ready
run = app_module.FrontdeskApp.run
def headless(app, **options):
    run(app, headless=True)
    print(json.dumps(app._first))
app_module.FrontdeskApp.run = headless
from frontdesk.cli import main
main(["--db", sys.argv[1]])
"""


def first_frame(db: Path, cache: Path) -> dict:
    env = {**os.environ, "FRONTDESK_CACHE": str(cache), "FRONTDESK_CONFIG": str(db.parent / "none.toml")}
    done = subprocess.run([sys.executable, "-c", START, str(db)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_sign_in_comes_before_sqlite_utils_the_commands_and_pyfiglet(tmp_path, store, admin):
    store.close()
    cache = tmp_path / "cache"
    first = first_frame(store.path, cache)
    assert first["screen"] == "LoginScreen"
    expected = ["frontdesk.commands.base", "frontdesk.commands.click_messages", "frontdesk.screens.gate",
                "frontdesk.screens.gate.login", "frontdesk.screens.gate.unencrypted",
                "frontdesk.screens.help"]
    # The first start draws the banner; no job's commands, no sqlite-utils, no
    # other gate screen is needed for the sign-in.
    assert [name for name in first["modules"] if not name.startswith("pyfiglet")] == expected
    assert "pyfiglet" in first["modules"]
    # Later starts read the banner back.
    assert first_frame(store.path, cache)["modules"] == expected


def test_a_new_database_opens_on_the_first_run_screen(tmp_path):
    first = first_frame(tmp_path / "new.db", tmp_path / "cache")
    assert first["screen"] == "FirstRunScreen"
    # A new database is migrated, which needs sqlite-utils.
    assert "sqlite_utils" in first["modules"]


def test_plain_reads_and_sqlite_utils_share_one_connection(store, admin):
    path = store.path
    store.close()
    opened = Store.open(path)
    try:
        assert opened.operators.count() == 1
        assert opened.db.execute("SELECT count(*) FROM operators").fetchone()[0] == 1
        assert opened.db.conn is opened.conn
    finally:
        opened.close()


class TestBanner:
    def test_drawn_once_then_read_back(self, tmp_path, monkeypatch):
        monkeypatch.setenv("FRONTDESK_CACHE", str(tmp_path))
        drawn = banner_module.banner("frontdesk")
        assert drawn == banner_module.draw("frontdesk")
        assert len(drawn.splitlines()) == 4 and max(map(len, drawn.splitlines())) <= 40
        (cached,) = tmp_path.glob("banner-*.txt")
        cached.write_text("cached\nwords", encoding="utf-8")
        assert banner_module.banner("frontdesk") == "cached\nwords"
        # Other words or another font are another file.
        assert banner_module.banner("desk") == banner_module.draw("desk")

    @pytest.mark.parametrize("content", [b"", b"  \n", b"\xff\xfe bad"])
    def test_an_empty_or_broken_file_is_drawn_again(self, tmp_path, monkeypatch, content):
        monkeypatch.setenv("FRONTDESK_CACHE", str(tmp_path))
        banner_module.banner("frontdesk")
        (cached,) = tmp_path.glob("banner-*.txt")
        cached.write_bytes(content)
        assert banner_module.banner("frontdesk") == banner_module.draw("frontdesk")

    def test_a_cache_that_cannot_be_written_still_draws(self, tmp_path, monkeypatch):
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("FRONTDESK_CACHE", str(blocker / "cache"))
        assert banner_module.banner("frontdesk") == banner_module.draw("frontdesk")


# frontdesk.start holds the garbage collector back while starting; a command
# must run with it on (a long import or demo would grow without it), and so
# must the interface once its first screen is shown.
AFTER_COMMAND = """
import atexit, gc, sys
atexit.register(lambda: print("collecting", gc.isenabled()))
sys.argv = ["frontdesk", "--db", sys.argv[1], "audit", "verify"]
from frontdesk.start import main
main()
"""
AFTER_FIRST_FRAME = """
import gc, sys
import frontdesk.tui.app as app_module
shown = app_module.FrontdeskApp.on_ready
def ready(app):
    shown(app)
    print("collecting", gc.isenabled())
    app.exit()
app_module.FrontdeskApp.on_ready = ready
run = app_module.FrontdeskApp.run
app_module.FrontdeskApp.run = lambda app, **options: run(app, headless=True)
sys.argv = ["frontdesk", "--db", sys.argv[1]]
from frontdesk.start import main
main()
"""


@pytest.mark.parametrize(("code", "expected"), [
    (AFTER_COMMAND, "collecting True"),
    (AFTER_FIRST_FRAME, "collecting True"),
], ids=["command", "interface"])
def test_collection_is_back_on_for_a_command_and_after_the_first_frame(tmp_path, store, admin,
                                                                       code, expected):
    store.close()
    env = {**os.environ, "FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": "admin-pass-1",
           "FRONTDESK_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run([sys.executable, "-c", code, str(store.path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert expected in done.stdout, done.stdout + done.stderr


async def test_the_sign_in_screen_costs_no_second_parse_of_the_rules(store, admin, monkeypatch):
    """Textual parses every rule again when a screen brings new rules or a mode's
    screen looks out of date; the sign-in screen does neither (its rules come
    with the app's), and the app's stylesheet parses only what is new or changed
    (tui/styles.py): no rule is parsed more than twice, the first time and for the
    theme's colours."""
    import textual.css.stylesheet as stylesheet_module

    from frontdesk.config import Settings
    from frontdesk.store import system_clock
    from frontdesk.tui.app import make_app

    parses: Counter = Counter()
    parse = stylesheet_module.parse

    def counted(scope, css, read_from, **options):
        parses[read_from] += 1
        return parse(scope, css, read_from, **options)

    monkeypatch.setattr(stylesheet_module, "parse", counted)
    # As in a process that made no app before (the suite's apps share what they parsed).
    monkeypatch.setattr(styles, "PARSED", LRUCache(styles.PARSE_CACHE * 4))
    app = make_app(store, Settings(), system_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "LoginScreen"
        assert parses and max(parses.values()) <= 2
    # An app made after it in the same process (the next test) parses nothing.
    parses.clear()
    again = make_app(store, Settings(), system_clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(again.screen).__name__ == "LoginScreen"
        assert not parses
