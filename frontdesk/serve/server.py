"""The web server: one page, one ``frontdesk`` process per browser tab.

textual-serve's ``Server`` and ``AppService`` do the work (the websocket, the
process, the packets between them); the subclasses here change what an office
needs changed:

- the page is our own (``templates/page.html``): it loads nothing from outside
  the host, finds its websocket from its own address (so it works behind a
  reverse proxy and over https), and speaks the operator's language;
- the terminal's font stack covers Chinese (textual-serve's bundle names a font
  it expects from an outside web font service);
- at most ``max_sessions`` tabs at once; the next one gets a page saying so;
- each tab's process is started without a shell and without the variables
  that would sign it in, and is ended when its tab is closed;
- a websocket opened by a page from another site is refused.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import ssl
import sys
from pathlib import Path
from typing import Any

import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

from frontdesk.i18n import get_language, t
from frontdesk.serve import SERVED_VARIABLE

log = logging.getLogger("frontdesk.serve")

TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
PAGE_FILES = Path(__file__).parent / "page"
TEMPLATES = Path(__file__).parent / "templates"

FONT_STACK = (
    '"Sarasa Mono SC", "Noto Sans Mono CJK SC", "Microsoft YaHei Mono", "Roboto Mono", '
    '"Microsoft YaHei", "Noto Sans CJK SC", "PingFang SC", monospace'
)
"""The terminal's fonts. First monospaced fonts that hold Chinese, where a
Chinese character is exactly two Latin ones wide; on a PC without them, Latin
in textual-serve's own Roboto Mono (served from the host) and Chinese in the
system's Chinese font. The terminal puts every character in its cells either
way; the fonts decide only how well the glyphs fill them."""

# textual.js is textual-serve's bundle of xterm.js. It names its font stack in
# the terminal's options and keeps the terminal in a closure; the page serves
# it with the stack replaced and the terminal hung on its element (where the
# browser test reads the screen's cells). Each text must occur exactly once:
# a textual-serve whose bundle differs is refused when the server starts.
_SCRIPT_CHANGES = (
    ("fontFamily:\"'Roboto Mono', Monaco, 'Courier New', monospace\"", "fontFamily:" + json.dumps(FONT_STACK)),
    ("this.terminal.open(e),", "this.terminal.open(e),e.terminal=this.terminal,"),
)

PRIVATE_VARIABLES = ("FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD")
"""Variables the server may have been started with that must not sign a tab in:
signing in happens on the sign-in screen of each tab."""

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    # xterm.js adds its rules as <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
))

SPARE_DELAY_SECONDS = 2.0
"""How long after a tab takes the spare process the next one is started: the
new tab's first screens come first."""

STOP_GRACE_SECONDS = 5.0
"""How long a closed tab's process has to end by itself before it is killed."""


class ServeError(Exception):
    """The server cannot start; the message is for the operator."""


def terminal_script() -> bytes:
    """textual-serve's textual.js with the changes above."""
    text = (TEXTUAL_SERVE_STATIC / "js" / "textual.js").read_text("utf-8")
    for old, new in _SCRIPT_CHANGES:
        if text.count(old) != 1:
            raise ServeError(t("serve.err.script", version=_textual_serve_version()))
        text = text.replace(old, new)
    return text.encode("utf-8")


def _textual_serve_version() -> str:
    from importlib.metadata import version

    return version("textual-serve")


class Session(AppService):
    """One tab's ``frontdesk`` process.

    It may be started before its tab exists (the server keeps one ready, so a
    new tab does not wait for Python and Textual to start): until a websocket
    is attached, what the app writes is kept, and handed over on attaching.
    """

    def __init__(self, argv: list[str], environment: dict[str, str], download_manager: DownloadManager) -> None:
        super().__init__(
            " ".join(argv), write_bytes=self._send_bytes, write_str=self._send_str, close=self._close,
            download_manager=download_manager,
        )
        self.argv = argv
        self.environment = environment
        self.websocket: web.WebSocketResponse | None = None
        self._held: list[bytes | str] = []
        self.ended = asyncio.Event()
        """Set when the app ended by itself (quit, or failed) before or after attaching."""

    async def attach(self, websocket: web.WebSocketResponse, width: int, height: int) -> None:
        """Give the session to a tab: what the app wrote so far, then the tab's size."""
        self.websocket = websocket
        held, self._held = self._held, []
        for item in held:
            await (websocket.send_bytes(item) if isinstance(item, bytes) else websocket.send_str(item))
        await self.set_terminal_size(width, height)

    @property
    def started(self) -> bool:
        """Whether the process was started."""
        return self._process is not None

    @property
    def alive(self) -> bool:
        """Whether the process runs and has not said it ended."""
        return self._process is not None and self._process.returncode is None and not self.ended.is_set()

    async def _send_bytes(self, data: bytes) -> None:
        if self.websocket is None:
            self._held.append(data)
        else:
            await self.websocket.send_bytes(data)

    async def _send_str(self, data: str) -> None:
        if self.websocket is None:
            self._held.append(data)
        else:
            await self.websocket.send_str(data)

    async def _close(self) -> None:
        self.ended.set()
        if self.websocket is not None:
            await self.websocket.close()

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            self.ended.set()

    @property
    def pid(self) -> int | None:
        """The process's id, once started."""
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        for name in PRIVATE_VARIABLES:
            environment.pop(name, None)
        environment.update(self.environment)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        # No shell between the server and the app: the path of the database is
        # an argument, never shell text, and killing the process kills the app.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit; kill it if it has not ended within ``STOP_GRACE_SECONDS``."""
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(super().stop(), STOP_GRACE_SECONDS)
            await asyncio.wait_for(process.wait(), STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning(t("serve.log.killed", pid=process.pid))
        if process.returncode is None:
            process.kill()
            await process.wait()


class OfficeServer(Server):
    """textual-serve's server with the office's page, limits and checks."""

    def __init__(
        self,
        argv: list[str],
        *,
        host: str,
        port: int,
        max_sessions: int,
        mode: str,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(
            " ".join(argv), host=host, port=port, title="frontdesk",
            statics_path=TEXTUAL_SERVE_STATIC, templates_path=TEMPLATES,
        )
        self.argv = argv
        self.max_sessions = max_sessions
        self.mode = mode
        self.ssl_context = ssl_context
        scheme = "https" if ssl_context is not None else "http"
        shown_host = f"[{host}]" if ":" in host else host
        self.public_url = f"{scheme}://{shown_host}:{port}/"
        self.sessions: set[Session] = set()
        """The tabs whose process runs now."""
        self._spare: Session | None = None
        self._stopping = False
        self._timers: set[asyncio.TimerHandle] = set()
        self._tasks: set[asyncio.Task] = set()
        self.download_manager = DownloadManager()
        self._script = terminal_script()
        self._pages = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[_secure_headers])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/favicon.ico", _no_icon),
            # Before /static, which would otherwise answer with the unchanged file.
            web.get("/static/js/textual.js", self.handle_script),
            web.static("/static", self.statics_path, name="static"),
            web.static("/page", PAGE_FILES),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self._background(self._start_spare())
        self.console.print(t("serve.started", url=self.public_url, sessions=self.max_sessions), highlight=False)

    async def on_shutdown(self, app: web.Application) -> None:
        # Every tab's process ends with the server, and the spare with them.
        self._stopping = True
        for handle in self._timers:
            handle.cancel()
        spare, self._spare = self._spare, None
        running = [*self.sessions, *([spare] if spare is not None else [])]
        await asyncio.gather(*(session.stop() for session in running))

    def _render(self, template: str, **values: Any) -> str:
        return self._pages.get_template(template).render(lang=_html_lang(), title=t("serve.page.title"), **values)

    async def handle_index(self, request: web.Request) -> web.Response:
        if len(self.sessions) >= self.max_sessions:
            return self.full_page()
        html = self._render(
            "page.html",
            starting=t("serve.page.starting"), ended=t("serve.page.ended"), restart=t("serve.page.restart"),
            font_size=max(8, min(48, to_int(request.query.get("fontsize", "16"), 16))),
        )
        return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})

    def full_page(self) -> web.Response:
        """The page a tab gets when ``max_sessions`` tabs are open already."""
        html = self._render(
            "refused.html", heading=t("serve.full.heading"),
            message=t("serve.full.message", sessions=self.max_sessions),
        )
        return web.Response(
            status=503, text=html, content_type="text/html",
            headers={"Cache-Control": "no-store", "Retry-After": "60"},
        )

    async def handle_script(self, request: web.Request) -> web.Response:
        return web.Response(body=self._script, content_type="application/javascript")

    def session_environment(self) -> dict[str, str]:
        """What each tab's process is told besides the terminal's own variables."""
        return {SERVED_VARIABLE: self.mode}

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not _same_origin(request):
            raise web.HTTPForbidden(text=t("serve.err.origin"))
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if len(self.sessions) >= self.max_sessions:
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"full")
            return websocket
        session = self._take_spare()
        self.sessions.add(session)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        try:
            if not session.started:
                await session.start(width, height)
            await session.attach(websocket, width, height)
            self._refill_later()
            if not session.ended.is_set():
                await self._process_messages(websocket, session)
        except Exception as error:
            log.exception(error)
        finally:
            await session.stop()
            self.sessions.discard(session)
            if not websocket.closed:
                await websocket.close()
            if self._spare is None:  # none was started while every session was taken
                self._refill_later()
        return websocket

    # --- the spare: one process started ahead of the next tab ---------------------

    def _new_session(self) -> Session:
        return Session(self.argv, self.session_environment(), self.download_manager)

    def _take_spare(self) -> Session:
        spare, self._spare = self._spare, None
        if spare is not None and spare.alive:
            return spare
        if spare is not None:
            asyncio.get_running_loop().create_task(spare.stop())
        return self._new_session()

    async def _start_spare(self) -> None:
        if self._spare is not None or self._stopping or len(self.sessions) >= self.max_sessions:
            return
        spare = self._new_session()
        self._spare = spare
        try:
            await spare.start(80, 24)
        except Exception as error:  # a tab then starts its own process, as without a spare
            log.exception(error)
            self._spare = None
            return
        if self._stopping:  # the server began to stop while the process started
            await spare.stop()

    def _refill_later(self) -> None:
        """Start the next spare once the tab just opened has drawn its first screen."""
        def start() -> None:
            self._timers.discard(handle)
            self._background(self._start_spare())

        handle = asyncio.get_running_loop().call_later(SPARE_DELAY_SECONDS, start)
        self._timers.add(handle)

    def _background(self, job: Any) -> None:
        task = asyncio.get_running_loop().create_task(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        if sys.platform != "win32":
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        try:
            web.run_app(
                self._make_app(), host=self.host, port=self.port, ssl_context=self.ssl_context,
                handle_signals=False, loop=loop, print=None,
            )
        except GracefulExit:
            pass
        except OSError as error:
            raise ServeError(t("serve.err.listen", host=self.host, port=self.port,
                               reason=error.strerror or str(error))) from error


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


def _html_lang() -> str:
    return "zh-CN" if get_language() == "zh" else "en"


def _same_origin(request: web.Request) -> bool:
    """Whether the websocket was opened by our own page (browsers always send
    Origin on a websocket; a page of another site could otherwise drive a tab)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    _, _, rest = origin.partition("://")
    return rest.rstrip("/") == request.host


@web.middleware
async def _secure_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    if not response.prepared:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
    return response


def running_as_root() -> bool:
    """Whether the server runs as the system's administrator account."""
    return hasattr(os, "geteuid") and os.geteuid() == 0
