"""`nyte important`, `agenda`, `rules`, `feedback`, `item` and `stats`: the triage commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import typer

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json
from nyte_tui.errors import UsageError
from nyte_tui.services.views_json import to_json

rules_app = typer.Typer(help="Policy rules: always important, boost, demote or mute.")
item_app = typer.Typer(help="Show an item, or change its state: done, dismiss, snooze.")
T = TypeVar("T")
JsonFlag = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
TIER_MARK = {"critical": "!!", "important": "! ", "later": "  "}
PAGE_SIZE = 50


def _with_store(use: Callable[[Any, Any], T]) -> T:
    """Run a triage use case against the store (opened and closed by services)."""
    from nyte_tui.services.session import with_store

    paths, settings = load_context()
    return with_store(paths, lambda store: use(store, settings))


def _with_reader(use: Callable[[Any, Any], T]) -> T:
    """Run a read-only use case over the read path (no ORM is imported)."""
    from nyte_tui.services.session import with_reader

    paths, settings = load_context()
    return with_reader(paths, lambda reader: use(reader, settings))


def _short(text: str, width: int) -> str:
    """Cut text to width with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def important(
    as_json: JsonFlag = False,
    show_all: Annotated[bool, typer.Option("--all", help="Every item, scores included.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="At most N items (a page).")
    ] = None,
    page: Annotated[
        int,
        typer.Option(
            "--page", "-p", min=1, help=f"Which page of --limit items (default {PAGE_SIZE})."
        ),
    ] = 1,
) -> None:
    """The Important list: open items scoring 70 or more, best first, each with its reason."""
    from nyte_tui.services.triage.listing import important_list

    size = limit or (PAGE_SIZE if page > 1 else None)
    offset = (page - 1) * (size or 0)
    result = _with_reader(
        lambda r, c: important_list(r, c, include_all=show_all, limit=size, offset=offset)
    )
    if as_json:
        emit_json(to_json(result))
        return
    out = console()
    if not result.items and page > 1:
        out.print(f"no items on page {page}")
    elif not result.items:
        out.print(
            "nothing needs you right now" if not show_all else "no items yet; run `nyte sync`"
        )
    lines = []
    for item in result.items:
        when = item.age or _clock(item.start)
        who = _short(item.who or "—", 18)
        mark = TIER_MARK.get(item.tier, "  ")
        status = "" if item.status == "open" else f" [{item.status}]"
        if item.warning:
            status += f" ⚠ {item.warning} warning"
        lines.append(
            f"{mark} {who:18} {_short(item.title, 34):34} {when:>6}  {item.score:3d} "
            f"#{item.id}{status} — {item.reason}"
        )
    if lines:  # one print: rich renders a thousand lines at once far faster than one by one
        out.print("\n".join(lines), markup=False)


def _clock(moment: datetime | None) -> str:
    """HH:MM of an event start in local time."""
    return moment.astimezone().strftime("%H:%M") if moment else ""


def agenda_command(
    days: Annotated[int, typer.Option("--days", "-d", min=1, max=60, help="Days ahead.")] = 2,
    as_json: JsonFlag = False,
) -> None:
    """Upcoming events by day, with your RSVP state and conflicts."""
    from nyte_tui.services.triage.listing import agenda

    result = _with_reader(lambda r, c: agenda(r, c, days))
    if as_json:
        emit_json(to_json(result))
        return
    out = console()
    if not result.days:
        out.print("no events in that range")
    lines = []
    for day in result.days:
        lines.append(day.date)
        for event in day.events:
            clash = f"  ⚠ overlaps {', '.join(event.conflicts)}" if event.conflicts else ""
            lines.append(f"  {event.time_text:>7}  {event.title}  ({event.rsvp or '—'}){clash}")
    if lines:
        out.print("\n".join(lines), markup=False)


@rules_app.command("list")
def rules_list_command(as_json: JsonFlag = False) -> None:
    """Show every rule."""
    from nyte_tui.services.triage.views import rules_list

    result = _with_store(lambda s, _c: rules_list(s))
    if as_json:
        emit_json(to_json(result))
        return
    out = console()
    if not result.rules:
        out.print(
            "no rules; add one with `nyte rules add --sender boss@x.example --action important`"
        )
    for rule in result.rules:
        out.print(f"#{rule.id}  {rule.description}", markup=False)


@rules_app.command("add")
def rules_add_command(
    action: Annotated[str, typer.Option("--action", help="important, boost, demote or mute.")],
    sender: Annotated[str | None, typer.Option("--sender", help="A full address.")] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", help="A domain (and subdomains).")
    ] = None,
    keyword: Annotated[
        str | None, typer.Option("--keyword", help="Words in subject or text.")
    ] = None,
    label: Annotated[str | None, typer.Option("--label", help="A Gmail label id.")] = None,
    points: Annotated[int | None, typer.Option("--points", help="Points for boost/demote.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a rule; matching items are rescored at once."""
    from nyte_tui.services.triage.views import add_rule

    given = [
        (k, v)
        for k, v in (("sender", sender), ("domain", domain), ("keyword", keyword), ("label", label))
        if v
    ]
    if len(given) != 1:
        raise UsageError("give exactly one of --sender, --domain, --keyword or --label")
    match_type, pattern = given[0]
    added = _with_store(lambda s, c: add_rule(s, c, match_type, pattern, action, points))
    _report(added, as_json, f"added #{added.rule.id}: {added.rule.description}")


@rules_app.command("remove")
def rules_remove_command(rule_id: int, as_json: JsonFlag = False) -> None:
    """Remove a rule by id."""
    from nyte_tui.services.triage.views import remove_rule

    removed = _with_store(lambda s, c: remove_rule(s, c, rule_id))
    _report(removed, as_json, f"removed #{removed.removed}")


def feedback_command(
    item_id: int,
    verdict: Annotated[str, typer.Argument(help="important or not-important")],
    as_json: JsonFlag = False,
) -> None:
    """Tell nyte an item is (not) important; that sender's weight changes and a rule is offered."""
    from nyte_tui.services.triage.feedback import item_feedback

    result = _with_store(lambda s, c: item_feedback(s, c, item_id, verdict))
    line = f"#{item_id} now {result.item.score} ({result.item.tier})"
    if result.offer:
        line += f"\n{result.offer.question} run: {result.offer.command}"
    _report(result, as_json, line)


def _item_state(status: str) -> Callable[..., None]:
    """A command that moves an item to status."""

    def command(item_id: int, as_json: JsonFlag = False, **extra: Any) -> None:
        from nyte_tui.services.triage.views import change_item_status

        until = extra.get("until")
        result = _with_store(lambda s, c: change_item_status(s, c, item_id, status, until))
        text = f"#{item_id} {result.item.status}" + ("" if result.changed else " (unchanged)")
        _report(result, as_json, text)

    return command


@item_app.command("show")
def item_show(item_id: int, as_json: JsonFlag = False) -> None:
    """Show one item: score, tier, reason and its five gates (read-only, no lock)."""
    from nyte_tui.services.triage.listing import item_view, read_item

    item = _with_reader(lambda r, _c: item_view(read_item(r, item_id), datetime.now(UTC)))
    if as_json:
        emit_json(to_json(item))
        return
    lines = [f"#{item.id} {item.title} — {item.who or '—'} [{item.status}]"]
    lines.append(f"{item.score} ({item.tier}): {item.reason}")
    for name, gate in item.gates.items():
        mark = "✓" if gate.matched else "·"
        lines.append(f"  {mark} {name:12} {gate.points:+3d}  {gate.reason}")
    if item.proposal is not None:
        lines.append(f"proposed: {item.proposal.summary}")
    console().print("\n".join(lines), markup=False)


@item_app.command("done")
def item_done(item_id: int, as_json: JsonFlag = False) -> None:
    """Mark an item done."""
    _item_state("done")(item_id, as_json)


@item_app.command("dismiss")
def item_dismiss(item_id: int, as_json: JsonFlag = False) -> None:
    """Dismiss an item; it stays dismissed until new mail arrives from someone else."""
    _item_state("dismissed")(item_id, as_json)


@item_app.command("snooze")
def item_snooze(
    item_id: int,
    until: Annotated[
        str, typer.Option("--until", help='When to bring it back ("tomorrow 9am").')
    ] = "tomorrow 9am",
    as_json: JsonFlag = False,
) -> None:
    """Hide an item until a time."""
    _item_state("snoozed")(item_id, as_json, until=until)


def stats_command(as_json: JsonFlag = False) -> None:
    """Trust metrics: interruption precision, approval rate, decision time, feedback, gate hits."""
    from nyte_tui.services.triage.feedback import trust_metrics

    result = _with_store(trust_metrics)
    if as_json:
        emit_json(result)
        return
    out = console()
    for key, value in result.items():
        out.print(f"{key:26} {value if value is not None else '—'}", markup=False)


def _report(result: object, as_json: bool, text: str) -> None:
    """Print a result as JSON or one line of text."""
    if as_json:
        emit_json(to_json(result))
    else:
        console().print(text, markup=False)


def register(app: typer.Typer) -> None:
    """Add the triage commands to the root app."""
    app.command("important")(important)
    app.command("agenda")(agenda_command)
    app.command("feedback")(feedback_command)
    app.command("stats")(stats_command)
    app.add_typer(rules_app, name="rules")
    app.add_typer(item_app, name="item")
