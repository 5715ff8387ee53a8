"""The command line: the same store and rules as the TUI, for scripts and admins.

Exit status: 0 done; 1 refused (validation, permission, authentication), one
line on stderr naming the field or rule; 2 usage error; 3-7 the database file
cannot be used (see ``DatabaseOpenError.EXIT_CODES``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from frontdesk import __version__
from frontdesk.config import SettingsError, default_db_path, load_settings, resolve_db_path
from frontdesk.i18n import has, set_language, t
from frontdesk.store import Operator, Store, StoreError
from frontdesk.store.connection import translate_open_error

# SQLite result codes that blame the file, not the program: busy, locked,
# read-only, I/O error, corrupt, cannot open, not a database.
_FILE_FAULTS = {5, 6, 8, 10, 11, 14, 26}


class Refused(click.ClickException):
    """A refusal for the operator: one line on stderr, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class FrontdeskCommand(click.Command):
    """A command whose ``--help`` describes itself in the operator's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("cli.help.help")
        return option


class FrontdeskGroup(FrontdeskCommand, click.Group):
    """Turns store refusals into one line on stderr with the right exit status."""

    command_class = FrontdeskCommand
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as error:
            click.echo(error.message, err=True)
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


class Context:
    """What every command needs: where the database is, who is acting."""

    def __init__(self, db_path: Path, operator: str | None) -> None:
        self.db_path = db_path
        self.operator_name = operator
        self._store: Store | None = None

    def store(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = Store.open(self.db_path, create=create)
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
        return store.operators.authenticate(name, password)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_context = click.make_pass_decorator(Context)


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
        line = stdin.readline()
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
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


# --- the group ---------------------------------------------------------------


@click.group(cls=FrontdeskGroup, invoke_without_command=True, help="cli.help.main")
@click.option("--db", "db", metavar="PATH", default=None, help="cli.help.db")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), envvar="FRONTDESK_LANG", default=None,
    is_eager=True, expose_value=False, callback=lambda ctx, param, value: _choose_language(value),
    help="cli.help.lang",
)
@click.option(
    "--operator", metavar="NAME", envvar="FRONTDESK_OPERATOR", default=None,
    help="cli.help.operator_opt",
)
@click.version_option(__version__, "--version", help="cli.help.version")
@click.pass_context
def cli(ctx: click.Context, db: str | None, operator: str | None) -> None:
    try:
        settings = load_settings()
    except SettingsError as error:
        raise Refused(t("cli.err.settings", path=error.path, key=error.key, reason=error.reason))
    context = Context(resolve_db_path(db), operator)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        run_tui(context, settings)


def run_tui(context: Context, settings: Any) -> None:
    """Open the interface; Textual is imported only here, not for every command."""
    from frontdesk.store import system_clock
    from frontdesk.tui.app import make_app

    if context.db_path == default_db_path():
        context.db_path.parent.mkdir(parents=True, exist_ok=True)
    store = context.store(create=True)
    make_app(store, settings, system_clock).run()


@cli.command(help="cli.help.init")
@click.option("--admin", "admin", metavar="NAME", required=True, help="cli.help.admin")
@click.option("--display-name", default="", help="cli.help.display_name")
@pass_context
def init(context: Context, admin: str, display_name: str) -> None:
    if context.db_path == default_db_path():
        context.db_path.parent.mkdir(parents=True, exist_ok=True)
    store = context.store(create=True)
    count = store.operators.count()
    if count:
        click.echo(t("cli.init.upgraded", path=context.db_path, count=count))
        return
    password = os.environ.get("FRONTDESK_PASSWORD")
    if password is None:
        password = click.prompt(
            t("cli.prompt.new_password"), hide_input=True,
            confirmation_prompt=t("cli.prompt.repeat_password"), err=True,
        )
    store.operators.create_first_admin(admin, password, display_name)
    click.echo(t("cli.init.created", path=context.db_path, name=admin))


# --- operators ------------------------------------------------------------------


@cli.group(cls=FrontdeskGroup, help="cli.help.operator")
def operator() -> None:
    pass


def _operator_json(op: Operator) -> dict:
    return {
        "name": op.name, "display_name": op.display_name, "role": op.role.value,
        "disabled": op.disabled, "created_at": op.created_at, "created_by": op.created_by,
    }


@operator.command("add", help="cli.help.operator_add")
@click.argument("name")
@click.option("--role", required=True, metavar="ROLE", help="cli.help.role")
@click.option("--display-name", default="", help="cli.help.display_name")
@operator_option
@json_option
@pass_context
def operator_add(context: Context, name: str, role: str, display_name: str,
                 operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    # Refuse a bad name or role before asking for a password.
    context.store().operators.require(actor, "operator.manage")
    from frontdesk.store.operators import validate_name, validate_role

    validate_name(name)
    validate_role(role)
    new = context.store().operators.add(actor, name, role, read_new_password(), display_name)
    if as_json:
        echo_json(_operator_json(new))
    else:
        click.echo(t("cli.operator.added", name=new.name, role=new.role.label))


@operator.command("list", help="cli.help.operator_list")
@operator_option
@json_option
@pass_context
def operator_list(context: Context, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    store = context.store()
    store.operators.require(actor, "operator.manage")
    operators = store.operators.list()
    if as_json:
        echo_json([_operator_json(op) for op in operators])
        return
    headers = [t(k) for k in ("cli.col.name", "cli.col.display_name", "cli.col.role",
                              "cli.col.status", "cli.col.created")]
    rows = [
        [op.name, op.display_name, op.role.label,
         t("cli.status.disabled" if op.disabled else "cli.status.active"), op.created_at]
        for op in operators
    ]
    click.echo(table(headers, rows))


def _operator_change(action: str, message: str) -> Callable:
    @click.argument("name")
    @operator_option
    @pass_context
    def command(context: Context, name: str, operator: str | None) -> None:
        actor = context.login(operator)
        operators = context.store().operators
        if action == "passwd":
            if actor.name != name:
                operators.require(actor, "operator.manage")
            operators.set_password(actor, name, read_new_password())
        else:
            getattr(operators, action)(actor, name)
        click.echo(t(message, name=name))

    return command


for _action, _message in (
    ("disable", "cli.operator.disabled"),
    ("enable", "cli.operator.enabled"),
    ("passwd", "cli.operator.passwd"),
    ("unlock", "cli.operator.unlocked"),
):
    operator.command(_action, help=f"cli.help.operator_{_action}")(
        _operator_change(_action, _message)
    )


# --- audit --------------------------------------------------------------------------


@cli.group(cls=FrontdeskGroup, help="cli.help.audit")
def audit() -> None:
    pass


@audit.command("verify", help="cli.help.audit_verify")
@pass_context
def audit_verify(context: Context) -> None:
    result = context.store().audit.verify()
    if result.ok:
        click.echo(t("audit.ok", entries=result.entries, records=result.records))
        return
    click.echo(result.problem.message, err=True)
    sys.exit(1)


@audit.command("log", help="cli.help.audit_log")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, help="cli.help.limit")
@operator_option
@json_option
@pass_context
def audit_log(context: Context, limit: int, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    entries = context.store().audit.log(actor, limit=limit)
    if as_json:
        echo_json([
            {"id": e.id, "at": e.at, "operator": e.operator, "action": e.action,
             "record_table": e.record_table, "record_id": e.record_id,
             "record_hash": e.record_hash, "detail": e.detail}
            for e in entries
        ])
        return
    headers = [t(k) for k in ("cli.col.id", "cli.col.at", "cli.col.operator",
                              "cli.col.action", "cli.col.record")]
    rows = [
        [str(e.id), e.at, e.operator or "-",
         t(f"action.{e.action}") if has(f"action.{e.action}") else e.action,
         f"{e.record_table}#{e.record_id}" if e.record_table else "-"]
        for e in entries
    ]
    click.echo(table(headers, rows))


# --- visits -------------------------------------------------------------------------------


def read_json_input(source: str) -> Any:
    """JSON from a file or ``-`` (stdin); a refusal naming the line if malformed."""
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Refused(t("cli.err.read_file", path=source, reason=getattr(error, "strerror", None) or str(error)))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Refused(t("cli.err.json", line=error.lineno, column=error.colno, reason=error.msg))


@cli.group(cls=FrontdeskGroup, help="cli.help.visit")
def visit() -> None:
    pass


@visit.command("add", help="cli.help.visit_add")
@click.argument("source", metavar="FILE")
@click.option("--individually", is_flag=True, help="cli.help.visit_individually")
@click.option("--slip", "slip_path", metavar="PATH", default=None, help="cli.help.visit_slip")
@operator_option
@json_option
@pass_context
def visit_add(context: Context, source: str, individually: bool, slip_path: str | None,
              operator: str | None, as_json: bool) -> None:
    from frontdesk.store.slips import visit_slip
    from frontdesk.store.visits import visit_json

    data = read_json_input(source)
    actor = context.login(operator)
    visits = context.store().visits
    saved = visits.register_individually(actor, data) if individually else [visits.register(actor, data)]
    settings = load_settings()
    slips = [visit_slip(v, office_name=settings.office_name, inquiry_phone=settings.inquiry_phone)
             for v in saved]
    if slip_path:
        Path(slip_path).write_text("\n".join(slips), encoding="utf-8")
    if as_json:
        out = [visit_json(v) for v in saved]
        echo_json(out if individually else out[0])
        return
    for v, slip in zip(saved, slips):
        click.echo(t("cli.visit.saved", number=v.number, code=v.query_code, kind=t(f"kind.{v.kind}")))
        if v.repeat:
            click.echo(t("cli.visit.repeat", number=v.previous_number, at=v.previous_at))
        if not slip_path:
            click.echo(slip)


@visit.command("show", help="cli.help.visit_show")
@click.argument("number")
@click.option("--reveal", is_flag=True, help="cli.help.reveal")
@operator_option
@json_option
@pass_context
def visit_show(context: Context, number: str, reveal: bool, operator: str | None, as_json: bool) -> None:
    from frontdesk.store.visits import visit_json

    actor = context.login(operator)
    v = context.store().visits.get(actor, number, reveal=reveal)
    if as_json:
        echo_json(visit_json(v))
        return
    click.echo(render_visit(v))


def render_visit(v: Any) -> str:
    """A visit as readable lines (ID numbers as the store gave them)."""
    from frontdesk.store.slips import visit_lines

    return "\n".join(visit_lines(v))


@visit.command("slip", help="cli.help.visit_slip_cmd")
@click.argument("number")
@click.option("-o", "--output", "output", metavar="PATH", default=None, help="cli.help.slip_output")
@click.option("--print", "send_to_printer", is_flag=True, help="cli.help.slip_print")
@operator_option
@pass_context
def visit_slip_command(context: Context, number: str, output: str | None, send_to_printer: bool,
                       operator: str | None) -> None:
    import subprocess

    from frontdesk.store.slips import print_file, visit_slip, write_slip

    actor = context.login(operator)
    v = context.store().visits.get(actor, number)
    settings = load_settings()
    text = visit_slip(v, office_name=settings.office_name, inquiry_phone=settings.inquiry_phone)
    if send_to_printer and not settings.print_command:
        raise Refused(t("cli.err.no_printer"))
    if output:
        path = Path(output)
        path.write_text(text, encoding="utf-8")
    elif send_to_printer:
        path = write_slip(text, settings.exports_path / "slips", v.number)
    else:
        click.echo(text, nl=False)
        return
    if send_to_printer:
        try:
            print_file(settings.print_command, path)
        except (OSError, subprocess.SubprocessError) as error:
            raise Refused(t("cli.err.print_failed", detail=str(error)))
    click.echo(t("cli.visit.slip_written", path=path))


@visit.command("list", help="cli.help.visit_list")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@click.option("--search", "query", metavar="TEXT", default=None, help="cli.help.search")
@operator_option
@json_option
@pass_context
def visit_list(context: Context, day: str | None, query: str | None, operator: str | None,
               as_json: bool) -> None:
    from frontdesk.store.visits import visit_json

    actor = context.login(operator)
    visits = context.store().visits
    found = visits.search(actor, query) if query else visits.on_day(actor, day)
    if as_json:
        echo_json([visit_json(v) for v in found])
        return
    headers = [t(k) for k in ("field.number", "cli.col.at", "cli.col.kind", "cli.col.headcount",
                              "cli.col.person", "field.subject")]
    rows = [[v.number, v.visited_at[:16], t(f"kind.{v.kind}"), str(v.headcount), v.first_name,
             v.subject[:30]] for v in found]
    click.echo(table(headers, rows))


# --- demo -----------------------------------------------------------------------------------


@cli.command(help="cli.help.demo")
@click.option("--visits", "visit_count", type=click.IntRange(0, 10_000_000), default=2000,
              show_default=True, help="cli.help.demo_visits")
@click.option("--years", type=click.IntRange(1, 30), default=3, show_default=True,
              help="cli.help.demo_years")
@click.option("--seed", type=int, default=2006, show_default=True, help="cli.help.demo_seed")
@operator_option
@pass_context
def demo(context: Context, visit_count: int, years: int, seed: int, operator: str | None) -> None:
    import time

    from frontdesk.store.demo import Demo

    actor = context.login(operator)
    store = context.store()
    maker = Demo(store, seed)
    started = time.perf_counter()
    password = os.environ.get("FRONTDESK_DEMO_PASSWORD", "demo-pass-1")
    added = maker.operators(actor, password)
    if added:
        click.echo(t("cli.demo.operators", names=", ".join(added), password=password))
    with click.progressbar(length=visit_count, label=t("cli.demo.progress"), file=sys.stderr) as bar:
        maker.visits(actor, visit_count, years=years, progress=bar.update)
    click.echo(t("cli.demo.done", summary=t("cli.demo.visits", count=visit_count),
                 seconds=time.perf_counter() - started))


# --- entry point -------------------------------------------------------------------------


def _translate_help(command: click.Command) -> None:
    """Help texts are message keys until the language is known."""
    for obj in [command, *command.params]:
        key = getattr(obj, "_help_key", None) or getattr(obj, "help", None)
        if isinstance(key, str) and has(key):
            obj._help_key = key  # type: ignore[attr-defined]
            obj.help = t(key)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _translate_help(sub)


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _choose_language(lang: str | None) -> None:
    """``--lang``, else FRONTDESK_LANG, else the settings file, else Chinese."""
    if lang not in ("zh", "en"):
        try:
            lang = load_settings().language
        except SettingsError:
            lang = "zh"
    set_language(lang)
    _translate_help(cli)


def main(argv: list[str] | None = None) -> None:
    """The console script: pick the language first so even ``--help`` is translated."""
    args = sys.argv[1:] if argv is None else argv
    _choose_language(_language_from_argv(args) or os.environ.get("FRONTDESK_LANG"))
    cli.main(args=args, prog_name="frontdesk")


_translate_help(cli)
