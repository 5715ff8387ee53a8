"""``frontdesk duty notice`` and ``frontdesk duty roster``: notices to relay and
holiday duty rosters."""

from __future__ import annotations

from pathlib import Path

import click

from frontdesk.commands.base import (
    Context,
    FrontdeskGroup,
    Refused,
    echo_json,
    json_option,
    operator_option,
    pass_context,
    read_json_input,
    table,
)
from frontdesk.config import load_settings
from frontdesk.i18n import t
from frontdesk.output.rosters import write_xlsx


@click.group(cls=FrontdeskGroup, help="cli.help.notice")
def notice() -> None:
    pass


def _notice_json(found) -> dict:
    return {
        "id": found.id, "title": found.title, "content": found.content, "deadline": found.deadline,
        "created_at": found.created_at, "created_by": found.created_by,
        "targets": [{"target": x.target, "reached_at": x.reached_at, "reached_person": x.reached_person,
                     "ticked_by": x.ticked_by} for x in found.targets],
    }


def _notice_lines(found, now: str) -> list[str]:
    state = t("cli.notice.overdue") if found.overdue(now) else ""
    lines = [f"#{found.id}  {found.title}  " + t("cli.notice.deadline", deadline=(found.deadline or "-")[:16])
             + (f"  {state}" if state else "")]
    for position, target in enumerate(found.targets, start=1):
        if target.reached:
            lines.append(t("cli.notice.reached", n=position, target=target.target,
                           person=target.reached_person, at=target.reached_at[:16]))
        else:
            lines.append(t("cli.notice.missing", n=position, target=target.target))
    return lines


@notice.command("add", help="cli.help.notice_add")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def notice_add(context: Context, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    found = context.store().notices.add(actor, data)
    if as_json:
        echo_json(_notice_json(found))
    else:
        click.echo(t("cli.notice.saved", id=found.id, count=len(found.targets)))


@notice.command("tick", help="cli.help.notice_tick")
@click.argument("notice_id", metavar="ID")
@click.argument("target")
@click.option("--person", required=True, help="cli.help.notice_person")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.notice_at")
@operator_option
@pass_context
def notice_tick(context: Context, notice_id: str, target: str, person: str, at: str | None,
                operator: str | None) -> None:
    actor = context.login(operator)
    store = context.store()
    found = store.notices.tick(actor, notice_id, target, person=person, at=at)
    click.echo("\n".join(_notice_lines(found, store.now_text())))


@notice.command("list", help="cli.help.notice_list")
@click.option("--open", "only_open", is_flag=True, help="cli.help.notice_open")
@operator_option
@json_option
@pass_context
def notice_list(context: Context, only_open: bool, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    store = context.store()
    found = store.notices.open_notices(actor) if only_open else store.notices.list(actor)
    if as_json:
        echo_json([_notice_json(n) for n in found])
        return
    for item in found:
        click.echo("\n".join(_notice_lines(item, store.now_text())))


# --- rosters -------------------------------------------------------------------------------------


@click.group(cls=FrontdeskGroup, help="cli.help.roster")
def roster() -> None:
    pass


def _roster_json(found) -> dict:
    return {"id": found.id, "name": found.name, "start": found.start_date, "end": found.end_date,
            "units": list(found.units), "received": list(found.received), "missing": list(found.missing)}


@roster.command("add", help="cli.help.roster_add")
@click.argument("name")
@click.option("--start", required=True, metavar="YYYY-MM-DD", help="cli.help.roster_start")
@click.option("--end", required=True, metavar="YYYY-MM-DD", help="cli.help.roster_end")
@click.option("--unit", "units", multiple=True, help="cli.help.roster_unit")
@operator_option
@json_option
@pass_context
def roster_add(context: Context, name: str, start: str, end: str, units: tuple[str, ...],
               operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    found = context.store().rosters.create(actor, name, start, end, list(units or load_settings().units))
    if as_json:
        echo_json(_roster_json(found))
    else:
        click.echo(t("cli.roster.saved", id=found.id, name=found.name, count=len(found.units)))


@roster.command("import", help="cli.help.roster_import")
@click.argument("key", metavar="ROSTER")
@click.argument("path", metavar="FILE")
@click.option("--unit", default=None, help="cli.help.roster_import_unit")
@operator_option
@pass_context
def roster_import(context: Context, key: str, path: str, unit: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    found = context.store().rosters.import_file(actor, key, path, unit)
    click.echo(t("cli.roster.imported", received=len(found.received), units=len(found.units)))
    if found.missing:
        click.echo(t("cli.roster.missing", units=t("sep.list").join(found.missing)))


@roster.command("show", help="cli.help.roster_show")
@click.argument("key", metavar="ROSTER")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@operator_option
@json_option
@pass_context
def roster_show(context: Context, key: str, day: str | None, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    store = context.store()
    found = store.rosters.get(actor, key)
    lines = store.rosters.lines(actor, key, day)
    if as_json:
        echo_json(_roster_json(found) | {"lines": [line.__dict__ for line in lines]})
        return
    click.echo(f"{found.name}  {found.start_date} – {found.end_date}")
    headers = [t(f"roster.col.{c}") for c in ("unit", "day", "name", "post", "phone")]
    click.echo(table(headers, [[x.unit, x.day, x.name, x.post, x.phone] for x in lines]))
    click.echo(t("cli.roster.missing", units=t("sep.list").join(found.missing) or t("report.none")))


@roster.command("leader", help="cli.help.roster_leader")
@click.argument("day", metavar="YYYY-MM-DD")
@click.argument("name")
@click.option("--shift", "shift", metavar="SHIFT", default=None, help="cli.help.roster_leader_shift")
@operator_option
@pass_context
def roster_leader(context: Context, day: str, name: str, shift: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    leader = context.store().rosters.set_leader(actor, day, name, shift)
    click.echo(t("cli.roster.leader_set", day=day.strip(), name=leader))


def _shift_json(found) -> dict:
    return {"day": found.day, "shift": found.shift, "starts": found.starts, "ends": found.ends,
            "officer": found.officer, "officer_name": found.officer_name, "leader": found.leader,
            "set_at": found.set_at or None, "set_by": found.set_by or None}


def _shift_rows(shifts) -> list[list[str]]:
    return [[s.day, t(f"roster.shift.{s.shift}"), s.officer_name or "-", s.leader or "-"] for s in shifts]


_SHIFT_HEADERS = ("roster.col.day", "roster.col.shift", "roster.col.officer", "field.leader_name")


@roster.command("set", help="cli.help.roster_set")
@click.argument("day", metavar="YYYY-MM-DD")
@click.argument("shift", metavar="SHIFT")
@click.option("--officer", default=None, metavar="NAME", help="cli.help.roster_set_officer")
@click.option("--leader", default=None, metavar="NAME", help="cli.help.roster_set_leader")
@operator_option
@json_option
@pass_context
def roster_set(context: Context, day: str, shift: str, officer: str | None, leader: str | None,
               operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    if officer is None and leader is None:
        raise Refused(t("cli.err.roster_set_nothing"))
    (found,) = context.store().duty_roster.set(actor, day, shift, officer=officer, leader=leader)
    if as_json:
        echo_json(_shift_json(found))
        return
    click.echo(table([t(key) for key in _SHIFT_HEADERS], _shift_rows([found])))


@roster.command("shifts", help="cli.help.roster_shifts")
@click.option("--from", "first", metavar="YYYY-MM-DD", default=None, help="cli.help.roster_shifts_from")
@click.option("--days", type=click.IntRange(1, 62), default=7, show_default=True, help="cli.help.roster_shifts_days")
@operator_option
@json_option
@pass_context
def roster_shifts(context: Context, first: str | None, days: int, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    store = context.store()
    found = store.duty_roster.days(actor, first or store.now().date().isoformat(), days)
    if as_json:
        echo_json([_shift_json(s) for s in found])
        return
    click.echo(table([t(key) for key in _SHIFT_HEADERS], _shift_rows(found)))


@roster.command("on", help="cli.help.roster_on")
@click.argument("day", metavar="YYYY-MM-DD")
@operator_option
@pass_context
def roster_on(context: Context, day: str, operator: str | None) -> None:
    actor = context.login(operator)
    found = context.store().rosters.on_duty(actor, day)
    headers = [t("field.roster")] + [t(f"roster.col.{c}") for c in ("unit", "name", "post", "phone")]
    click.echo(table(headers, [[name, x.unit, x.name, x.post, x.phone] for name, x in found]))


@roster.command("export", help="cli.help.roster_export")
@click.argument("key", metavar="ROSTER")
@click.option("-o", "--output", "output", metavar="PATH", default=None, help="cli.help.roster_output")
@operator_option
@pass_context
def roster_export(context: Context, key: str, output: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    store = context.store()
    found = store.rosters.get(actor, key)
    name = f"roster-{found.id}-{found.start_date}.xlsx"
    path = Path(output) if output else load_settings().exports_path / "rosters" / name
    lines = store.rosters.lines(actor, found.id)
    store.audit.note_export(actor, "roster_export", "duty.read", file=path.name, rows=len(lines))
    try:
        write_xlsx(found, lines, path)
    except OSError as error:
        raise Refused(t("cli.err.duty_write_file", path=path, reason=error.strerror or str(error))) from error
    click.echo(t("cli.report.written", path=path))
