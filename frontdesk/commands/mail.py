"""``frontdesk letter``, ``frontdesk post`` and ``frontdesk doc``: the mail room's
petition letters, registered post and incoming official documents."""

from __future__ import annotations

from pathlib import Path

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
from frontdesk.i18n import t
from frontdesk.output import mail_text
from frontdesk.output.labels import sealed_text
from frontdesk.store.core.files import write_private
from frontdesk.store.mail.documents import VIEWS as DOC_VIEWS
from frontdesk.store.mail.letter_rules import NO_TRANSFER_REASONS, PROPOSALS, RETURN_METHODS
from frontdesk.store.mail.letters import VIEWS as LETTER_VIEWS
from frontdesk.store.mail.post import VIEWS as POST_VIEWS

# --- letters -------------------------------------------------------------------------------


@click.group(cls=FrontdeskGroup, help="cli.help.letter")
def letter() -> None:
    pass


@letter.command("add", help="cli.help.letter_add")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def letter_add(context: Context, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    store = context.store()
    saved = store.letters.register(actor, data)
    if as_json:
        echo_json({**mail_text.letter_json(saved), **matter_keys(store, "letter", saved.id)})
        return
    click.echo(t("cli.letter.saved", number=saved.number, kind=t(f"letter_kind.{saved.kind}"),
                 due=saved.due_date))
    click.echo(matter_line(store, "letter", saved.id))
    if saved.repeat:
        click.echo(t("mail.repeat", number=saved.previous_number, at=(saved.previous_at or "")[:16]))
    if saved.pages_mismatch:
        click.echo(t("mail.pages", stated=saved.pages_stated, received=saved.pages_received)
                   + "  " + t("mail.pages_mismatch"))


@letter.command("report-to", help="cli.help.report_to")
@click.argument("number")
@click.option("--to", "to", metavar="WHO", required=True, help="cli.help.duty_to")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.duty_at")
@operator_option
@pass_context
def letter_report_to(context: Context, number: str, to: str, at: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    done = context.store().escalations.report_to(actor, "letter", number, to, at)
    click.echo(t("cli.matter.reported", number=done.number, to=done.reports[-1][0], at=done.reports[-1][1][:16]))


@letter.command("show", help="cli.help.letter_show")
@click.argument("number")
@operator_option
@json_option
@pass_context
def letter_show(context: Context, number: str, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    found = context.store().letters.get(actor, number)
    if as_json:
        echo_json(mail_text.letter_json(found))
        return
    click.echo("\n".join(mail_text.letter_lines(found)))


@letter.command("list", help="cli.help.letter_list")
@click.option("--view", type=click.Choice(LETTER_VIEWS), default="today", show_default=True,
              help="cli.help.letter_view")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@click.option("--search", "query", metavar="TEXT", default=None, help="cli.help.letter_search")
@operator_option
@json_option
@pass_context
def letter_list(context: Context, view: str, day: str | None, query: str | None,
                operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    found = context.store().letters.listing(actor, view, day, query=query)
    if as_json:
        echo_json([mail_text.letter_json(item) for item in found])
        return
    headers = [t(k) for k in ("field.number", "cli.col.at", "field.letter_kind", "field.sender",
                              "field.subject", "field.proposal")]
    rows = [[item.number, item.received_at[:16], "", "-", sealed_text("letter"), ""] if item.sealed else
            [item.number + ("!" if item.overdue else ""), item.received_at[:16],
             t(f"letter_kind.{item.kind}"), item.sender_name or "-", item.subject[:24],
             mail_text.handling_text(item)] for item in found]
    click.echo(table(headers, rows))


@letter.command("export", help="cli.help.letter_export")
@click.argument("path", metavar="PATH")
@click.option("--view", type=click.Choice(LETTER_VIEWS), default="all", show_default=True,
              help="cli.help.letter_view")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@operator_option
@pass_context
def letter_export(context: Context, path: str, view: str, day: str | None, operator: str | None) -> None:
    actor = context.login(operator)
    found = context.store().letters.listing(actor, view, day, limit=1_000_000)
    context.store().audit.note_export(actor, "letter_export", "letter.read",
                                      file=Path(path).name, rows=len(found))
    try:
        write_private(Path(path), mail_text.letters_csv(found))
    except OSError as error:
        raise Refused(t("cli.letter.write_failed", path=path, reason=error.strerror or str(error))) from error
    click.echo(t("cli.letter.exported", count=len(found), path=path))


@letter.command("handle", help="cli.help.letter_handle")
@click.argument("number")
@click.option("--proposal", type=click.Choice(PROPOSALS), required=True, help="cli.help.letter_proposal")
@click.option("--to", "unit", metavar="UNIT", default=None, help="cli.help.letter_to")
@click.option("--reason", type=click.Choice(NO_TRANSFER_REASONS), default=None,
              help="cli.help.letter_reason")
@click.option("--opinion", metavar="TEXT", default=None, help="cli.help.letter_opinion")
@operator_option
@json_option
@pass_context
def letter_handle(context: Context, number: str, proposal: str, unit: str | None, reason: str | None,
                  opinion: str | None, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    data = {"proposal": proposal, "transfer_to": unit, "no_transfer_reason": reason, "opinion": opinion}
    saved = context.store().letters.handle(actor, number, data)
    if as_json:
        echo_json(mail_text.letter_json(saved))
        return
    click.echo(t("cli.letter.handled", number=saved.number, handling=mail_text.handling_text(saved)))


@letter.command("return", help="cli.help.letter_return")
@click.argument("number")
@click.argument("position", type=click.IntRange(1, 1000), metavar="ITEM")
@click.option("--how", type=click.Choice(RETURN_METHODS), required=True, help="cli.help.letter_how")
@click.option("--note", default="", metavar="TEXT", help="cli.help.letter_note")
@operator_option
@json_option
@pass_context
def letter_return(context: Context, number: str, position: int, how: str, note: str,
                  operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    saved = context.store().letters.return_enclosure(actor, number, position, how, note)
    if as_json:
        echo_json(mail_text.letter_json(saved))
        return
    click.echo(mail_text.enclosure_text(saved.enclosures[position - 1]))


@letter.command("close", help="cli.help.letter_close")
@click.argument("number")
@click.option("--outcome", default="", metavar="TEXT", help="cli.help.letter_outcome")
@operator_option
@pass_context
def letter_close(context: Context, number: str, outcome: str, operator: str | None) -> None:
    actor = context.login(operator)
    saved = context.store().letters.close(actor, number, outcome)
    click.echo(t("mail.closed", who=saved.closed_by, at=saved.closed_at))


@letter.command("held", help="cli.help.letter_held")
@operator_option
@json_option
@pass_context
def letter_held(context: Context, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    held = context.store().letters.held_enclosures(actor)
    if as_json:
        echo_json([{"number": number, "position": e.position + 1, "item": e.item, "kind": e.kind,
                    "amount": e.amount or None, "received_at": e.received_at, "held_by": e.held_by}
                   for number, e in held])
        return
    headers = [t(k) for k in ("field.number", "field.item", "field.amount", "field.received_at")]
    click.echo(table(headers, [[f"{n} #{e.position + 1}", e.item, e.amount, e.received_at[:16]]
                               for n, e in held]))


# --- registered post ------------------------------------------------------------------------


@click.group(cls=FrontdeskGroup, help="cli.help.post")
def post() -> None:
    pass


@post.command("add", help="cli.help.post_add")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def post_add(context: Context, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    saved = context.store().post.register(actor, data)
    if as_json:
        echo_json(mail_text.post_json(saved))
        return
    click.echo(t("cli.post.saved", number=saved.number, tracking=saved.tracking_number,
                 addressee=saved.addressee))


@post.command("pass", help="cli.help.post_pass")
@click.argument("number")
@click.option("--to", "to", metavar="WHO", required=True, help="cli.help.post_to")
@click.option("--signed-by", metavar="NAME", default=None, help="cli.help.post_signed_by")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.post_at")
@operator_option
@json_option
@pass_context
def post_pass(context: Context, number: str, to: str, signed_by: str | None, at: str | None,
              operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    saved = context.store().post.pass_on(actor, number, to, signed_by, at)
    if as_json:
        echo_json(mail_text.post_json(saved))
        return
    click.echo(f"{saved.number}  {mail_text.post_state(saved)}")


@post.command("list", help="cli.help.post_list")
@click.option("--view", type=click.Choice(POST_VIEWS), default="today", show_default=True,
              help="cli.help.post_view")
@click.option("--find", "typed", metavar="DIGITS", default=None, help="cli.help.post_find")
@operator_option
@json_option
@pass_context
def post_list(context: Context, view: str, typed: str | None, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    items = context.store().post
    found = items.listing(actor, view, query=typed)
    if as_json:
        echo_json([mail_text.post_json(item) for item in found])
        return
    headers = [t(k) for k in ("field.number", "field.tracking_number", "cli.col.at",
                              "field.post_addressee", "mail.col.state")]
    click.echo(table(headers, [[i.number, i.tracking_number, i.received_at[:16], i.addressee,
                                mail_text.post_state(i)] for i in found]))


# --- incoming documents ------------------------------------------------------------------------


@click.group(cls=FrontdeskGroup, help="cli.help.doc")
def doc() -> None:
    pass


@doc.command("add", help="cli.help.doc_add")
@click.argument("source", metavar="FILE")
@operator_option
@json_option
@pass_context
def doc_add(context: Context, source: str, operator: str | None, as_json: bool) -> None:
    data = read_json_input(source)
    actor = context.login(operator)
    saved = context.store().documents.register(actor, data)
    if as_json:
        echo_json(mail_text.document_json(saved))
        return
    key = "cli.doc.stub" if saved.classified else "cli.doc.saved"
    click.echo(t(key, number=saved.number, level=t(f"secrecy.{saved.secrecy}")))


@doc.command("show", help="cli.help.doc_show")
@click.argument("number")
@operator_option
@json_option
@pass_context
def doc_show(context: Context, number: str, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    found = context.store().documents.get(actor, number)
    if as_json:
        echo_json(mail_text.document_json(found))
        return
    click.echo("\n".join(mail_text.document_lines(found)))


@doc.command("list", help="cli.help.doc_list")
@click.option("--view", type=click.Choice(DOC_VIEWS), default="today", show_default=True,
              help="cli.help.doc_view")
@click.option("--date", "day", metavar="YYYY-MM-DD", default=None, help="cli.help.date")
@operator_option
@json_option
@pass_context
def doc_list(context: Context, view: str, day: str | None, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    found = context.store().documents.listing(actor, view, day)
    if as_json:
        echo_json([mail_text.document_json(d) for d in found])
        return
    headers = [t(k) for k in ("field.number", "cli.col.at", "field.secrecy", "field.issuer",
                              "field.doc_title", "mail.col.state")]
    click.echo(table(headers, [[d.number, d.received_at[:16], t(f"secrecy.{d.secrecy}"), d.issuer,
                                d.title[:24], mail_text.document_state(d)] for d in found]))


@doc.command("circulate", help="cli.help.doc_circulate")
@click.argument("number")
@click.option("--reader", "readers", metavar="NAME", multiple=True, help="cli.help.doc_reader")
@click.option("--opinion", metavar="TEXT", default=None, help="cli.help.doc_opinion")
@click.option("--return-by", metavar="YYYY-MM-DD", default=None, help="cli.help.doc_return_by")
@operator_option
@json_option
@pass_context
def doc_circulate(context: Context, number: str, readers: tuple[str, ...], opinion: str | None,
                  return_by: str | None, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    saved = context.store().documents.circulate(actor, number, list(readers), opinion, return_by)
    if as_json:
        echo_json(mail_text.document_json(saved))
        return
    click.echo("\n".join(mail_text.document_lines(saved)))


@doc.command("tick", help="cli.help.doc_tick")
@click.argument("number")
@click.argument("reader")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.doc_at")
@operator_option
@json_option
@pass_context
def doc_tick(context: Context, number: str, reader: str, at: str | None, operator: str | None,
             as_json: bool) -> None:
    actor = context.login(operator)
    saved = context.store().documents.tick(actor, number, reader, at)
    if as_json:
        echo_json(mail_text.document_json(saved))
        return
    click.echo(f"{saved.number}  {mail_text.document_state(saved)}")


@doc.command("instruct", help="cli.help.doc_instruct")
@click.argument("number")
@click.option("--leader", metavar="NAME", required=True, help="cli.help.doc_leader")
@click.option("--text", "words", metavar="TEXT", required=True, help="cli.help.doc_instruction")
@click.option("--at", "at", metavar="TIME", default=None, help="cli.help.doc_instructed_at")
@operator_option
@json_option
@pass_context
def doc_instruct(context: Context, number: str, leader: str, words: str, at: str | None,
                 operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    saved = context.store().documents.instruct(actor, number, leader, words, at)
    if as_json:
        echo_json(mail_text.document_json(saved))
        return
    click.echo(mail_text.instruction_lines(saved)[-1])
