"""``frontdesk lookup``: the quick lookup for scripts, one query or a batch."""

from __future__ import annotations

import json
import sys

import click

from frontdesk.commands.base import (
    Context,
    FrontdeskCommand,
    Refused,
    echo_json,
    json_option,
    operator_option,
    pass_context,
    table,
)
from frontdesk.i18n import t
from frontdesk.output.labels import people_label
from frontdesk.store.lookup.api import LONG_CATCH_UP
from frontdesk.store.lookup.index import Hit


def hit_json(hit: Hit) -> dict:
    return {
        "channel": hit.channel, "number": hit.number, "at": hit.at, "name": hit.name,
        "id_number": hit.id_masked, "subject": hit.subject, "matched": hit.matched,
    }


@click.command("lookup", cls=FrontdeskCommand, help="cli.help.lookup")
@click.argument("query", required=False)
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True, help="cli.help.limit")
@click.option("--channel", "channels", multiple=True, metavar="CHANNEL", help="cli.help.lookup_channel")
@click.option("--from", "start", metavar="YYYY-MM-DD", default=None, help="cli.help.lookup_from")
@click.option("--to", "end", metavar="YYYY-MM-DD", default=None, help="cli.help.lookup_to")
@click.option("--batch", is_flag=True, help="cli.help.lookup_batch")
@operator_option
@json_option
@pass_context
def lookup(context: Context, query: str | None, limit: int, channels: tuple[str, ...],
           start: str | None, end: str | None, batch: bool, operator: str | None, as_json: bool) -> None:
    actor = context.login(operator)
    store = context.store()
    known = store.lookup.channels_for(actor)
    for channel in channels:
        if channel not in known:
            raise click.UsageError(t("cli.err.lookup_channel", channel=channel, choices=", ".join(known)))
    window = store.lookup.window(start, end)
    wanted = list(channels) or None
    if not batch and query is None:
        raise click.UsageError(t("cli.err.lookup_query"))
    catch_up(store)
    if batch:
        # One JSON array per line in, per line out: a script's pipe. Lines are
        # read as bytes, so one that is not UTF-8 is refused by its number.
        lines = getattr(sys.stdin, "buffer", sys.stdin)
        for count, raw in enumerate(lines, start=1):
            try:
                line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            except UnicodeDecodeError:
                raise Refused(t("cli.err.batch_not_utf8", line=count)) from None
            hits = store.lookup.search(actor, line.rstrip("\r\n"), channels=wanted, limit=limit,
                                       start=window.get("start"), end=window.get("end"))
            click.echo(json.dumps([hit_json(h) for h in hits], ensure_ascii=False))
        return
    assert query is not None  # refused above unless in batch
    hits = store.lookup.search(actor, query, channels=wanted, limit=limit,
                               start=window.get("start"), end=window.get("end"))
    if as_json:
        echo_json([hit_json(h) for h in hits])
        return
    headers = [t(k) for k in ("cli.col.channel", "field.number", "cli.col.at", "cli.col.person",
                              "field.id_number", "field.subject", "cli.col.matched")]
    if not hits:
        click.echo(t("cli.lookup.none"))
        return
    rows = [[t(f"channel.{h.channel}"), h.number, h.at[:16], people_label(h.name), h.id_masked,
             h.subject[:24], t(f"matched.{h.matched}")] for h in hits]
    click.echo(table(headers, rows))
    click.echo(t("cli.lookup.found", count=len(hits)))


def catch_up(store, at_least: int | None = None) -> None:
    """Bring the index up to date, with a progress bar on stderr when there are
    ``at_least`` records or changes to take in (by default as many as make a
    wait worth showing: after a bulk load or an upgrade)."""
    total = store.lookup.pending()
    if total < max(LONG_CATCH_UP if at_least is None else at_least, 1):
        return
    with click.progressbar(length=total, label=t("cli.lookup.indexing"), file=sys.stderr) as bar:
        store.lookup.refresh(progress=bar.update)
