"""``frontdesk matter``: show a matter, record a step of it, list matters."""

from __future__ import annotations

import click

from frontdesk.commands.base import (
    Context,
    FrontdeskGroup,
    echo_json,
    json_option,
    operator_option,
    pass_context,
    read_json_input,
    table,
)
from frontdesk.i18n import t
from frontdesk.store.matters import rules


@click.group(cls=FrontdeskGroup, help="cli.help.matter")
def matter() -> None:
    pass


@matter.command("show", help="cli.help.matter_show")
@click.argument("number", metavar="NUMBER|QUERYCODE|VISIT-OR-LETTER-NUMBER")
@operator_option
@json_option
@pass_context
def matter_show(context: Context, number: str, operator: str | None, as_json: bool) -> None:
    from frontdesk.output.matters_text import matter_json, matter_lines

    actor = context.login(operator)
    found = context.store().matters.get(actor, number)
    if as_json:
        echo_json(matter_json(found))
        return
    click.echo("\n".join(matter_lines(found)))


@matter.command("step", help="cli.help.matter_step")
@click.argument("number")
@click.argument("source", metavar="FILE|-")
@operator_option
@json_option
@pass_context
def matter_step(context: Context, number: str, source: str, operator: str | None, as_json: bool) -> None:
    from frontdesk.output.matters_text import matter_json

    data = read_json_input(source)
    actor = context.login(operator)
    found = context.store().matters.step(actor, number, data)
    if as_json:
        echo_json(matter_json(found))
        return
    click.echo(t("cli.matter.step_saved", number=found.number, step=t("matter.step." + found.steps[-1].step),
                 status=t("matter.status." + found.status)))


@matter.command("list", help="cli.help.matter_list")
@click.option("--status", "status", type=click.Choice(rules.STATUSES), default=None, metavar="S",
              help="cli.help.matter_status")
@click.option("--unit", "unit", metavar="U", default=None, help="cli.help.matter_unit")
@click.option("--overdue", is_flag=True, help="cli.help.matter_overdue")
@click.option("--due-within", "due_within", type=click.IntRange(min=0, max=3660), default=None, metavar="DAYS",
              help="cli.help.matter_due_within")
@click.option("--on", "on", metavar="DATE", default=None, help="cli.help.matter_on")
@operator_option
@json_option
@pass_context
def matter_list(context: Context, status: str | None, unit: str | None, overdue: bool, due_within: int | None,
                on: str | None, operator: str | None, as_json: bool) -> None:
    from frontdesk.output.labels import sealed_text
    from frontdesk.output.matters_text import due_text, matter_json

    actor = context.login(operator)
    found = context.store().matters.listing(actor, status=status, unit=unit, overdue=overdue,
                                            due_within=due_within, on=on)
    if as_json:
        echo_json([matter_json(m) for m in found])
        return
    if not found:
        click.echo(t("cli.matter.none"))
        return
    headers = [t("cli.matter.col.number"), t("cli.col.kind"), t("field.status"), t("field.unit"),
               t("cli.matter.col.due"), t("field.subject")]
    rows = [[m.number, t("matter.kind." + m.kind), t("matter.status." + m.status), m.state.unit or "",
             due_text(m), sealed_text("matter") if m.sealed else m.subject[:30]] for m in found]
    click.echo(table(headers, rows))
