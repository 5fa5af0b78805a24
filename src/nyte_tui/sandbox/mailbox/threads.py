"""Thread scenarios of the generated mailbox: each builds one thread and its intended verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.headerregistry import Address

from nyte_tui.sandbox.mailbox import templates as tpl
from nyte_tui.sandbox.mailbox.people import (
    PEOPLE,
    Person,
)
from nyte_tui.sandbox.mailbox.render import (
    MONTHS,
    WEEKDAYS,
    Clock,
    Draft,
    attachment,
    business_days_between,
    long_date,
    to_html,
)
from nyte_tui.sandbox.seedtypes import ExpectedKind

GENERIC_WHO = ("sam", "priya", "jorg", "mei", "tom", "dana", "jose", "karen", "olu")


@dataclass
class Thread:
    """One generated thread: its subject, its messages and the intended triage verdict."""

    subject: str
    drafts: list[Draft]
    important: bool
    kind: ExpectedKind
    why: str


@dataclass
class Ctx:
    """What every scenario needs: the clock and the mailbox owner."""

    clock: Clock
    me: Person

    def addr(self, p: Person) -> Address:
        """Return the mail address of a person."""
        return Address(p.name, addr_spec=p.email)

    def chance(self, p: float) -> bool:
        """Return True with probability p, from the mailbox's random source."""
        return self.clock.rng.random() < p

    def rel(self, d: date) -> str:
        """Say how far a date is from today ("today", "tomorrow", "in 3 days")."""
        days = (d - self.clock.today).days
        return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")

    def fields(self, them: Person, sent: datetime, due: date | None) -> dict[str, str]:
        """Return the placeholder values for one thread's templates."""
        rng = self.clock.rng
        sd = sent.astimezone(self.clock.tz).date()
        ahead = 7 - sd.weekday() + 6 if sd.weekday() >= 4 else 6 - sd.weekday()
        sunday = sd + timedelta(days=ahead)
        day = sd + timedelta(days=rng.randint(2, 5))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        dl = due or sd + timedelta(days=rng.randint(3, 6))
        return {
            "me": self.me.given,
            "them": them.given,
            "them_name": them.given,
            "deadline": self.clock.deadline_phrase(sd, dl),
            "dl_day": WEEKDAYS[dl.weekday()],
            "date": long_date(sd + timedelta(days=rng.randint(14, 40))),
            "day": WEEKDAYS[day.weekday()],
            "sunday": long_date(sunday),
            "month": MONTHS[sd.month % 12],
            "n": str(rng.randint(120, 4800)),
            "small": str(rng.randint(3, 38)),
            "amount": f"£{rng.uniform(6, 180):.2f}",
            "time": (sent - timedelta(minutes=25)).astimezone(self.clock.tz).strftime("%H:%M"),
            "topic": rng.choice(tpl.TOPICS),
        }


def _quote(ctx: Ctx, prev: Draft) -> str:
    """Return a Gmail-style quotation of the previous message."""
    when = prev.when.astimezone(ctx.clock.tz)
    head = (
        f"On {when.strftime('%a')}, {when.day} {when.strftime('%b %Y')} at "
        f"{when.strftime('%H:%M')}, {prev.sender.display_name} <{prev.sender.addr_spec}> wrote:"
    )
    return "\n\n" + head + "\n" + "\n".join("> " + line for line in prev.text.splitlines())


def convo(
    ctx: Ctx,
    c: tpl.Convo,
    who: Person,
    times: list[datetime],
    fields: dict[str, str],
    *,
    cc_only: bool = False,
    important: float = 0.5,
    unread: bool = False,
) -> list[Draft]:
    """Render a person-to-person conversation template into drafts."""
    others = tuple(ctx.addr(PEOPLE[k]) for k in c.to if PEOPLE[k] != who)
    cc = tuple(ctx.addr(PEOPLE[k]) for k in c.cc if PEOPLE[k] != who)
    me, them = ctx.addr(ctx.me), ctx.addr(who)
    marked = ctx.chance(important)
    starred = ctx.chance(0.06)
    attach_at = next((i for i, (_, body) in enumerate(c.turns) if "attach" in body.lower()), 0)
    drafts: list[Draft] = []
    last_me = max((i for i, (s, _) in enumerate(c.turns) if s == tpl.ME), default=-1)
    for i, (speaker, body) in enumerate(c.turns):
        text = body.format(**fields)
        if drafts and ctx.chance(0.5):
            text += _quote(ctx, drafts[-1])
        files: tuple[tuple[str, bytes], ...] = ()
        if c.attach and i == attach_at:
            files = (attachment(c.attach, c.subject.format(**fields), times[i]),)
        if speaker == tpl.ME:
            drafts.append(
                Draft(me, (them, *others), text, ("SENT",), times[i], cc=cc, attachments=files)
            )
            continue
        labels = ["INBOX", "CATEGORY_PERSONAL"]
        if marked:
            labels.append("IMPORTANT")
        if starred:
            labels.append("STARRED")
        if unread and i > last_me:
            labels.append("UNREAD")
        to, copy = ((*others,), (me, *cc)) if cc_only else ((me, *others), cc)
        drafts.append(
            Draft(
                them,
                to,
                text,
                tuple(labels),
                times[i],
                cc=copy,
                html=to_html(text) if c.html else "",
                attachments=files,
            )
        )
    return drafts


def _pick_who(ctx: Ctx, c: tpl.Convo) -> Person:
    """Return the correspondent of a template, picking one for generic templates."""
    return PEOPLE[ctx.clock.rng.choice(GENERIC_WHO) if c.who == "?" else c.who]


def recent(ctx: Ctx, t: datetime) -> bool:
    """Return True for messages from the last three days."""
    return ctx.clock.now - t < timedelta(days=3)


def _ask(ctx: Ctx, c: tpl.Convo, extra: str = "") -> Thread:
    """Build an unanswered direct ask to Alex (needs_reply, important)."""
    clk = ctx.clock
    rng = clk.rng
    who = _pick_who(ctx, c)
    due: date | None = None
    if c.deadline == "soon":
        due = clk.today + timedelta(days=rng.choice((0, 1, 1)))
        last = clk.on_day((clk.today - due).days + rng.choice((1, 2)))
    elif c.deadline == "later":
        due = clk.today + timedelta(days=rng.randint(6, 14))
        last = clk.on_day(rng.randint(0, 4))
    else:
        last = clk.on_day(rng.randint(0, 5))
    times = clk.chain(last, len(c.turns))
    fields = ctx.fields(who, last, due)
    drafts = convo(ctx, c, who, times, fields, important=0.85, unread=ctx.chance(0.8))
    if due is not None:
        fields["deadline"] = f"by {long_date(due)}"
    why = c.why.format(**fields)
    if due is not None and (due - clk.today).days <= 2:
        why += f" (due {ctx.rel(due)})"
    return Thread(c.subject.format(**fields), drafts, True, "needs_reply", why + extra)


def work_ask(ctx: Ctx, i: int) -> Thread:
    """A colleague, manager, customer or lawyer asks Alex something directly."""
    return _ask(ctx, tpl.WORK_ASKS[i % len(tpl.WORK_ASKS)])


def family_ask(ctx: Ctx, i: int) -> Thread:
    """Family or a close friend asks Alex something directly."""
    return _ask(ctx, tpl.FAMILY_ASKS[i % len(tpl.FAMILY_ASKS)])


def outage(ctx: Ctx, i: int) -> Thread:
    """A customer reports a live outage and asks for an ETA (critical)."""
    clk = ctx.clock
    first = clk.clamp(clk.now - timedelta(minutes=clk.rng.randint(70, 180)))
    times = [first, first + timedelta(minutes=40)]
    who = PEOPLE[tpl.OUTAGE.who]
    fields = ctx.fields(who, first, None)
    drafts = convo(ctx, tpl.OUTAGE, who, times, fields, important=1.0, unread=True)
    why = tpl.OUTAGE.why.format(**fields) + " (customer outage, critical)"
    return Thread(tpl.OUTAGE.subject, drafts, True, "needs_reply", why)


def _alex_waits(ctx: Ctx, c: tpl.Convo, last: datetime) -> tuple[Thread, int]:
    """Build a thread whose last message is Alex's question; return it with business days."""
    who = _pick_who(ctx, c)
    times = ctx.clock.chain(last, len(c.turns))
    fields = ctx.fields(who, times[0], None)
    drafts = convo(ctx, c, who, times, fields, important=0.5)
    days = business_days_between(last.astimezone(ctx.clock.tz).date(), ctx.clock.today)
    return Thread(c.subject.format(**fields), drafts, False, "none", c.why.format(**fields)), days


def awaiting_old(ctx: Ctx, i: int) -> Thread:
    """Alex asked something at least four business days ago and nobody answered."""
    c = tpl.ALEX_ASKS[i % len(tpl.ALEX_ASKS)]
    last = ctx.clock.business_days_ago(ctx.clock.rng.randint(4, 9))
    t, days = _alex_waits(ctx, c, last)
    sent = long_date(last.astimezone(ctx.clock.tz).date())
    t.important, t.kind = True, "awaiting_reply"
    t.why += f" on {sent}; no reply after {days} business days"
    return t


def awaiting_recent(ctx: Ctx, i: int) -> Thread:
    """Alex asked something within the last day or so; too early to nudge."""
    c = tpl.ALEX_ASKS[(i + 3) % len(tpl.ALEX_ASKS)]
    clk = ctx.clock
    last = clk.clamp(clk.now - timedelta(hours=clk.rng.uniform(1.0, 26.0)))
    t, days = _alex_waits(ctx, c, last)
    ago = "earlier today" if days == 0 else f"{days} business day{'s' * (days > 1)} ago"
    t.why += f" {ago}; under 3 business days, too early for a follow-up"
    return t


def _settled(ctx: Ctx, pool: tuple[tpl.Convo, ...], i: int, cc_only: bool = False) -> Thread:
    """Build a thread that needs nothing from Alex (answered, FYI or cc-only)."""
    c = pool[i % len(pool)]
    clk = ctx.clock
    who = _pick_who(ctx, c)
    last = clk.on_day(clk.rng.randint(0, 27))
    times = clk.chain(last, len(c.turns))
    fields = ctx.fields(who, times[0], None)
    p_important = 0.7 if who.role in ("ceo", "manager") else 0.35
    drafts = convo(
        ctx,
        c,
        who,
        times,
        fields,
        cc_only=cc_only,
        important=p_important,
        unread=recent(ctx, last) and ctx.chance(0.6),
    )
    return Thread(c.subject.format(**fields), drafts, False, "none", c.why.format(**fields))


def answered(ctx: Ctx, i: int) -> Thread:
    """An inbound ask Alex already answered (possibly followed by a thank-you)."""
    return _settled(ctx, tpl.ANSWERED + tpl.GENERIC_ANSWERED, i)


def fyi(ctx: Ctx, i: int) -> Thread:
    """Mail from a person that keeps Alex informed and asks nothing."""
    return _settled(ctx, tpl.FYIS + tpl.GENERIC_FYIS, i)


def cc_only(ctx: Ctx, i: int) -> Thread:
    """Mail addressed to someone else with Alex only on Cc (including the CEO's)."""
    return _settled(ctx, tpl.CC_ONLY, i, cc_only=True)


def alex_note(ctx: Ctx, i: int) -> Thread:
    """Alex's own outbound note that asks nothing."""
    return _settled(ctx, tpl.ALEX_NOTES, i)
