"""The command line: the same store and rules as the TUI, for scripts and admins.

Exit status: 0 done; 1 refused (validation, permission, authentication), one
line on stderr naming the field or rule; 2 usage error; 3-8 the database file
cannot be used (see ``DatabaseOpenError.EXIT_CODES``).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import click

from frontdesk import __version__
from frontdesk.commands import click_messages
from frontdesk.commands.base import (
    Context,
    FrontdeskGroup,
    Refused,
    echo_json,
    json_option,
    operator_option,
    pass_context,
    read_new_password,
    table,
    tightened_note,
)
from frontdesk.config import SettingsError, default_db_path, load_settings, resolve_db_path
from frontdesk.i18n import LANGUAGES, has, set_language, t
from frontdesk.output.audit_text import problem_message
from frontdesk.output.labels import role_label
from frontdesk.store import Operator
from frontdesk.store.core.files import close_umask, private_folder, tighten

# --- the group ---------------------------------------------------------------


# Each job's commands: name -> (module under frontdesk.commands, attribute).
JOB_COMMANDS = {
    "visit": ("visits", "visit"),
    "letter": ("mail", "letter"),
    "post": ("mail", "post"),
    "doc": ("mail", "doc"),
    "duty": ("duty", "duty"),
    "report": ("duty", "report"),
    "lookup": ("lookup", "lookup"),
    "matter": ("matters", "matter"),
    "backup": ("maintenance", "backup_command"),
    "restore": ("maintenance", "restore_command"),
    "export": ("maintenance", "export_command"),
    "import": ("maintenance", "import_command"),
    "serve": ("serve", "serve_command"),
}


class FrontdeskCli(FrontdeskGroup):
    """The top group. A job's commands are imported when one of them is run or
    listed, so opening the interface imports none of them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *JOB_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in JOB_COMMANDS:
            module, attribute = JOB_COMMANDS[cmd_name]
            command = getattr(import_module(f"frontdesk.commands.{module}"), attribute)
            _translate_help(command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        """Pick the language before click parses anything: a usage error (an unknown
        option, say) is raised before ``--lang``'s own callback would run."""
        words = list(sys.argv[1:] if args is None else args)
        _choose_language(_language_from_argv(words) or os.environ.get("FRONTDESK_LANG"))
        return super().main(words, *rest, **extra)


@click.group(cls=FrontdeskCli, invoke_without_command=True, help="cli.help.main")
@click.option("--db", "db", metavar="PATH", default=None, help="cli.help.db")
@click.option(
    "--lang", type=click.Choice(LANGUAGES), envvar="FRONTDESK_LANG", default=None,
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
    close_umask()  # every file made from here on is the owner's alone
    try:
        settings = load_settings()
    except SettingsError as error:
        raise Refused(t("cli.err.settings", path=error.path, key=error.key, reason=error.reason)) from error
    context = Context(resolve_db_path(db), operator)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        run_tui(context, settings)
    else:
        gc.enable()  # held back while starting (frontdesk.start); a command may run long


def _data_folder(context: Context) -> None:
    """The default database's folder, made or closed to other accounts (a folder
    named with ``--db`` is the owner's choice and left as it is)."""
    if context.db_path == default_db_path():
        folder = private_folder(context.db_path.parent)
        closed = tighten([folder])
        if closed:
            click.echo(tightened_note(closed), err=True)


def run_tui(context: Context, settings: Any) -> None:
    """Open the interface; Textual is imported only here, not for every command."""
    from frontdesk.store import system_clock
    from frontdesk.tui.app import make_app

    _data_folder(context)
    store = context.store(create=True)
    make_app(store, settings, system_clock).run()


@cli.command(help="cli.help.init")
@click.option("--admin", "admin", metavar="NAME", required=True, help="cli.help.admin")
@click.option("--display-name", default="", help="cli.help.display_name")
@pass_context
def init(context: Context, admin: str, display_name: str) -> None:
    _data_folder(context)
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
    from frontdesk.store.core.validate import Checks
    from frontdesk.store.shared.operators import validate_name, validate_role

    with Checks() as c:
        c.run(validate_name, name)
        c.run(validate_role, role)
    new = context.store().operators.add(actor, name, role, read_new_password(), display_name)
    if as_json:
        echo_json(_operator_json(new))
    else:
        click.echo(t("cli.operator.added", name=new.name, role=role_label(new.role)))


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
        [op.name, op.display_name, role_label(op.role),
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


@operator.command("recover", help="cli.help.operator_recover")
@click.argument("name")
@pass_context
def operator_recover(context: Context, name: str) -> None:
    """No sign-in: the OS account that owns the database file stands in for one."""
    import pwd

    path = context.db_path
    store = context.store()
    owner = path.stat().st_uid
    if owner != os.geteuid():
        try:
            owner_name = pwd.getpwuid(owner).pw_name
        except KeyError:
            owner_name = str(owner)
        raise Refused(t("cli.err.recover_owner", path=path, owner=owner_name))
    try:
        os_user = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        os_user = str(os.geteuid())
    recovered = store.operators.recover(name, read_new_password(), os_user=os_user)
    click.echo(t("cli.operator.recovered", name=recovered.name))


# --- audit --------------------------------------------------------------------------


@cli.group(cls=FrontdeskGroup, help="cli.help.audit")
def audit() -> None:
    pass


@audit.command("verify", help="cli.help.audit_verify")
@click.option("--head", "heads", metavar="N:HASH", multiple=True, help="cli.help.audit_head")
@pass_context
def audit_verify(context: Context, heads: tuple[str, ...]) -> None:
    from frontdesk.store.shared.audit import HEADS_FILE_NAME, parse_head

    given = []
    for text in heads:
        head = parse_head(text, source_key="audit.source.paper")
        if head is None:
            raise Refused(t("cli.err.bad_head", value=text))
        given.append(head)
    heads_file = load_settings().exports_path / HEADS_FILE_NAME
    result = context.store().audit.verify(given, heads_file)
    if result.problem is None:
        click.echo(t("audit.ok", entries=result.entries, records=result.records))
        return
    click.echo(problem_message(result.problem), err=True)
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


# --- demo -----------------------------------------------------------------------------------


@cli.command(help="cli.help.demo")
@click.option("--visits", "visit_count", type=click.IntRange(0, 10_000_000), default=2000,
              show_default=True, help="cli.help.demo_visits")
@click.option("--letters", "letter_count", type=click.IntRange(0, 10_000_000), default=300,
              show_default=True, help="cli.help.demo_letters")
@click.option("--duty", "duty_count", type=click.IntRange(0, 10_000_000), default=200,
              show_default=True, help="cli.help.demo_duty")
@click.option("--years", type=click.IntRange(1, 30), default=3, show_default=True,
              help="cli.help.demo_years")
@click.option("--seed", type=int, default=2006, show_default=True, help="cli.help.demo_seed")
@operator_option
@pass_context
def demo(context: Context, visit_count: int, duty_count: int, years: int, seed: int,
         operator: str | None, letter_count: int = 0) -> None:
    import time

    from frontdesk.store.demo.visits import Demo

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
    from frontdesk.store.demo.duty import DutyDemo

    with click.progressbar(length=duty_count, label=t("cli.demo.progress"), file=sys.stderr) as bar:
        DutyDemo(store, seed).entries(actor, duty_count, years=years, progress=bar.update)
    summary = t("sep.list").join([t("cli.demo.visits", count=visit_count),
                                  t("cli.demo.duty", count=duty_count)])
    from frontdesk.store.demo.mail import MailDemo

    with click.progressbar(length=letter_count, label=t("cli.demo.progress"), file=sys.stderr) as bar:
        MailDemo(store, seed).letters(actor, letter_count, years=years, progress=bar.update)
    click.echo(t("cli.demo.letters", count=letter_count))
    # Build the lookup index now, so the first search does not have to.
    from frontdesk.commands.lookup import catch_up

    catch_up(store, at_least=0)
    click.echo(t("cli.demo.done", summary=summary, seconds=time.perf_counter() - started))


# --- entry point -------------------------------------------------------------------------


def _translate_help(command: click.Command) -> None:
    """Help texts are message keys until the language is known."""
    # Commands and options have a help text; the key is kept on them for the next language.
    helped: list[Any] = [command, *command.params]
    for obj in helped:
        key = getattr(obj, "_help_key", None) or getattr(obj, "help", None)
        if isinstance(key, str) and has(key):
            obj._help_key = key
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
    if lang not in LANGUAGES:
        try:
            lang = load_settings().language
        except SettingsError:
            lang = "zh"
    set_language(lang)
    click_messages.use(lang)
    _translate_help(cli)


def main(argv: list[str] | None = None) -> None:
    """The console script (the language is picked first by ``FrontdeskCli.main``, so
    even ``--help`` and usage errors are translated)."""
    cli.main(args=sys.argv[1:] if argv is None else argv, prog_name="frontdesk")


_translate_help(cli)
