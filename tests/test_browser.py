"""``frontdesk serve`` in a real browser: Debian's chromium, headless, driven
by Playwright (never a downloaded browser).

One server and one browser for the module. The tests read the screen from the
terminal's own cells (the page hangs xterm's terminal on its element), type
as an operator does, and check what was saved with ``frontdesk visit show``.
Screenshots of the sign-in and the visit form at 1280x800 are written to
``test-artefacts/browser/`` (or FRONTDESK_ARTEFACTS), not committed.

Where chromium is missing this fails, saying how to install it; it is skipped
(loudly) only on a system without apt-get, where .ci/run cannot install it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.serve.server import FONT_STACK

from cli_support import ADMIN_PASSWORD, VENV_BIN

CHROMIUM = Path(os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium"))
ARTEFACTS = Path(os.environ.get("FRONTDESK_ARTEFACTS", Path(__file__).parent.parent / "test-artefacts")) / "browser"
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
DESK_PASSWORD = "desk-pass-1"
WAIT_MS = 30_000

# One server and one browser: the module's tests run in one worker (make test: --dist loadgroup).
pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.browser]
FRONTDESK = str(VENV_BIN / "frontdesk")
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""Straight to the server, whatever proxy the environment names."""


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get"):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (.ci/run does)")
    message = (
        "\n" + "!" * 78 + f"\n!!! THE BROWSER TEST DID NOT RUN: no {CHROMIUM} and no apt-get to install it.\n"
        "!!! frontdesk serve was not tested in a browser on this machine.\n" + "!" * 78
    )
    print(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """The server under test: its address, database, environment and process."""

    def __init__(self, url: str, db: Path, env: dict[str, str], process: subprocess.Popen) -> None:
        self.url = url
        self.db = db
        self.env = env
        self.process = process

    def cli(self, *args: str, operator: str = "admin", password: str = ADMIN_PASSWORD) -> str:
        env = {**self.env, "FRONTDESK_OPERATOR": operator, "FRONTDESK_PASSWORD": password}
        result = subprocess.run([FRONTDESK, "--db", str(self.db), *args], env=env, capture_output=True,
                                text=True, timeout=60, input=f"{DESK_PASSWORD}\n")
        assert result.returncode == 0, result.stderr
        return result.stdout

    def status(self) -> tuple[int, str]:
        try:
            with DIRECT.open(self.url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def processes(self) -> list[int]:
        """The ids of the app processes running now (the server's children): one
        per tab, and the spare the server keeps ready while a tab may still open."""
        pid = self.process.pid
        try:
            return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def wait_processes(self, count: int) -> None:
        deadline = time.monotonic() + 15
        while len(self.processes()) != count:
            assert time.monotonic() < deadline, f"{len(self.processes())} processes, expected {count}"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    _require_chromium()
    folder = tmp_path_factory.mktemp("served")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")},
        "FRONTDESK_CONFIG": str(folder / "settings.toml"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "FRONTDESK_LANG": "zh",
    }
    db = folder / "office.db"
    port = _free_port()
    server = Served(f"http://127.0.0.1:{port}/", db, env, None)  # type: ignore[arg-type]
    subprocess.run([FRONTDESK, "--db", str(db), "init", "--admin", "admin"], check=True, capture_output=True,
                   env={**env, "FRONTDESK_PASSWORD": ADMIN_PASSWORD}, timeout=60)
    server.cli("operator", "add", "lihua", "--role", "reception", "--display-name", "李华")
    server.cli("operator", "add", "wangfang", "--role", "reception", "--display-name", "王芳")
    log = (folder / "serve.log").open("w")
    server.process = subprocess.Popen(
        [FRONTDESK, "--db", str(db), "serve", "--port", str(port), "--max-sessions", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.status()[0] == 200:
                break
        except OSError:
            pass
        assert server.process.poll() is None, (folder / "serve.log").read_text()
        assert time.monotonic() < deadline, "the server did not answer within 30 s"
        time.sleep(0.1)
    try:
        yield server
    finally:
        children = server.processes()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=20)
        log.close()
        for pid in children:  # every tab's process ended with the server
            assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


@pytest.fixture(scope="module")
def browser(served, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=str(CHROMIUM), args=BROWSER_ARGS,
            headless=True, viewport=VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


# --- reading and typing ------------------------------------------------------------

_ROWS = """() => {
  const term = document.getElementById('terminal').terminal;
  const rows = [];
  for (let y = 0; y < term.rows; y++) rows.push(term.buffer.active.getLine(y).translateToString(true));
  return rows;
}"""

_SHOWS = """(text) => {
  const term = document.getElementById('terminal').terminal;
  if (!term) return false;
  for (let y = 0; y < term.rows; y++) {
    if (term.buffer.active.getLine(y).translateToString().includes(text)) return true;
  }
  return false;
}"""

# Per row: [column, character, width] of every cell holding a character.
_CELLS = """(y) => {
  const line = document.getElementById('terminal').terminal.buffer.active.getLine(y);
  const cells = [];
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x);
    if (cell.getChars()) cells.push([x, cell.getChars(), cell.getWidth()]);
  }
  return cells;
}"""


def rows(page) -> list[str]:
    return page.evaluate(_ROWS)


def wait_for(page, text: str) -> None:
    try:
        page.wait_for_function(_SHOWS, arg=text, timeout=WAIT_MS)
    except Exception:
        raise AssertionError(f"{text!r} not on the screen:\n" + "\n".join(rows(page))) from None


def row_with(page, text: str) -> int:
    for y, row in enumerate(rows(page)):
        if text in row:
            return y
    raise AssertionError(f"{text!r} not on the screen")


def open_page(browser, served: Served, requests: list[str] | None = None):
    page = browser.new_page()
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    response = page.goto(served.url)
    assert response is not None and response.status == 200
    wait_for(page, "操作员登录")
    page.click("#terminal")  # the keys go to the terminal, as after an operator's click
    return page


def sign_in(page, name: str, password: str, display_name: str) -> None:
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    wait_for(page, f"{display_name}（接访员）")


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name))


def compose(page, typed: str, committed: str) -> None:
    """Chinese through an input method: the pinyin being composed, then the
    characters chosen (the browser's composition events)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed),
                                                 "selectionEnd": len(typed)})
        session.send("Input.insertText", {"text": committed})
    finally:
        session.detach()


# --- the tests -----------------------------------------------------------------------


def test_the_sign_in_page_comes_from_this_host_and_chinese_lines_up(served, browser):
    requests: list[str] = []
    page = open_page(browser, served, requests)
    try:
        shot(page, "sign-in.png")
        assert requests and all(url.startswith(served.url) for url in requests), requests
        # Chinese takes two cells: the border right of a Chinese line is where
        # it is right of a Latin one.
        office, banner = row_with(page, "福田区委区政府办公室"), row_with(page, "|_|")
        office_cells, banner_cells = page.evaluate(_CELLS, office), page.evaluate(_CELLS, banner)
        assert [(c, w) for _, c, w in office_cells if c in "福田"] == [("福", 2), ("田", 2)]
        borders = [[x for x, c, _ in cells if c == "│"] for cells in (office_cells, banner_cells)]
        assert len(borders[0]) == 2 and borders[0] == borders[1], borders
        # The font draws a Chinese character two Latin characters wide.
        ratio = page.evaluate("""(font) => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = '32px ' + font;
            return ctx.measureText('国').width / ctx.measureText('M').width;
        }""", FONT_STACK)
        assert 1.9 <= ratio <= 2.1, ratio
    finally:
        page.close()


def test_a_visit_typed_in_the_browser_is_saved_once_and_the_screen_locks(served, browser):
    served.wait_processes(1)  # the spare
    page = open_page(browser, served)
    try:
        sign_in(page, "lihua", DESK_PASSWORD, "李华")
        page.keyboard.press("F3")
        wait_for(page, "来访人 1")
        compose(page, "zhang", "张")  # the name field has the cursor
        page.keyboard.insert_text("三")
        wait_for(page, "张三")
        page.keyboard.press("Tab")  # to the document type, then the number
        page.keyboard.press("Tab")
        page.keyboard.type("110101199003074514")
        page.keyboard.press("Tab")
        page.keyboard.type("13800138000")
        page.keyboard.press("Alt+2")  # the matter
        page.keyboard.insert_text("拖欠工资")
        wait_for(page, "拖欠工资")
        shot(page, "visit-form.png")
        assert sum(row.count("张三") for row in rows(page)) >= 1
        assert not any("张张" in row or "三三" in row for row in rows(page))
        page.keyboard.press("Control+s")
        wait_for(page, "登记编号")
        listed = json.loads(served.cli("visit", "list", "--json", operator="lihua", password=DESK_PASSWORD))
        assert len(listed) == 1 and any(listed[0]["number"] in row for row in rows(page))
        number = listed[0]["number"]
        shown = json.loads(served.cli("visit", "show", number, "--json", operator="lihua", password=DESK_PASSWORD))
        assert [v["name"] for v in shown["visitors"]] == ["张三"]
        assert shown["subject"] == "拖欠工资"
        page.keyboard.press("Escape")
        page.keyboard.press("Control+l")
        wait_for(page, "已锁定")
        page.keyboard.type(DESK_PASSWORD)
        page.keyboard.press("Enter")
        wait_for(page, "李华（接访员）")
    finally:
        page.close()


def test_two_tabs_two_operators_and_no_third(served, browser):
    served.wait_processes(1)
    first = open_page(browser, served)
    second = open_page(browser, served)
    try:
        sign_in(first, "lihua", DESK_PASSWORD, "李华")
        sign_in(second, "wangfang", DESK_PASSWORD, "王芳")
        assert not any("王芳" in row for row in rows(first))
        # A key the browser keeps (Ctrl+N, new window) has its alternative in the footer.
        first.keyboard.press("F3")
        wait_for(first, "Alt+N")
        first.keyboard.press("Alt+n")
        wait_for(first, "来访人 2")
        served.wait_processes(2)  # two tabs, no spare: no third may open
        status, text = served.status()
        assert status == 503 and "同时使用的会话已满" in text and "2" in text
        both = set(served.processes())
        second.close()
        deadline = time.monotonic() + 15
        while len(both - set(served.processes())) != 1:  # a tab closed in the browser ends its process
            assert time.monotonic() < deadline, "the closed tab's process still runs"
            time.sleep(0.1)
        assert served.status()[0] == 200
        wait_for(first, "李华（接访员）")
    finally:
        first.close()
        if not second.is_closed():
            second.close()
