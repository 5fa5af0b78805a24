"""Automated-mail scenarios: newsletters, promotions, social, forums, notifications and bills."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.headerregistry import Address

from nyte_tui.sandbox.mailbox import templates as tpl
from nyte_tui.sandbox.mailbox.people import (
    BILLERS,
    DISGUISED,
    FORUMS,
    NEWSLETTERS,
    NOTIFIERS,
    PEOPLE,
    PROMOTERS,
    SOCIAL,
    Sender,
)
from nyte_tui.sandbox.mailbox.render import Draft, long_date, to_html
from nyte_tui.sandbox.mailbox.threads import Ctx, Thread, recent

FORUM_REPLIES = (
    (
        "Priyanka Rao",
        "We did this last year. It took about three weeks, mostly cleaning up "
        "old tickets. No regrets.",
    ),
    ("Tom Hughes", "+1, happy to share our migration checklist if useful."),
    ("Zoë Adams", "Thanks for posting this, really helpful thread."),
)

FOLLOW_UPS = {
    "github": ("@priya-natarajan approved these changes.", "Merged #{n} into main."),
    "jira": (
        "Priya Natarajan commented: Reproduced on staging, taking a look.",
        "Jörg Schneider changed the status of NW-{n} to Done.",
    ),
}
AUTO = ("Auto-Submitted", "auto-generated")
GITHUB_REVIEW = "review_requested@noreply.github.example"
AMOUNTS = {
    "ride": (6, 45),
    "shop": (8, 60),
    "cloud": (120, 1600),
    "saas": (144, 1440),
    "energy": (60, 240),
    "council": (120, 210),
}


def _list_headers(s: Sender, token: str) -> list[tuple[str, str]]:
    """Return the list and bulk headers a real sender of this kind attaches."""
    headers: list[tuple[str, str]] = []
    if s.list_id:
        headers.append(("List-Id", f"{s.name} <{s.list_id}.{s.domain}>"))
    headers.append(
        (
            "List-Unsubscribe",
            f"<mailto:unsubscribe+{token}@{s.domain}>, <https://{s.domain}/u/{token}>",
        )
    )
    headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if s.bulk:
        headers.append(("Precedence", "bulk"))
    if s.auto:
        headers.append(("Auto-Submitted", "auto-generated"))
    return headers


def _auto_labels(
    ctx: Ctx, category: str, when: datetime, important: bool = False
) -> tuple[str, ...]:
    """Return Gmail labels for automated mail: INBOX, a category, maybe UNREAD/IMPORTANT."""
    labels = ["INBOX", category]
    if important:
        labels.append("IMPORTANT")
    if ctx.chance(0.7 if recent(ctx, when) else 0.15):
        labels.append("UNREAD")
    return tuple(labels)


def _blast(
    ctx: Ctx,
    s: Sender,
    body: str,
    when: datetime,
    style: str,
    *,
    extra: tuple[tuple[str, str], ...] = (),
    listed: bool = True,
    display: str = "",
    footer: str = "",
) -> Draft:
    """Build one automated message in text, html-only or alternative style."""
    token = f"{ctx.clock.rng.getrandbits(48):012x}"
    headers = (_list_headers(s, token) if listed else []) + list(extra)
    footer = footer or (
        f"You are receiving this email because you signed up at {s.domain}. "
        f"Unsubscribe: https://{s.domain}/u/{token}"
    )
    text = body + ("\n\n--\n" + footer if style != "text" else "")
    return Draft(
        Address(display or s.name, addr_spec=s.email),
        (ctx.addr(ctx.me),),
        text,
        _auto_labels(ctx, s.category, when),
        when,
        html=to_html(body, footer) if style != "text" else "",
        html_only=style == "html",
        headers=tuple(headers),
    )


def _any_time(ctx: Ctx) -> datetime:
    """Return a random instant in the 30-day window, weighted to any hour of the day."""
    return ctx.clock.on_day(ctx.clock.rng.randint(0, 28), 0.0, 23.9)


def _bulk(
    ctx: Ctx,
    table: tuple[tuple[int, str, str], ...],
    senders: tuple[Sender, ...],
    i: int,
    style: str,
    why: str,
    kind: str = "bulk",
) -> Thread:
    """Build a single newsletter, promotion, social or disguised pitch message."""
    idx, subject, body = table[i % len(table)]
    s = senders[idx % len(senders)]
    when = _any_time(ctx)
    fields = ctx.fields(ctx.me, when, None)
    subj, text = subject.format(**fields), body.format(**fields)
    d = _blast(ctx, s, text, when, style)
    return Thread(subj, [d], False, "none", why.format(name=s.name, kind=kind, subject=subj))


def newsletter(ctx: Ctx, i: int) -> Thread:
    """A subscribed newsletter issue."""
    style = ("html", "alt")[i % 2]
    return _bulk(
        ctx,
        tpl.NEWSLETTER_ISSUES,
        NEWSLETTERS,
        i,
        style,
        "{name} newsletter issue (List-Id, List-Unsubscribe, Precedence: bulk)",
    )


def promo(ctx: Ctx, i: int) -> Thread:
    """A promotion, sometimes with a fake urgency deadline."""
    return _bulk(
        ctx,
        tpl.PROMOS,
        PROMOTERS,
        i,
        ("html", "html", "alt")[i % 3],
        "Promotion from {name}; marketing mail, its deadline is a sales tactic",
    )


def social(ctx: Ctx, i: int) -> Thread:
    """A social network notification."""
    return _bulk(ctx, tpl.SOCIAL_POSTS, SOCIAL, i, "alt", "{name} social notification: {subject}")


def disguised(ctx: Ctx, i: int) -> Thread:
    """A marketing email dressed as a personal note ("Hi Alex, quick question…")."""
    return _bulk(
        ctx,
        tpl.DISGUISED_PITCHES,
        DISGUISED,
        i,
        ("text", "alt")[i % 2],
        "Marketing email from {name} dressed as personal mail; it has List-Unsubscribe",
    )


def cold(ctx: Ctx, i: int) -> Thread:
    """Cold outreach from a recruiter or salesperson, sent through an outreach tool."""
    key, subject, body = tpl.COLD_OUTREACH[i % len(tpl.COLD_OUTREACH)]
    who = PEOPLE[key]
    clk = ctx.clock
    last = clk.on_day(clk.rng.randint(0, 20))
    n = 2 if key == "brad" else 1
    times = clk.chain(last, n, 40.0, 90.0)
    fields = ctx.fields(who, times[0], None)
    s = Sender(
        who.name, who.email, "CATEGORY_PERSONAL" if i % 2 else "CATEGORY_UPDATES", bulk=False
    )
    drafts = []
    for k, t in enumerate(times):
        text = (
            body if k == 0 else "Hi {me}, just bumping this to the top of your inbox. Any thoughts?"
        )
        drafts.append(_blast(ctx, s, text.format(**fields), t, "text"))
    why = f"Cold outreach from {who.name} ({who.domain}), unknown sender with List-Unsubscribe"
    return Thread(subject.format(**fields), drafts, False, "none", why)


def forum(ctx: Ctx, i: int) -> Thread:
    """A mailing list or forum thread sent to a list Alex is on."""
    idx, poster, subject, body = tpl.FORUM_POSTS[i % len(tpl.FORUM_POSTS)]
    s = FORUMS[idx]
    clk = ctx.clock
    n = 1 + clk.rng.randint(0, 2)
    times = clk.chain(clk.on_day(clk.rng.randint(0, 26), 0.0, 23.9), n, 1.0, 20.0)
    fields = ctx.fields(ctx.me, times[0], None)
    listaddr = Address(s.name, addr_spec=s.email)
    drafts = []
    for k, t in enumerate(times):
        name, text = (poster, body.format(**fields)) if k == 0 else FORUM_REPLIES[k - 1]
        headers = (
            ("List-Id", f"<{s.list_id}.{s.domain}>"),
            ("List-Post", f"<mailto:{s.email}>"),
            ("List-Unsubscribe", f"<mailto:{s.list_id}+unsubscribe@{s.domain}>"),
            ("Precedence", "list"),
            ("Mailing-list", f"list {s.email}"),
        )
        d = _blast(
            ctx, s, text, t, "text", extra=headers, listed=False, display=f"{name} via {s.name}"
        )
        d.to = (listaddr,)
        drafts.append(d)
    why = f"Post to the {s.name} list, not addressed to Alex"
    return Thread(subject.format(**fields), drafts, False, "none", why)


def notification(ctx: Ctx, i: int) -> Thread:
    """A no-reply notification (GitHub, Jira, bank, shipping, security, status page)."""
    key, subject, body = tpl.NOTIFICATIONS[i % len(tpl.NOTIFICATIONS)]
    s = NOTIFIERS[key]
    clk = ctx.clock
    n = 1 + clk.rng.randint(0, 2) if "PR #" in subject or key == "jira" else 1
    times = clk.chain(_any_time(ctx), n, 0.5, 30.0)
    fields = ctx.fields(ctx.me, times[0], None)
    display = {"github": "Sam Ortiz", "jira": "Jörg Schneider (Jira)"}.get(key, s.name)
    drafts = []
    for k, t in enumerate(times):
        text = (body if k == 0 else FOLLOW_UPS[key][k - 1]).format(**fields)
        review = key == "github" and "PR #" in subject
        extra: tuple[tuple[str, str], ...] = () if s.list_id else (AUTO,)
        footer = ""
        if key == "github":
            reason = "review_requested" if review else "subscribed"
            extra = (("X-GitHub-Reason", reason),)
            footer = (
                "You are receiving this because "
                + ("your review was requested." if review else "you are watching this repository.")
                + " Reply to this email directly or view it on GitHub."
            )
        d = _blast(
            ctx, s, text, t, "alt" if key == "github" else "text",
            extra=extra, listed=bool(s.list_id), display=display, footer=footer,
        )  # fmt: skip
        if review:
            d.cc = (Address("Review requested", addr_spec=GITHUB_REVIEW),)
        drafts.append(d)
    why = f"Automated {s.name} notification with no deadline for Alex"
    return Thread(subject.format(**fields), drafts, False, "none", why)


def _billing(
    ctx: Ctx, key: str, subject: str, body: str, sent: datetime, due: date | None, important: bool
) -> tuple[Draft, dict[str, str]]:
    """Build one receipt or bill from an automated billing sender."""
    s = BILLERS[key]
    fields = ctx.fields(ctx.me, sent, due)
    if due is not None:
        fields["date"] = long_date(due)
    fields["amount"] = f"£{ctx.clock.rng.uniform(*AMOUNTS[key]):,.2f}"
    footer = f"This is an automated message from {s.name}. Replies to this address are not read."
    d = _blast(
        ctx, s, body.format(**fields), sent, "alt", extra=(AUTO,), listed=False, footer=footer
    )
    d.labels = _auto_labels(ctx, s.category, sent, important)
    return d, fields


def receipt(ctx: Ctx, i: int) -> Thread:
    """A receipt for something already paid."""
    key, subject, body = tpl.RECEIPTS[i % len(tpl.RECEIPTS)]
    d, f = _billing(ctx, key, subject, body, _any_time(ctx), None, False)
    return Thread(
        subject.format(**f),
        [d],
        False,
        "none",
        f"{BILLERS[key].name} receipt for {f['amount']}, already paid",
    )


def bill_soon(ctx: Ctx, i: int) -> Thread:
    """A bill whose payment is due within 48 hours (deadline, important)."""
    key, subject, body = tpl.BILLS[(1, 2)[i % 2]]
    clk = ctx.clock
    due = clk.today + timedelta(days=clk.rng.choice((1, 1, 0)))
    d, f = _billing(ctx, key, subject, body, clk.on_day(clk.rng.randint(1, 6)), due, True)
    why = f"{BILLERS[key].name}: payment of {f['amount']} due on {f['date']} ({ctx.rel(due)})"
    return Thread(subject.format(**f), [d], True, "deadline", why)


def bill_later(ctx: Ctx, i: int) -> Thread:
    """A bill whose due date is well beyond 48 hours."""
    key, subject, body = tpl.BILLS[(0, 2, 1)[i % 3]]
    clk = ctx.clock
    due = clk.today + timedelta(days=clk.rng.randint(9, 20))
    d, f = _billing(ctx, key, subject, body, clk.on_day(clk.rng.randint(0, 5)), due, False)
    why = f"{BILLERS[key].name} bill due on {f['date']}, more than 48 hours away"
    return Thread(subject.format(**f), [d], False, "deadline", why)
