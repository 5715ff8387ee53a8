"""What every command shares: refusals with exit codes, the acting operator,
JSON in and out, aligned tables."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from frontdesk.i18n import t
from frontdesk.store import Operator, Store, StoreError
from frontdesk.store.core.connection import translate_open_error
from frontdesk.store.core.errors import one_line

# SQLite's primary result codes of a file that cannot be used (busy, locked,
# read-only, I/O error, corrupt, cannot open, not a database).
_FILE_FAULTS = {5, 6, 8, 10, 11, 14, 26}

class Refused(click.ClickException):
    """A refusal for the operator: one line on stderr, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(one_line(self.format_message()), err=True)


class FrontdeskCommand(click.Command):
    """A command whose ``--help`` describes itself in the operator's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("cli.help.help")
        return option


class FrontdeskGroup(FrontdeskCommand, click.Group):
    """Turns store refusals into lines on stderr (one per refusal) with the
    right exit status."""

    command_class = FrontdeskCommand
    group_class = type

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            refuse_undecodable(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as error:
            for refusal in error.errors:
                click.echo(refusal.message, err=True)
            ctx.exit(error.exit_code)
        except sqlite3.DatabaseError as error:
            # A file that passed the checks on opening can still be damaged inside.
            if getattr(error, "sqlite_errorcode", 0) & 0xFF not in _FILE_FAULTS:
                raise
            path = getattr(ctx.find_object(Context), "db_path", "")
            refusal = translate_open_error(error, Path(path).absolute())
            click.echo(refusal.message, err=True)
            ctx.exit(refusal.exit_code)
        except KeyboardInterrupt:
            click.echo(t("cli.err.interrupted"), err=True)
            ctx.exit(1)


# The variables a command reads text from.
_VARIABLES = ("FRONTDESK_DB", "FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_CONFIG")


def _undecodable(text: str) -> bool:
    # Python hands on bytes that are not UTF-8 as lone surrogates.
    return any("\udc80" <= char <= "\udcff" for char in text)


def refuse_undecodable(args: list[str]) -> None:
    """Refuse arguments and variables typed in a terminal that does not speak
    UTF-8 (one set to GBK, say), before they reach the database as garbage."""
    for arg in args:
        if _undecodable(arg):
            raise Refused(t("cli.err.arg_not_utf8", arg=arg))
    for name in _VARIABLES:
        if _undecodable(os.environ.get(name, "")):
            raise Refused(t("cli.err.env_not_utf8", name=name))


class Context:
    """What every command needs: where the database is, who is acting."""

    def __init__(self, db_path: Path, operator: str | None) -> None:
        self.db_path = db_path
        self.operator_name = operator
        self._store: Store | None = None

    def store(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = Store.open(self.db_path, create=create)
            from frontdesk.config import configure_store, load_settings

            configure_store(self._store, load_settings())
            if self._store.tightened:
                click.echo(tightened_note(self._store.tightened), err=True)
        return self._store

    def login(self, operator: str | None = None) -> Operator:
        """Authenticate the acting operator (password from FRONTDESK_PASSWORD or a prompt)."""
        name = operator or self.operator_name
        if not name:
            raise Refused(t("cli.err.operator_missing"))
        store = self.store()
        password = os.environ.get("FRONTDESK_PASSWORD")
        if password is None:
            password = click.prompt(t("cli.prompt.password"), hide_input=True, err=True)
        actor = store.operators.authenticate(name, password)
        if actor.password_change_due:
            click.echo(t("cli.password_change_due", name=actor.name), err=True)
        return actor

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_context = click.make_pass_decorator(Context)


def tightened_note(paths: list[Path]) -> str:
    """The one line saying which files or folders were closed to other accounts."""
    return t("files.tightened", paths=t("sep.list").join(str(path) for path in paths))


def operator_option(func: Callable) -> Callable:
    """``--operator NAME`` on a command, overriding the group's."""
    return click.option(
        "--operator", "operator", metavar="NAME", default=None, help="cli.help.operator_opt"
    )(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="cli.help.json")(func)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def read_new_password() -> str:
    """A new password: the first line of stdin when it is not a terminal, else typed twice."""
    stdin = sys.stdin
    if not stdin.isatty():
        try:
            line = stdin.readline()
        except UnicodeDecodeError:
            raise Refused(t("cli.err.batch_not_utf8", line=1)) from None
        if not line:
            raise Refused(t("cli.err.no_password_input"))
        return line.rstrip("\r\n")
    return click.prompt(
        t("cli.prompt.new_password"),
        hide_input=True,
        confirmation_prompt=t("cli.prompt.repeat_password"),
        err=True,
    )


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Plain columns aligned by display width (a Chinese character takes two cells)."""
    from rich.cells import cell_len

    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def read_json_input(source: str) -> Any:
    """JSON from a file or ``-`` (stdin); a refusal naming the line if malformed."""
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise Refused(t("cli.err.read_file", path=source, reason=reason)) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(t("cli.err.json", line=error.lineno, column=error.colno, reason=error.msg)) from error
    except (ValueError, RecursionError):
        # A number too long to convert, or arrays nested deeper than Python
        # recurses: the decoder does not say where.
        raise Refused(t("cli.err.json_too_deep")) from None


def matter_keys(store: Store, channel: str, record_id: int) -> dict:
    """``matter`` and ``matter_final`` of a visit or letter just saved."""
    joined = store.matters.of_contact(channel, record_id)
    return {"matter": joined.number if joined else None, "matter_final": bool(joined and joined.final)}


def matter_line(store: Store, channel: str, record_id: int) -> str:
    """The matter a visit or letter just saved joined, as a line; a final one's
    proposal not to accept it."""
    joined = store.matters.of_contact(channel, record_id)
    if joined is None:
        return ""
    return t("cli.matter.joined_final" if joined.final else "cli.matter.joined", matter=joined.number)
