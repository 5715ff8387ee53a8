"""``frontdesk visit``: register, show, list and reprint petition visits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from frontdesk.commands.base import (
    Context,
    FrontdeskGroup,
    Refused,
    echo_json,
    json_option,
    matter_keys,
    matter_line,
    operator_option,
    pass_context,
    read_json_input,
    table,
)
from frontdesk.config import load_settings
from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.files import open_private, write_private


@click.group(cls=FrontdeskGroup, help="cli.help.visit")
def visit() -> None:
    pass


@visit.command("add", help="cli.help.visit_add")
@click.argument("source", metavar="FILE")
@click.option("--individually", is_flag=True, help="cli.help.visit_individually")
@click.option("--left", type=click.IntRange(min=0), default=0, metavar="N", help="cli.help.visit_left")
@click.option("--slip", "slip_path", metavar="PATH", default=None, help="cli.help.visit_slip")
@operator_option
@json_option
@pass_context
def visit_add(context: Context, source: str, individually: bool, left: int, slip_path: str | None,
              operator: str | None, as_json: bool) -> None:
    from frontdesk.output.slips import visit_json, visit_slip

    data = read_json_input(source)
    actor = context.login(operator)
    visits = context.store().visits
    # A slip file that cannot be written refuses the visit before it is saved.
    made = _claim(slip_path) if slip_path else False
    try:
        saved = (visits.register_individually(actor, data, left=left) if individually
                 else [visits.register(actor, data)])
    except ValidationError as error:
        if made and slip_path:
            Path(slip_path).unlink(missing_ok=True)
        if error.key == "err.rep_too_many":
            # The way on, in this client's words: the option rather than the form's key.
            raise ValidationError(error.field, "cli.err.rep_too_many", **error.params) from None
        raise
    except BaseException:
        if made and slip_path:
            Path(slip_path).unlink(missing_ok=True)
        raise
    settings = load_settings()
    slips = [visit_slip(v, office_name=settings.office_name, inquiry_phone=settings.inquiry_phone)
             for v in saved]
    store = context.store()
    if as_json:
        out = [{**visit_json(v), **matter_keys(store, "visit", v.id)} for v in saved]
        echo_json(out if individually else out[0])
    else:
        for v, slip in zip(saved, slips, strict=True):
            click.echo(t("cli.visit.saved", number=v.number, code=v.query_code, kind=t(f"kind.{v.kind}")))
            if v.repeat:
                click.echo(t("cli.visit.repeat", number=v.previous_number, at=v.previous_at))
            click.echo(matter_line(store, "visit", v.id))
            if not slip_path:
                click.echo(slip)
    if slip_path:
        # Said after the numbers, so a disk that fills now still leaves them on screen.
        _write(slip_path, "\n".join(slips))


def _claim(path: str) -> bool:
    """Open ``path`` for writing without emptying it; whether it was made now."""
    try:
        existed = Path(path).exists()
        with open_private(Path(path), "a"):
            pass
    except OSError as error:
        raise Refused(t("cli.err.write_file", path=path, reason=error.strerror or str(error))) from error
    return not existed


def _write(path: str | Path, text: str) -> None:
    try:
        write_private(Path(path), text)
    except OSError as error:
        raise Refused(t("cli.err.write_file", path=path, reason=error.strerror or str(error))) from error


@visit.command("show", help="cli.help.visit_show")
@click.argument("number")
@click.option("--reveal", is_flag=True, help="cli.help.reveal")
@operator_option
@json_option
@pass_context
def visit_show(context: Context, number: str, reveal: bool, operator: str | None, as_json: bool) -> None:
    from frontdesk.output.slips import visit_json

    actor = context.login(operator)
    v = context.store().visits.get(actor, number, reveal=reveal)
    if as_json:
        echo_json(visit_json(v))
        return
    click.echo(render_visit(v))


def render_visit(v: Any) -> str:
    """A visit as readable lines (ID numbers as the store gave them)."""
    from frontdesk.output.slips import visit_lines

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

    from frontdesk.output.slips import print_file, visit_slip, write_slip

    actor = context.login(operator)
    v = context.store().visits.get(actor, number)
    settings = load_settings()
    text = visit_slip(v, office_name=settings.office_name, inquiry_phone=settings.inquiry_phone)
    if send_to_printer and not settings.print_command:
        raise Refused(t("cli.err.no_printer"))
    if output:
        path = Path(output)
        _write(path, text)
    elif send_to_printer:
        folder = settings.exports_path / "slips"
        try:
            path = write_slip(text, folder, v.number)
        except OSError as error:
            raise Refused(t("cli.err.write_file", path=folder, reason=error.strerror or str(error))) from error
    else:
        click.echo(text, nl=False)
        return
    if send_to_printer:
        try:
            print_file(settings.print_command, path)
        except (OSError, subprocess.SubprocessError) as error:
            raise Refused(t("cli.err.print_failed", detail=str(error))) from error
    click.echo(t("cli.visit.slip_written", path=path))


@visit.command("list", help="cli.help.visit_list")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@click.option("--search", "query", metavar="TEXT", default=None, help="cli.help.search")
@operator_option
@json_option
@pass_context
def visit_list(context: Context, day: str | None, query: str | None, operator: str | None,
               as_json: bool) -> None:
    from frontdesk.output.slips import visit_json

    actor = context.login(operator)
    visits = context.store().visits
    found = visits.listing(actor, day=day, query=query)
    if as_json:
        echo_json([visit_json(v) for v in found])
        return
    headers = [t(k) for k in ("field.number", "cli.col.at", "cli.col.kind", "cli.col.headcount",
                              "cli.col.person", "field.subject")]
    rows = [[v.number, v.visited_at[:16], "", "", "", sealed_text("visit")] if v.sealed else
            [v.number, v.visited_at[:16], t(f"kind.{v.kind}"), str(v.headcount), v.first_name,
             v.subject[:30]] for v in found]
    click.echo(table(headers, rows))


@visit.command("report-to", help="cli.help.report_to")
@click.argument("number")
@click.option("--to", "to", metavar="WHO", required=True, help="cli.help.duty_to")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.duty_at")
@operator_option
@pass_context
def visit_report_to(context: Context, number: str, to: str, at: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    done = context.store().escalations.report_to(actor, "visit", number, to, at)
    click.echo(t("cli.matter.reported", number=done.number, to=done.reports[-1][0], at=done.reports[-1][1][:16]))
