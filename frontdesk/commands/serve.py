"""``frontdesk serve``: the interface for the office's browsers (frontdesk.serve)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from frontdesk.commands.base import Context, FrontdeskCommand, Refused, pass_context
from frontdesk.i18n import get_language, t

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 16


@click.command("serve", cls=FrontdeskCommand, help="cli.help.serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, metavar="H", help="cli.help.serve_host")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, metavar="P",
              help="cli.help.serve_port")
@click.option("--tls-cert", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="cli.help.serve_tls_cert")
@click.option("--tls-key", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="cli.help.serve_tls_key")
@click.option("--max-sessions", type=click.IntRange(1, 1000), default=DEFAULT_MAX_SESSIONS, show_default=True,
              metavar="N", help="cli.help.serve_max_sessions")
@click.option("--insecure-http", is_flag=True, help="cli.help.serve_insecure_http")
@pass_context
def serve_command(context: Context, host: str, port: int, tls_cert: Path | None, tls_key: Path | None,
                  max_sessions: int, insecure_http: bool) -> None:
    from frontdesk.serve import safety
    from frontdesk.serve.server import OfficeServer, ServeError, running_as_root

    if (tls_cert is None) != (tls_key is None):
        raise click.UsageError(t("serve.err.tls_pair"))
    if tls_cert is not None and insecure_http:
        raise click.UsageError(t("serve.err.tls_and_insecure"))
    try:
        mode = safety.listening_mode(host, tls=tls_cert is not None, insecure_http=insecure_http)
        ssl_context = safety.tls_context(tls_cert, tls_key) if tls_cert and tls_key else None
    except safety.Unsafe as error:
        raise Refused(str(error)) from error
    # The database must be there and usable before any tab opens it: a tab is
    # never the place where a database is made (its first administrator would
    # be whoever opened the page first).
    context.store()
    context.close()
    if running_as_root():
        click.echo(t("serve.warn.root"), err=True)
    if mode == safety.INSECURE:
        click.echo(t("serve.warn.insecure"), err=True)
    argv = [sys.executable, "-m", "frontdesk", "--lang", get_language(), "--db", str(context.db_path)]
    try:
        server = OfficeServer(argv, host=host, port=port, max_sessions=max_sessions, mode=mode,
                              ssl_context=ssl_context)
        server.serve()
    except ServeError as error:
        raise Refused(str(error)) from error
