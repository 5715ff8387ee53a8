"""``frontdesk backup|restore|export|import``: copies that can be trusted."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from frontdesk.commands.base import Context, FrontdeskCommand, Refused, operator_option, pass_context
from frontdesk.i18n import t
from frontdesk.store.core.errors import StoreError
from frontdesk.store.core.files import open_private


@click.command("backup", cls=FrontdeskCommand, help="cli.help.backup")
@click.argument("path", metavar="PATH")
@operator_option
@pass_context
def backup_command(context: Context, path: str, operator: str | None) -> None:
    from frontdesk.store.shared.backup import backup
    from frontdesk.store.shared.restore import note_numbers

    actor = context.login(operator)
    target = backup(context.store(), actor, Path(path))
    click.echo(t("cli.backup.done", path=target))
    try:
        note_numbers(context.store(), _heads_file(), "backup")
    except StoreError as error:  # the backup is made: said, not refused
        click.echo(error.message, err=True)
    click.echo(t("cli.backup.key_note", key=context.store().key.path), err=True)


@click.command("restore", cls=FrontdeskCommand, help="cli.help.restore")
@click.argument("path", metavar="PATH")
@click.option("--yes", is_flag=True, help="cli.help.restore_yes")
@operator_option
@pass_context
def restore_command(context: Context, path: str, yes: bool, operator: str | None) -> None:
    import os

    from frontdesk.cli import _data_folder
    from frontdesk.store.shared.backup import check_backup
    from frontdesk.store.shared.restore import restore, restore_new

    anchors = _heads_file()
    if not Path(context.db_path).exists():
        # A new machine: no database to sign in to; the backup's own admin restores it.
        name = operator or context.operator_name
        if not name:
            raise Refused(t("cli.err.operator_missing"))
        checked = check_backup(Path(path))
        click.echo(t("cli.restore.checked", path=path, entries=checked.entries, records=checked.records))
        if not yes and not click.confirm(t("cli.restore.confirm_new", db=context.db_path), err=True):
            raise Refused(t("cli.restore.cancelled"))
        password = os.environ.get("FRONTDESK_PASSWORD")
        if password is None:
            password = click.prompt(t("cli.prompt.backup_password", name=name), hide_input=True, err=True)
        _data_folder(context)
        restored = restore_new(Path(context.db_path), Path(path), name, password, anchors=anchors)
    else:
        actor = context.login(operator)
        context.store().operators.require(actor, "backup.restore")
        checked = check_backup(Path(path))
        click.echo(t("cli.restore.checked", path=path, entries=checked.entries, records=checked.records))
        if not yes and not click.confirm(t("cli.restore.confirm", db=context.db_path), err=True):
            raise Refused(t("cli.restore.cancelled"))
        restored = restore(context.store(), actor, Path(path), anchors=anchors)
    click.echo(t("cli.restore.done", path=path))
    sep = t("sep.list")
    if restored.dropped:
        click.echo(t("cli.restore.dropped", numbers=sep.join(restored.dropped)))
    if restored.continues:
        click.echo(t("cli.restore.continues", numbers=sep.join(restored.continues)))
    if restored.unnoted is not None:
        click.echo(restored.unnoted.message, err=True)


def _heads_file() -> Path:
    """The heads file beside the exports: chain heads and the highest numbers given."""
    from frontdesk.config import load_settings
    from frontdesk.store.shared.audit import HEADS_FILE_NAME

    return load_settings().exports_path / HEADS_FILE_NAME


@click.command("export", cls=FrontdeskCommand, help="cli.help.export")
@click.option("-o", "--output", "output", metavar="FILE", default=None, help="cli.help.export_output")
@operator_option
@pass_context
def export_command(context: Context, output: str | None, operator: str | None) -> None:
    from frontdesk.store.shared.backup import export

    actor = context.login(operator)
    if output is None:
        count = export(context.store(), actor, sys.stdout)
        return
    target = Path(output)
    try:
        partial = target.with_name(target.name + ".part")
        if target.exists():
            raise Refused(t("err.backup_exists", path=target))
        try:
            with open_private(partial) as out:
                count = export(context.store(), actor, out)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    except (OSError, ValueError) as error:  # a name too long or empty, a full disk, a folder
        reason = getattr(error, "strerror", None) or str(error)
        raise Refused(t("cli.err.write_file", path=target, reason=reason)) from error
    click.echo(t("cli.export.done", path=target, count=count), err=True)


@click.command("import", cls=FrontdeskCommand, help="cli.help.import")
@click.argument("source", metavar="FILE")
@operator_option
@pass_context
def import_command(context: Context, source: str, operator: str | None) -> None:
    import os

    from frontdesk.cli import _data_folder
    from frontdesk.store import Store
    from frontdesk.store.shared.backup import import_into, import_new

    admin = operator or context.operator_name
    if not admin:
        raise Refused(t("cli.err.operator_missing"))
    password = os.environ.get("FRONTDESK_PASSWORD")
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")
    except OSError as error:
        raise Refused(t("cli.err.read_file", path=source, reason=error.strerror or str(error))) from error
    if password is None:
        password = click.prompt(
            t("cli.prompt.import_password", name=admin), hide_input=True,
            confirmation_prompt=t("cli.prompt.repeat_password"), err=True,
        )
    with handle:
        if Path(context.db_path).exists():
            count = import_into(context.store(), handle, admin, password)
        else:
            # Built aside and put in place only when whole: a refused import leaves no file.
            _data_folder(context)
            count = import_new(Path(context.db_path), handle, admin, password,
                               open_new=lambda path: Store.open(path, create=True))
    click.echo(t("cli.import.done", count=count))
