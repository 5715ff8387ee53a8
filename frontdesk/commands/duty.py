"""``frontdesk duty`` and ``frontdesk report``: the duty log, handover, notices,
rosters, and the 24-hour report."""

from __future__ import annotations

import os
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
from frontdesk.commands.duty_lists import notice, roster
from frontdesk.config import load_settings
from frontdesk.i18n import t
from frontdesk.output.duty_text import open_item_json, open_item_text


@click.group(cls=FrontdeskGroup, help="cli.help.duty")
def duty() -> None:
    pass


duty.add_command(notice)
duty.add_command(roster)


def _entry_lines(entry) -> list[str]:
    from frontdesk.output.labels import stage_label

    colon = t("sep.colon")
    stage = stage_label(entry)
    lines = [
        f"{entry.number}  {entry.at[:16]}  {t('duty.kind.' + entry.kind)}  "
        f"{t('duty.importance.' + entry.importance)}" + (f"  {stage}" if stage else "")
        + (f"  {t('cli.duty.follows', number=entry.event_number)}" if entry.event_number else ""),
        f"{t('field.summary')}{colon}{entry.summary}",
    ]
    for key in ("source", "phone", "details", "action", "assignee"):
        value = getattr(entry, key)
        if value:
            lines.append(f"{t('field.' + key)}{colon}{value}")
    if entry.reports:
        for report in entry.reports:
            lines.append(t("cli.duty.reported", to=report.to, at=report.at[:16], by=report.recorded_by))
    elif entry.importance == "urgent":
        lines.append(t("cli.duty.not_reported"))
    if entry.done_at:
        lines.append(t("cli.duty.done_line", at=entry.done_at[:16], by=entry.done_by, note=entry.done_note))
    lines.append(t("cli.duty.logged", at=entry.logged_at, by=entry.created_by, version=entry.version))
    return lines


def _print_entry(entry, as_json: bool) -> None:
    from frontdesk.store.duty.log import entry_json

    if as_json:
        echo_json(entry_json(entry))
    else:
        click.echo("\n".join(_entry_lines(entry)))


@duty.command("add", help="cli.help.duty_add")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def duty_add(context: Context, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    entry = context.store().duty.add(actor, data)
    if as_json:
        _print_entry(entry, True)
    else:
        click.echo(t("cli.duty.saved", number=entry.number))


@duty.command("report-to", help="cli.help.duty_report_to")
@click.argument("number")
@click.option("--to", "to", metavar="WHO", required=True, help="cli.help.duty_to")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.duty_at")
@operator_option
@json_option
@pass_context
def duty_report_to(context: Context, number: str, to: str, at: str | None, operator: str | None,
                   as_json: bool) -> None:
    actor = context.login(operator)
    entry = context.store().duty.report_to(actor, number, to, at)
    if as_json:
        _print_entry(entry, True)
    else:
        report = entry.reports[-1]
        click.echo(t("cli.duty.report_saved", number=entry.number, to=report.to, at=report.at[:16]))


@duty.command("show", help="cli.help.duty_show")
@click.argument("number")
@click.option("--history", is_flag=True, help="cli.help.duty_history")
@operator_option
@json_option
@pass_context
def duty_show(context: Context, number: str, history: bool, operator: str | None, as_json: bool) -> None:
    from frontdesk.store.duty.log import entry_json

    actor = context.login(operator)
    store = context.store()
    entry = store.duty.get(actor, number)
    versions = store.duty.history(actor, number) if history else []
    if as_json:
        out = entry_json(entry)
        if history:
            out["history"] = [{"version": v.version, **v.content, "reason": v.reason,
                               "created_at": v.created_at, "created_by": v.created_by} for v in versions]
        echo_json(out)
        return
    click.echo("\n".join(_entry_lines(entry)))
    for version in versions:
        click.echo(t("cli.duty.version", version=version.version, at=version.created_at,
                     by=version.created_by, reason=version.reason or "-"))
        click.echo(f"  {version.content['at'][:16]}  {version.content['summary']}")


@duty.command("list", help="cli.help.duty_list")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@operator_option
@json_option
@pass_context
def duty_list(context: Context, day: str | None, operator: str | None, as_json: bool) -> None:
    from frontdesk.output.labels import stage_label
    from frontdesk.store.duty.log import entry_json

    actor = context.login(operator)
    entries = context.store().duty.on_day(actor, day)
    if as_json:
        echo_json([entry_json(e) for e in entries])
        return
    headers = [t(k) for k in ("field.number", "cli.col.at", "field.kind", "field.importance",
                              "field.summary", "cli.duty.col.reported")]
    rows = [[e.number, e.at[:16], t("duty.kind." + e.kind), t("duty.importance." + e.importance),
             (f"{stage_label(e)} " if e.stage else "") + e.summary[:30],
             t("sep.list").join(r.to for r in e.reports) or ("!" if e.unreported_urgent else "")]
            for e in entries]
    click.echo(table(headers, rows))


@duty.command("correct", help="cli.help.duty_correct")
@click.argument("number")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def duty_correct(context: Context, number: str, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    entry = context.store().duty.correct(actor, number, data)
    if as_json:
        _print_entry(entry, True)
    else:
        click.echo(t("cli.duty.corrected", number=entry.number, version=entry.version))


@duty.command("done", help="cli.help.duty_done")
@click.argument("number")
@click.option("--note", default="", help="cli.help.duty_done_note")
@operator_option
@pass_context
def duty_done(context: Context, number: str, note: str, operator: str | None) -> None:
    actor = context.login(operator)
    entry = context.store().duty.mark_done(actor, number, note)
    click.echo(t("cli.duty.done", number=entry.number))


@duty.command("open", help="cli.help.duty_open")
@operator_option
@json_option
@pass_context
def duty_open(context: Context, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    items = context.store().shifts.open_items(actor)
    if as_json:
        echo_json([open_item_json(item) for item in items])
        return
    if not items:
        click.echo(t("cli.duty.nothing_open"))
    for item in items:
        click.echo(f"{t('duty.open.' + item.kind)}  {item.ref}  {item.at[:16]}  {open_item_text(item)}")


# --- handover -----------------------------------------------------------------------------------


def _handover_json(handover) -> dict:
    return {"id": handover.id, "from_officer": handover.from_officer, "closed_at": handover.closed_at,
            "note": handover.note, "open_items": [open_item_json(item) for item in handover.open_items],
            "to_officer": handover.to_officer, "accepted_at": handover.accepted_at,
            "from_name": handover.from_name, "to_name": handover.to_name}


@duty.command("handover", help="cli.help.duty_handover")
@click.option("--note", default="", help="cli.help.duty_handover_note")
@operator_option
@json_option
@pass_context
def duty_handover(context: Context, note: str, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    handover = context.store().shifts.close(actor, note)
    if as_json:
        echo_json(_handover_json(handover))
        return
    click.echo(t("cli.duty.handed_over", at=handover.closed_at[:16], count=len(handover.open_items)))
    for item in handover.open_items:
        click.echo(f"  {t('duty.open.' + item.kind)}  {item.ref}  {open_item_text(item)}")


@duty.command("accept", help="cli.help.duty_accept")
@operator_option
@json_option
@pass_context
def duty_accept(context: Context, operator: str | None, as_json: bool) -> None:
    name = operator or context.operator_name
    if not name:
        raise Refused(t("cli.err.operator_missing"))
    password = os.environ.get("FRONTDESK_PASSWORD")
    if password is None:
        password = click.prompt(t("cli.prompt.password"), hide_input=True, err=True)
    handover = context.store().shifts.accept(name, password)
    if as_json:
        echo_json(_handover_json(handover))
    else:
        click.echo(t("cli.duty.accepted", name=handover.to_name, by=handover.from_name,
                     at=(handover.accepted_at or "")[:16]))


@duty.command("shifts", help="cli.help.duty_shifts")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, help="cli.help.limit")
@operator_option
@json_option
@pass_context
def duty_shifts(context: Context, limit: int, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    handovers = context.store().shifts.history(actor, limit)
    if as_json:
        echo_json([_handover_json(h) for h in handovers])
        return
    headers = [t(k) for k in ("cli.duty.col.closed", "cli.duty.col.from", "cli.duty.col.accepted",
                              "cli.duty.col.to", "cli.duty.col.open")]
    rows = [[h.closed_at[:16], h.from_name, (h.accepted_at or "")[:16], h.to_name or "-",
             str(len(h.open_items))] for h in handovers]
    click.echo(table(headers, rows))
    # Each note whole, under the table: a note is read to its end.
    for h in handovers:
        if h.note:
            click.echo("\n" + t("cli.duty.note_of", at=h.closed_at[:16], by=h.from_name))
            click.echo("\n".join(f"  {line}" for line in h.note.splitlines()))


# --- the 24-hour report ----------------------------------------------------------------------------


@click.group(cls=FrontdeskGroup, help="cli.help.report")
def report() -> None:
    pass


def _daily(context: Context, actor, end: str | None):
    settings = load_settings()
    report = context.store().reports.daily(actor, end=end, cutoff=settings.report_cutoff,
                                           office=settings.office_name, duty_phone=settings.duty_phone)
    return settings, report


@report.command("daily", help="cli.help.report_daily")
@click.option("--end", "end", metavar="TIME", default=None, help="cli.help.report_end")
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "docx"]), default="txt",
              show_default=True, help="cli.help.report_format")
@click.option("-o", "--output", "output", metavar="PATH", default=None, help="cli.help.report_output")
@operator_option
@pass_context
def report_daily(context: Context, end: str | None, fmt: str, output: str | None, operator: str | None) -> None:
    from frontdesk.output.report_render import change_text, default_path, render_md, render_txt, write
    from frontdesk.store.shared.audit import HEADS_FILE_NAME

    actor = context.login(operator)
    store = context.store()
    settings, daily = _daily(context, actor, end)
    if output is None and fmt != "docx":
        click.echo(render_txt(daily) if fmt == "txt" else render_md(daily), nl=False)
        store.reports.record_export(actor, daily, fmt, "-", settings.exports_path / HEADS_FILE_NAME)
        return
    path = Path(output) if output else default_path(daily, fmt, settings.exports_path)
    try:
        write(daily, fmt, path)
    except FileExistsError as error:
        raise Refused(t("cli.err.report_file_exists", path=path)) from error
    except OSError as error:
        raise Refused(t("cli.err.duty_write_file", path=path, reason=error.strerror or str(error))) from error
    store.reports.record_export(actor, daily, fmt, str(path), settings.exports_path / HEADS_FILE_NAME)
    click.echo(t("cli.report.written", path=path))
    if daily.previous is not None:
        click.echo(change_text(daily))


@report.command("sent", help="cli.help.report_sent")
@click.option("--end", "end", metavar="TIME", default=None, help="cli.help.report_end")
@click.option("--to", "to", required=True, metavar="WHO", help="cli.help.report_sent_to")
@click.option("--how", "how", required=True, metavar="HOW", help="cli.help.report_sent_how")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.report_sent_at")
@operator_option
@pass_context
def report_sent(context: Context, end: str | None, to: str, how: str, at: str | None,
                operator: str | None) -> None:
    actor = context.login(operator)
    _settings, daily = _daily(context, actor, end)
    sent = context.store().reports.mark_sent(actor, daily, to=to, how=how, at=at)
    click.echo(t("cli.report.sent", version=sent.version, to=sent.sent_to, how=sent.sent_how,
                 at=(sent.sent_at or "")[:16]))
