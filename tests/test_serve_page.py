"""The server's page and refusals, without a browser (aiohttp's test client;
the page in a real browser is tests/test_browser.py)."""

from __future__ import annotations

import json
import sys

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer
from textual_serve.download_manager import DownloadManager

from frontdesk.serve import SERVED_VARIABLE, server
from frontdesk.serve.server import FONT_STACK, OfficeServer, ServeError, Session

# A tab's program that ends at once: these tests never get as far as an app.
QUICK_EXIT = [sys.executable, "-c", "pass"]


@pytest.fixture
async def client():
    office = OfficeServer(QUICK_EXIT, host="127.0.0.1", port=0, max_sessions=2, mode="loopback")
    async with TestClient(TestServer(await office._make_app())) as test_client:
        test_client.office = office
        yield test_client


async def test_the_page_is_local_and_its_headers_keep_it_so(client):
    response = await client.get("/")
    assert response.status == 200
    html = await response.text()
    assert 'lang="zh-CN"' in html and "正在打开" in html
    assert "http" not in html  # every address relative: nothing from outside, works behind a proxy
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["Cache-Control"] == "no-store"
    script = await (await client.get("/static/js/textual.js")).text()
    assert json.dumps(FONT_STACK) in script and "'Roboto Mono', Monaco" not in script
    assert (await client.get("/page/page.js")).status == 200
    assert (await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")).status == 200


async def test_a_websocket_from_another_site_is_refused(client):
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://elsewhere.example"})
    assert refused.value.status == 403


async def test_the_tab_past_the_limit_gets_a_page_saying_so(client):
    office = client.office
    office.sessions.update({Session(QUICK_EXIT, {}, DownloadManager()) for _ in range(2)})
    response = await client.get("/")
    assert response.status == 503
    text = await response.text()
    assert "同时使用的会话已满" in text and "最多同时打开 2 个会话" in text
    office.sessions.clear()
    assert (await client.get("/")).status == 200


def test_a_tab_is_never_signed_in_by_the_servers_variables(monkeypatch):
    monkeypatch.setenv("FRONTDESK_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("FRONTDESK_OPERATOR", "admin")
    environment = Session(QUICK_EXIT, {SERVED_VARIABLE: "tls"}, DownloadManager())._build_environment(120, 40)
    assert "FRONTDESK_PASSWORD" not in environment and "FRONTDESK_OPERATOR" not in environment
    assert environment[SERVED_VARIABLE] == "tls"
    assert environment["COLUMNS"] == "120" and environment["TEXTUAL_DRIVER"].endswith("WebDriver")


def test_a_textual_serve_with_another_page_script_is_refused(monkeypatch, tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "textual.js").write_text("new Terminal({fontFamily:'Other'})")
    monkeypatch.setattr(server, "TEXTUAL_SERVE_STATIC", tmp_path)
    with pytest.raises(ServeError):
        server.terminal_script()
