"""Subject and body templates for the generated mailbox, written to read like real mail.

Placeholders: {me} (the user's first name), {them} (the sender's greeting name), {deadline}
(a phrase such as "before EOD tomorrow"), {dl_day} (the deadline's weekday), {date} (a date in
the text), {sunday} (the coming Sunday), {n} and {small} (numbers), {amount} (money), {day} (a
weekday), {month}, {time} and {topic} (a work topic). A Convo whose `who` is "?" is sent by a
teammate or customer picked per thread, and its `why` may use {them_name}.
"""

from __future__ import annotations

from dataclasses import dataclass

ME = "me"
THEM = "them"


@dataclass(frozen=True)
class Convo:
    """One person-to-person thread: who writes, the subject, the turns and the intended verdict."""

    who: str
    subject: str
    turns: tuple[tuple[str, str], ...]
    why: str
    deadline: str = ""
    attach: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    html: bool = False


SIGN = "\n\nThanks,\n{me}"

# Direct asks to Alex from people who matter, still unanswered: important, needs_reply.
WORK_ASKS: tuple[Convo, ...] = (
    Convo(
        "dana",
        "Q3 contract: can you sign by {dl_day}?",
        (
            (
                THEM,
                "Hi {me},\n\nLegal has cleared the Q3 contract with Acme (final version "
                "attached). Could you review and sign it {deadline}? Ruth wants it "
                "countersigned before the quarter closes.\n\nThanks,\nDana",
            ),
        ),
        "Dana asked Alex to sign the Q3 Acme contract {deadline}",
        deadline="soon",
        attach="pdf",
    ),
    Convo(
        "sam",
        "Launch slides for {dl_day}",
        (
            (
                THEM,
                "Hey {me},\n\nCould you send me the final launch slides {deadline}? I want to "
                "do a dry run with Priya before the customer preview. If the pricing slide "
                "isn't settled yet, just send what you have.\n\nSam",
            ),
        ),
        "Sam needs the final launch slides from Alex {deadline}",
        deadline="soon",
    ),
    Convo(
        "priya",
        "Pricing page headline: A or B?",
        (
            (
                THEM,
                "Hi {me},\n\nWe need to lock the pricing page copy this week. Which headline "
                'do you prefer?\n\nA: "Plans that grow with your team"\nB: "Simple pricing. '
                "No surprises.\"\n\nI lean towards B, but it's your call.\n\nPriya",
            ),
        ),
        "Priya asked Alex to choose the pricing page headline",
        html=True,
    ),
    Convo(
        "dana",
        "H2 headcount ask",
        (
            (
                THEM,
                "Hi {me},\n\nCan you put together your headcount request for H2 {deadline}? "
                "One line per role with the reason and the quarter you need them in is "
                "enough for now.\n\nDana",
            ),
        ),
        "Dana (VP) asked Alex for the H2 headcount request {deadline}",
        deadline="later",
    ),
    Convo(
        "jose",
        "SSO for our tenant: timeline?",
        (
            (
                THEM,
                "Hi {me},\n\nOur security team is asking whether SAML SSO will be available "
                "for the Acme tenant by {date}. Could you confirm the timeline, or tell me if "
                "we should plan a workaround?\n\nSaludos,\nJosé Müller\nHead of IT, Acme",
            ),
        ),
        "José (Acme, customer) asked Alex to confirm the SSO timeline",
        html=True,
    ),
    Convo(
        "karen",
        "Renewal terms: question on the uplift",
        (
            (
                THEM,
                "Hi {me},\n\nWe're reviewing the renewal paperwork. Can you clarify whether "
                "the 12% uplift includes the analytics add-on, or is that billed separately? "
                "I need to take this to procurement on {date}.\n\nBest,\nKaren",
            ),
        ),
        "Karen (Globex, customer) asked Alex about the renewal uplift before procurement",
    ),
    Convo(
        "rebecca",
        "DPA redlines: your decision on clause 7.2",
        (
            (
                THEM,
                "{me},\n\nGlobex's counsel pushed back on clause 7.2 (sub-processor notice "
                "period, 30 days down to 10). Please confirm {deadline} whether we can accept "
                "10 days; otherwise I will hold our position.\n\nBest regards,\nRebecca Stone"
                "\nStone & Partners LLP",
            ),
        ),
        "Rebecca (lawyer) needs Alex's decision on DPA clause 7.2 {deadline}",
        deadline="soon",
    ),
    Convo(
        "jorg",
        "v1 API deprecation: still on for {date}?",
        (
            (
                THEM,
                "Hi {me},\n\nAre we still good to announce the v1 API deprecation for {date}? "
                "I need a yes or no {deadline} so I can send the customer notice.\n\nJörg",
            ),
        ),
        "Jörg needs a yes/no from Alex on the v1 API deprecation {deadline}",
        deadline="soon",
    ),
    Convo(
        "sam",
        "Activation numbers for the board deck",
        (
            (
                ME,
                "Hi Sam,\n\nCould you pull last month's activation numbers for the board deck?"
                + SIGN,
            ),
            (
                THEM,
                "Here they are: 1,284 new workspaces, 41% activated within 7 days (up from "
                "36%). Do you want me to split them by plan as well?\n\nSam",
            ),
        ),
        "Sam sent the activation numbers and asked Alex whether to split them by plan",
    ),
    Convo(
        "priya",
        "Roadmap review prep",
        (
            (
                THEM,
                "Hi {me}, the roadmap review is booked. Anything you want me to add to the "
                "agenda?\n\nPriya",
            ),
            (ME, "Thanks Priya, please add the export feature and the SSO timeline." + SIGN),
            (
                THEM,
                "Done. One more thing: can you review the Q3 OKR draft {deadline}? It's two "
                "pages, in the shared folder.\n\nPriya",
            ),
        ),
        "Priya asked Alex to review the Q3 OKR draft {deadline}",
        deadline="soon",
    ),
    Convo(
        "mei",
        "日本語ローカライズの確認をお願いします",
        (
            (
                THEM,
                "Hi {me},\n\nThe Japanese glossary (日本語の用語集) is ready. Could you approve "
                "it so the agency can start on the help centre? They need a go-ahead "
                "{deadline}.\n\nありがとうございます,\nMei",
            ),
        ),
        "Mei asked Alex to approve the Japanese localisation glossary {deadline}",
        deadline="later",
    ),
    Convo(
        "dana",
        "Board deck: your product section",
        (
            (
                THEM,
                "Hi {me},\n\nCan you send me your three product slides for the board deck "
                "{deadline}? Keep it to wins, misses and the H2 bets.\n\nDana",
            ),
        ),
        "Dana asked Alex for the board deck product slides {deadline}",
        deadline="soon",
    ),
    Convo(
        "tom",
        "Approval needed: DesignHub renewal PO",
        (
            (
                THEM,
                "Hi {me},\n\nThe DesignHub renewal (£14,400 a year, 40 seats) needs your "
                "approval as budget owner. Can you approve the PO {deadline}? Finance closes "
                "the month right after.\n\nThanks,\nTom",
            ),
        ),
        "Tom (finance) needs Alex to approve the £14,400 DesignHub PO {deadline}",
        deadline="soon",
    ),
    Convo(
        "olu",
        "Intro to our new CTO",
        (
            (
                THEM,
                "Hi {me},\n\nOur new CTO, Grace Obi, started this month and would love to hear "
                "about your roadmap. Would you have 30 minutes next week? Which days work for "
                "you?\n\nBest,\nOlu",
            ),
        ),
        "Olu (Acme, customer) asked Alex for a call with their new CTO",
        html=True,
    ),
    Convo(
        "karen",
        "Pilot: CSV export cuts off at 10,000 rows",
        (
            (
                ME,
                "Hi Karen,\n\nThe pilot workspace is ready; the login links went out this "
                "morning." + SIGN,
            ),
            (
                THEM,
                "Thanks! We found one issue: the CSV export stops at 10,000 rows. Is that a "
                "known limit, and can it be raised for the pilot?\n\nKaren",
            ),
        ),
        "Karen (Globex) reported a pilot export limit and asked Alex whether it can be raised",
    ),
    Convo(
        "sam",
        "Can you cover #launch on {day}?",
        (
            (
                THEM,
                "Hi {me},\n\nI'm at the dentist on {day} morning. Could you keep an eye on "
                "#launch until noon? Let me know if that's a problem.\n\nSam",
            ),
        ),
        "Sam asked Alex to cover the launch channel on {day}",
    ),
    Convo(
        "priya",
        "Interview panel: senior designer",
        (
            (
                THEM,
                "Hi {me},\n\nCould you join the interview panel on {day} at 2pm? We need a "
                "product voice on the loop. If you can't, who should I ask instead?\n\nPriya",
            ),
        ),
        "Priya asked Alex to join the senior designer interview panel on {day}",
    ),
    Convo(
        "jose",
        "Data residency question from our DPO",
        (
            (
                THEM,
                "Hi {me},\n\nOur DPO asks whether all Acme data, including backups, is stored "
                "in the EU. Could you confirm in writing {deadline}? We need it for the annual "
                "audit.\n\nGracias,\nJosé",
            ),
        ),
        "José (Acme, customer) needs written confirmation of EU data residency {deadline}",
        deadline="soon",
        html=True,
    ),
)

# Family asks: a real person, addressed directly, with a question; important, needs_reply.
FAMILY_ASKS: tuple[Convo, ...] = (
    Convo(
        "jamie",
        "Can you pick up Leo tomorrow?",
        (
            (
                THEM,
                "Hey love, my train is delayed tomorrow. Can you pick up Leo from football at "
                "5pm? Let me know {deadline} so I can tell the coach.\n\nJ x",
            ),
        ),
        "Jamie asked Alex to pick up Leo from football; needs an answer {deadline}",
        deadline="soon",
    ),
    Convo(
        "linda",
        "Sunday lunch?",
        (
            (
                THEM,
                "Hi darling,\n\nAre you and Jamie coming for lunch on {sunday}? I'd like "
                "to know how many to cook for.\n\nLove,\nMom",
            ),
        ),
        "Mom asked whether Alex is coming to Sunday lunch on {sunday}",
    ),
    Convo(
        "jamie",
        "Dentist bill: can you transfer today?",
        (
            (
                THEM,
                "The dentist invoice came (£120, attached). Can you transfer it {deadline}? "
                "It's in your name this time.\n\nJ",
            ),
        ),
        "Jamie asked Alex to pay the £120 dentist bill {deadline}",
        deadline="soon",
        attach="pdf",
    ),
    Convo(
        "anna",
        "Привет! Ты в Берлине в следующем месяце?",
        (
            (
                THEM,
                "Привет, {me}!\n\nAre you really in Berlin on {date}? Shall I book a table at "
                "that Georgian place for the two of us?\n\nЦелую,\nАня",
            ),
        ),
        "Anna asked Alex whether to book dinner in Berlin on {date}",
    ),
)

# Inbound ask, Alex replied; an optional third turn is a thank-you with no new ask.
ANSWERED: tuple[Convo, ...] = (
    Convo(
        "sam",
        "Can you join the Acme call on {day}?",
        (
            (
                THEM,
                "Hi {me}, can you join the Acme call on {day} at 3pm? José wants to talk "
                "about the roadmap.\n\nSam",
            ),
            (ME, "Yes, I'll be there. I'll bring the roadmap slides." + SIGN),
            (THEM, "Great, thanks!\n\nSam"),
        ),
        "Alex already told Sam they will join the Acme call",
    ),
    Convo(
        "priya",
        "Copy review: onboarding emails",
        (
            (
                THEM,
                "Hi {me},\n\nCould you take a look at the three onboarding emails before "
                "they go to the agency?\n\nPriya",
            ),
            (ME, "Looks good, ship it. One nit on email 2: say 'workspace', not 'project'." + SIGN),
            (THEM, "Perfect, fixed and sent. Thank you!\n\nPriya"),
        ),
        "Alex already approved the onboarding emails; Priya only said thanks",
        html=True,
    ),
    Convo(
        "dana",
        "Quick check: offsite dates",
        (
            (THEM, "Hi {me}, does the week of {date} work for the product offsite?\n\nDana"),
            (ME, "That week works. I'd avoid the Monday because of the Acme QBR." + SIGN),
        ),
        "Alex already confirmed the offsite week to Dana",
    ),
    Convo(
        "jorg",
        "Which analytics events do we need for export?",
        (
            (
                THEM,
                "Hi {me},\n\nWhich analytics events do you want for the export feature? "
                "I'd like to add them in this sprint.\n\nJörg",
            ),
            (
                ME,
                "Export started, export completed, export failed (with the reason). That's "
                "it for v1." + SIGN,
            ),
            (THEM, "Noted, will do.\n\nJörg"),
        ),
        "Alex already answered Jörg's question about export analytics",
    ),
    Convo(
        "karen",
        "Invoice address change",
        (
            (
                THEM,
                "Hi {me},\n\nCan you update our invoice address to 200 Aldersgate Street, "
                "London EC1A 4HD?\n\nThanks,\nKaren",
            ),
            (
                ME,
                "Done: finance has updated it and the next invoice will use the new address."
                + SIGN,
            ),
        ),
        "Alex already handled Karen's invoice address change",
    ),
    Convo(
        "tom",
        "Q2 actuals for product",
        (
            (THEM, "Hi {me}, could you send me the Q2 actuals for the product budget?\n\nTom"),
            (ME, "Attached. Contractors came in 6% under plan." + SIGN),
        ),
        "Alex already sent Tom the Q2 actuals",
        attach="xlsx",
    ),
    Convo(
        "mei",
        "Icon set: final?",
        (
            (THEM, "Hi {me}, is this the final icon set, or do you want another round?\n\nMei"),
            (ME, "Final. Thanks Mei, these are lovely." + SIGN),
            (THEM, "Yay! Thanks 😊\n\nMei"),
        ),
        "Alex already approved the icon set; Mei only said thanks",
    ),
    Convo(
        "rebecca",
        "NDA with Initech: signatory",
        (
            (THEM, "{me}, who should sign the Initech NDA on your side?\n\nRebecca"),
            (ME, "I'll sign it. Please send it over via DocuSign." + SIGN),
            (THEM, "Sent via DocuSign just now.\n\nBest regards,\nRebecca"),
        ),
        "Alex already answered Rebecca; her last note is an FYI that DocuSign was sent",
    ),
    Convo(
        "jamie",
        "Dinner with the Patels: Saturday or Sunday?",
        (
            (THEM, "Saturday or Sunday for dinner with the Patels?\n\nJ x"),
            (ME, "Saturday works better for me! x"),
        ),
        "Alex already answered Jamie about the dinner",
    ),
    Convo(
        "linda",
        "Did you get the parcel?",
        (
            (THEM, "Hi darling, did the parcel arrive? Love, Mom"),
            (ME, "Got it, thank you! Leo loves the jumper. x"),
            (THEM, "Oh good! Love you both.\n\nMom"),
        ),
        "Alex already answered Mom; her last message needs nothing",
    ),
    Convo(
        "anna",
        "Привет! Ты будешь в Берлине?",
        (
            (THEM, "Привет! Will you be in Berlin in {month}?\n\nАня"),
            (ME, "Привет, Аня! Yes, from the 12th. Let's get coffee. x"),
        ),
        "Alex already answered Anna",
    ),
    Convo(
        "jose",
        "Seat count for the renewal",
        (
            (
                THEM,
                "Hi {me},\n\nHow many seats are in our current contract? Procurement asked."
                "\n\nJosé",
            ),
            (ME, "You have 140 seats until the end of the term." + SIGN),
            (THEM, "Thank you, that's all I needed.\n\nJosé"),
        ),
        "Alex already answered José's seat count question",
        html=True,
    ),
)

TOPICS = (
    "export feature",
    "SSO rollout",
    "mobile beta",
    "pricing experiment",
    "Q3 OKRs",
    "onboarding revamp",
    "analytics dashboard",
    "API v2 launch",
    "Acme renewal",
    "Globex pilot",
    "help centre migration",
    "search relevance work",
    "billing migration",
    "accessibility audit",
)

GENERIC_ANSWERED: tuple[Convo, ...] = (
    Convo(
        "?",
        "Quick question about the {topic}",
        (
            (
                THEM,
                "Hi {me}, quick question about the {topic}: are we still aiming for {date}, or "
                "has it slipped?\n\n{them}",
            ),
            (ME, "Still {date}. I'll flag it if that changes." + SIGN),
            (THEM, "Great, thanks.\n\n{them}"),
        ),
        "Alex already answered {them_name}'s question about the {topic}",
    ),
    Convo(
        "?",
        "Can we move the {topic} review?",
        (
            (
                THEM,
                "Hi {me},\n\nCould we move the {topic} review to {day}? Something came up."
                "\n\n{them}",
            ),
            (ME, "{day} works, I've moved the invite." + SIGN),
        ),
        "Alex already agreed to move the {topic} review",
    ),
    Convo(
        "?",
        "Status of the {topic}?",
        (
            (
                THEM,
                "Hi {me}, what's the latest on the {topic}? It came up in my leadership "
                "meeting.\n\n{them}",
            ),
            (
                ME,
                "On track: design is done, engineering is halfway, and we demo it on {day}." + SIGN,
            ),
            (THEM, "Perfect, passing that on.\n\n{them}"),
        ),
        "Alex already gave {them_name} a status update on the {topic}",
    ),
    Convo(
        "?",
        "Feedback on the {topic} doc",
        (
            (
                THEM,
                "Hi {me},\n\nDid you get a chance to read my doc on the {topic}? I'd love your "
                "comments.\n\n{them}",
            ),
            (ME, "Yes, I left comments inline. The main one: let's cut scope for v1." + SIGN),
        ),
        "Alex already sent feedback on {them_name}'s {topic} doc",
        html=True,
    ),
)

GENERIC_FYIS: tuple[Convo, ...] = (
    Convo(
        "?",
        "Weekly update: {topic}",
        (
            (
                THEM,
                "Hi all,\n\nWeekly update on the {topic}: on track, two bugs fixed, demo on {day}. "
                "No blockers.\n\n{them}",
            ),
        ),
        "{them_name}'s weekly update on the {topic} has no ask",
        to=("priya",),
    ),
    Convo(
        "?",
        "Decision log: {topic}",
        (
            (
                THEM,
                "Logging the decision from today's meeting: we'll keep the {topic} behind a "
                "feature flag for the first two weeks.\n\n{them}",
            ),
        ),
        "{them_name} logged a decision on the {topic}; nothing needed",
    ),
    Convo(
        "?",
        "Recording of the {topic} session",
        (
            (
                THEM,
                "In case you missed it, the recording of the {topic} session is on the shared "
                "drive.\n\n{them}",
            ),
        ),
        "{them_name} shared a recording; no ask",
    ),
)

# Colleagues and customers keeping Alex informed, with no ask: not important.
FYIS: tuple[Convo, ...] = (
    Convo(
        "dana",
        "Great work on the Acme demo",
        (
            (
                THEM,
                "{me}, Ruth mentioned the Acme demo went really well. Nice work, and thanks "
                "for pulling it together at short notice.\n\nDana",
            ),
        ),
        "Dana's note is praise for the Acme demo, with no ask",
    ),
    Convo(
        "sam",
        "Heads up: release moved to {day}",
        (
            (
                THEM,
                "FYI: the release train moved to {day} because of the database migration. "
                "Nothing needed from you; I'll post in #launch when it's out.\n\nSam",
            ),
        ),
        "Sam's heads-up about the release date needs nothing from Alex",
    ),
    Convo(
        "priya",
        "Notes from the customer council",
        (
            (
                THEM,
                "Sharing my notes from the customer council (attached). Top themes: exports, "
                "SSO and mobile. No action needed; we'll go through them at the roadmap review."
                "\n\nPriya",
            ),
        ),
        "Priya shared customer council notes; no action needed",
        attach="pdf",
    ),
    Convo(
        "jorg",
        "Incident review: last week's latency spike",
        (
            (
                THEM,
                "The write-up is done and in Confluence. Root cause was a missing index on "
                "events.created_at; fixed and back-filled. No customer impact beyond the 12 "
                "minutes.\n\nJörg",
            ),
        ),
        "Jörg's incident write-up is informational",
    ),
    Convo(
        "tom",
        "Travel policy update",
        (
            (
                THEM,
                "Hi all,\n\nFinance has updated the travel policy: economy for flights under 6 "
                "hours, and hotels up to £180 a night in London. Effective from {date}.\n\nTom",
            ),
        ),
        "Tom's travel policy update is an FYI",
        to=("sam", "priya"),
    ),
    Convo(
        "jose",
        "Signed order form",
        (
            (
                THEM,
                "Hi {me},\n\nAttached is the countersigned order form for the 40 additional "
                "seats. Nothing needed from you, just for your records.\n\nBest,\nJosé",
            ),
        ),
        "José sent the countersigned order form for Alex's records; nothing needed",
        attach="pdf",
        html=True,
    ),
    Convo(
        "mei",
        "New onboarding illustrations",
        (
            (
                THEM,
                "Dropped the final onboarding illustrations into the design folder. These "
                "are the ones we agreed on {day}.\n\nMei",
            ),
        ),
        "Mei's illustrations update needs nothing from Alex",
    ),
    Convo(
        "karen",
        "Thanks for the QBR",
        (
            (
                THEM,
                "Hi {me},\n\nThanks for a productive QBR. The team was very happy with the "
                "roadmap preview. Talk soon.\n\nKaren",
            ),
        ),
        "Karen's thank-you after the QBR has no ask",
        html=True,
    ),
    Convo(
        "jamie",
        "Flights for Lisbon",
        (
            (
                THEM,
                "Booked! Flights attached, I added them to the calendar too. Leaving "
                "{date}.\n\nJ x",
            ),
        ),
        "Jamie's flight confirmation is an FYI",
        attach="ics",
    ),
    Convo(
        "linda",
        "Photos from Sunday",
        ((THEM, "Here are some photos from Sunday. Leo looks so grown up!\n\nLove,\nMom"),),
        "Mom shared photos; no question",
        attach="jpg",
    ),
    Convo(
        "anna",
        "Привет из Берлина",
        (
            (
                THEM,
                "Привет, {me}! Just landed in Berlin, the weather is wonderful. Talk soon!\n\nАня",
            ),
        ),
        "Anna's hello from Berlin has no ask",
    ),
)

# Someone else is asked; Alex is only copied: not important.
CC_ONLY: tuple[Convo, ...] = (
    Convo(
        "ruth",
        "Q3 numbers for the board",
        (
            (
                THEM,
                "Dana, can you send me the Q3 pipeline numbers by {day}? Copying Alex for the "
                "product context.\n\nRuth",
            ),
        ),
        "Ruth (CEO) asked Dana, not Alex; Alex is only on Cc",
        to=("dana",),
    ),
    Convo(
        "sam",
        "Export timeout: fix deployed",
        (
            (
                THEM,
                "José, the fix for the export timeout is deployed. Could you confirm it works "
                "on your side? (Copying Alex for visibility.)\n\nSam",
            ),
        ),
        "Sam asked José to confirm the fix; Alex is only on Cc",
        to=("jose",),
    ),
    Convo(
        "priya",
        "Research panel invoice",
        (
            (
                THEM,
                "Tom, can you process the attached invoice from the research panel? Alex "
                "approved the budget last month.\n\nPriya",
            ),
        ),
        "Priya asked Tom to process an invoice; Alex is only on Cc",
        to=("tom",),
        attach="pdf",
    ),
    Convo(
        "dana",
        "Hiring plan v2",
        (
            (
                THEM,
                "Ruth, updated hiring plan attached. Alex and I aligned on the product roles."
                "\n\nDana",
            ),
        ),
        "Dana's hiring plan went to Ruth; Alex is only on Cc",
        to=("ruth",),
        attach="xlsx",
    ),
    Convo(
        "karen",
        "Globex pilot: user list",
        ((THEM, "Sam, here's the list of 25 pilot users. Can you set them up by {day}?\n\nKaren"),),
        "Karen asked Sam to set up pilot users; Alex is only on Cc",
        to=("sam",),
    ),
    Convo(
        "ruth",
        "Offsite venue shortlist",
        (
            (
                THEM,
                "Priya, thanks for the shortlist. Let's go with the Hackney venue. Copying Alex "
                "and Dana so they can plan around it.\n\nRuth",
            ),
        ),
        "Ruth's venue decision is addressed to Priya; Alex is only on Cc",
        to=("priya",),
        cc=("dana",),
    ),
)

# Alex asked something and is waiting; used for both awaiting_reply (old) and too-early cases.
ALEX_ASKS: tuple[Convo, ...] = (
    Convo(
        "karen",
        "Pilot feedback from your team?",
        (
            (
                ME,
                "Hi Karen,\n\nNow that the pilot has run for two weeks, could you share your "
                "team's feedback? Even a few bullet points would help us plan the next sprint."
                + SIGN,
            ),
        ),
        "Alex asked Karen (Globex) for pilot feedback",
    ),
    Convo(
        "rebecca",
        "Question on the Initech NDA",
        (
            (
                ME,
                "Hi Rebecca,\n\nDoes the mutual NDA with Initech cover the roadmap material we "
                "plan to share at the workshop, or do we need a separate confidentiality clause?"
                + SIGN,
            ),
        ),
        "Alex asked Rebecca whether the Initech NDA covers the roadmap material",
    ),
    Convo(
        "jorg",
        "Rough estimate for bulk export?",
        (
            (
                ME,
                "Hi Jörg,\n\nCould you give me a rough estimate (a t-shirt size is fine) for "
                "bulk export to S3? I want to put it in the H2 plan." + SIGN,
            ),
        ),
        "Alex asked Jörg for a bulk export estimate",
    ),
    Convo(
        "jose",
        "Reference call for Globex?",
        (
            (
                ME,
                "Hi José,\n\nWould you be willing to do a 20-minute reference call with Globex's "
                "procurement team sometime next week?" + SIGN,
            ),
        ),
        "Alex asked José for a reference call",
    ),
    Convo(
        "tom",
        "Moving budget from events to research",
        (
            (
                ME,
                "Hi Tom,\n\nCan we move £8,000 from the events budget to the research panel? I "
                "need your OK before I sign the agency SOW." + SIGN,
            ),
        ),
        "Alex asked Tom to approve moving £8,000 of budget",
    ),
    Convo(
        "priya",
        "Beta banner on the dashboard",
        (
            (THEM, "Hi {me}, do we still want the beta banner on the dashboard?\n\nPriya"),
            (
                ME,
                "Good question. What did the usage data show for banner clicks? If it's under "
                "2%, let's remove it." + SIGN,
            ),
        ),
        "Alex asked Priya for the banner click data",
    ),
    Convo(
        "olu",
        "Case study draft for review",
        (
            (
                ME,
                "Hi Olu,\n\nAttached is the draft case study. Could you check the numbers and "
                "let me know if Acme is happy for us to publish it?" + SIGN,
            ),
        ),
        "Alex asked Olu to approve the Acme case study",
        attach="pdf",
    ),
)

# Alex's own notes with no question: nothing to wait for.
ALEX_NOTES: tuple[Convo, ...] = (
    Convo(
        "sam",
        "Notes from today's roadmap review",
        (
            (
                ME,
                "Hi all,\n\nNotes from today's review. Decisions: export ships in June; SSO "
                "moves to Q3; mobile stays in discovery.\n\nAlex",
            ),
        ),
        "Alex's own meeting notes; no question asked",
        to=("priya", "jorg"),
    ),
    Convo(
        "dana",
        "Out of office on {day}",
        (
            (
                ME,
                "Hi Dana,\n\nA reminder that I'm out on {day} for Leo's school trip. Sam is "
                "covering the launch channel.\n\nAlex",
            ),
        ),
        "Alex's out-of-office note needs no answer",
    ),
    Convo(
        "linda",
        "Arriving Saturday around noon",
        ((ME, "Hi Mom, we'll arrive on Saturday around noon. Can't wait! x"),),
        "Alex's note to Mom needs no answer",
    ),
)

OUTAGE = Convo(
    "karen",
    "URGENT: Globex dashboards down, all users getting 502",
    (
        (
            THEM,
            "{me},\n\nSince {time} this morning none of our users can load dashboards (HTTP "
            "502 on every page). This is blocking our month-end reporting. Can you get someone "
            "on it right away and give me an ETA?\n\nKaren Liu\nVP Operations, Globex",
        ),
        (THEM, "Still down, over an hour now. Any update?\n\nKaren"),
    ),
    "Karen (Globex, customer) reports a live outage and is asking Alex for an ETA",
    cc=("sam",),
)

# (sender index, subject, body) for bulk mail; bodies become text and HTML parts.
NEWSLETTER_ISSUES: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "#{n}: How the best teams plan roadmaps",
        "This week: three roadmap formats that "
        "survive contact with customers, and why 'now, next, later' still wins.",
    ),
    (
        1,
        "Morning Dispatch: markets wobble, chips rally",
        "Good morning. Here is what you need to know today: rates, chips and a very good dog.",
    ),
    (
        2,
        "Aggregators, again",
        "Today's post looks at why every marketplace eventually "
        "becomes an aggregator, and what that means for SaaS.",
    ),
    (
        3,
        "Top stories: Postgres 17, a TUI renaissance",
        "The most discussed links this week, from Postgres internals to terminal apps.",
    ),
    (
        4,
        "Café culture ☕ and the return of the office",
        "Our weekend long read: what cafés learned from remote work.",
    ),
    (
        5,
        "Net revenue retention benchmarks for {month}",
        "We looked at 800 SaaS companies. Median NRR is 104%; top quartile is 118%.",
    ),
    (
        0,
        "#{n}: Pricing pages that convert",
        "Five patterns from 50 pricing pages, with before-and-after numbers.",
    ),
    (
        1,
        "Morning Dispatch: elections, energy prices and Wimbledon",
        "Good morning. Today's briefing in five minutes.",
    ),
    (3, "Top stories: the SQLite renaissance", "This week's most discussed links."),
    (2, "The end of the free tier?", "Why infrastructure companies are rethinking free tiers."),
)

PROMOS: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "48 hours only: 30% off trail shoes",
        "Hit the trails in comfort. Use code TRAIL30 at checkout. Offer ends in 48 hours.",
    ),
    (
        1,
        "Your weekend coffee box is back ☕",
        "Three new single-origin roasts, delivered free this weekend.",
    ),
    (
        2,
        "Flash sale: London to Lisbon from £39",
        "Book by midnight tomorrow for travel in {month}. Limited seats.",
    ),
    (
        3,
        "Books we think you'll love, {me}",
        "Based on your last order: five picks for product people.",
    ),
    (
        4,
        "Last chance: up to 50% off lighting, ends tonight",
        "Our biggest sale of the season ends at midnight.",
    ),
    (0, "New arrivals: the {month} collection", "Lightweight layers for changeable weather."),
    (
        2,
        "{me}, your miles are about to expire",
        "Fly or spend 1,000 miles before {date} to keep your balance. Explore rewards.",
    ),
)

DISGUISED_PITCHES: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "Hi {me}, quick question…",
        "Hi {me},\n\nQuick question… how is your team planning "
        "content for Q3? We just published our content planning playbook with 40 templates used "
        "by 3,000 teams. Can I send you a copy?\n\nNina",
    ),
    (
        1,
        "{me}, are we still on?",
        "Hi {me},\n\nI noticed you haven't finished setting up your "
        "Pipewise workspace. Are we still on? Reply to this email and I'll help you get started."
        "\n\nAlex R.",
    ),
    (
        2,
        "Re: your metrics",
        "Hi {me},\n\nFollowing up on my last note: did you get a chance "
        "to look at our dashboard templates? They take five minutes to set up.\n\nGreg",
    ),
    (
        3,
        "Can I ask you something, {me}?",
        "Hi {me},\n\nWhat's the one thing you'd change "
        "about how your team schedules meetings? Hit reply and tell me, I read every answer."
        "\n\nSofia",
    ),
)

COLD_OUTREACH: tuple[tuple[str, str, str], ...] = (
    (
        "chloe",
        "Head of Product role at a Series B fintech",
        "Hi {me},\n\nI came across your "
        "profile and was impressed by your work at Northwind. I'm working with a Series B fintech "
        "looking for a Head of Product (London, hybrid, £150k to £170k plus equity). Would you be "
        "open to a quick 15-minute chat this week?\n\nBest,\nChloe Park\nTalentBridge",
    ),
    (
        "marcus",
        "Quick question, {me}",
        "Hi {me},\n\nAre you the right person to talk to about "
        "product hiring at Northwind? We've placed PMs at Monzo-stage startups.\n\nMarcus Hale\n"
        "HireWell",
    ),
    (
        "brad",
        "{me}, 3 ideas to cut churn at Northwind",
        "Hi {me},\n\nQuick question: are you "
        "open to seeing how teams like yours cut churn by 23% with Growthly? Worth a 10-minute "
        "call on {day}?\n\nBrad Kimball\nGrowthly",
    ),
    (
        "nina",
        "Partnership idea for Northwind",
        "Hi {me},\n\nI'd love to explore a co-marketing "
        "partnership between Loomly and Northwind. Do you have 20 minutes next week?\n\nNina",
    ),
)

SOCIAL_POSTS: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "Sam Ortiz commented on your post",
        "Sam Ortiz commented: 'Great write-up on the launch!' See the conversation on Linkup.",
    ),
    (0, "You appeared in {small} searches this week", "See who's looking at your profile."),
    (
        0,
        "José Müller wants to connect",
        "José Müller, Head of IT at Acme, would like to join your network.",
    ),
    (1, "@alexm, see what's happening", "{small} new posts from people you follow."),
    (
        2,
        "New event in London Product People: Roadmapping without tears",
        "Join 84 members on {date}. RSVP on Meetly.",
    ),
    (
        0,
        "Priya Natarajan shared a post: We're hiring!",
        "Northwind is hiring a senior designer. Know someone?",
    ),
)

FORUM_POSTS: tuple[tuple[int, str, str, str], ...] = (
    (
        0,
        "Hannah Cole",
        "Has anyone moved from Jira to Linear?",
        "We're 40 engineers and "
        "considering the switch. How long did your migration take? Anything you regret?",
    ),
    (
        1,
        "Will McGugan",
        "[Show & tell] A TUI for Kubernetes logs",
        "I built a small TUI to tail logs across pods. Feedback welcome!",
    ),
    (
        2,
        "Zoë Adams",
        "Meetup on {day}: pricing experiments",
        "Our next meetup is on {day} at the usual place. Talks on pricing experiments and PLG.",
    ),
    (
        0,
        "Raj Mehta",
        "Roadmap tools: what do you use?",
        "Curious what everyone uses for public roadmaps these days.",
    ),
)

# (notifier key, subject, body) for no-reply notifications.
NOTIFICATIONS: tuple[tuple[str, str, str], ...] = (
    (
        "github",
        "[northwind/app] Fix flaky export test (PR #{n})",
        "@sam-ortiz requested your review on northwind/app#{n}: Fix flaky export test.",
    ),
    (
        "jira",
        "[JIRA] (NW-{n}) Export to CSV fails for large workspaces",
        "Jörg Schneider changed the status of NW-{n} from In Progress to In Review.",
    ),
    (
        "bank",
        "Card payment of {amount} at Pret A Manger",
        "A payment of {amount} was made with your card ending 4821. If this wasn't you, call us.",
    ),
    (
        "ship",
        "Your parcel is out for delivery",
        "Your parcel {n}QX is out for delivery today between 10:00 and 14:00.",
    ),
    (
        "google",
        "Security alert: new sign-in on Mac",
        "Your Google Account was just signed in "
        "to from a new Mac device. If this was you, you don't need to do anything.",
    ),
    (
        "status",
        "[Resolved] Elevated API latency in eu-west",
        "This incident has been resolved. API latency in eu-west is back to normal.",
    ),
    ("github", "[northwind/app] Release v2.{small}.0", "Release v2.{small}.0 has been published."),
    (
        "bank",
        "Direct debit to Brightline Energy tomorrow",
        "A direct debit of {amount} to "
        "Brightline Energy will be collected tomorrow. No action needed.",
    ),
    ("ship", "Delivered: your order {n}", "Your parcel was delivered and left with a neighbour."),
    (
        "jira",
        "[JIRA] (NW-{n}) SSO: SAML metadata upload",
        "Sam Ortiz assigned NW-{n} to Priya Natarajan.",
    ),
)

RECEIPTS: tuple[tuple[str, str, str], ...] = (
    (
        "ride",
        "Your {day} evening trip with RideNow",
        "Thanks for riding with us. Total: {amount}, charged to Visa ending 4821.",
    ),
    ("shop", "Your Bookly order {n} has shipped", "Order {n}: 2 items, {amount}. Paid."),
    (
        "cloud",
        "CloudCo invoice INV-{n}: paid",
        "Your invoice INV-{n} for {amount} has been paid. Thank you.",
    ),
    (
        "saas",
        "Receipt: DesignHub Professional (40 seats)",
        "Receipt for {amount}. Paid with card ending 4821.",
    ),
)

BILLS: tuple[tuple[str, str, str], ...] = (
    (
        "energy",
        "Your Brightline Energy bill is ready",
        "Your bill for {month} is {amount}. Payment due on {date}.",
    ),
    (
        "cloud",
        "Action required: invoice INV-{n} payment due on {date}",
        "Your invoice INV-{n} "
        "for {amount} is due on {date}. To avoid service interruption, pay by card or bank "
        "transfer before then.",
    ),
    (
        "council",
        "Council tax: instalment due on {date}",
        "Your council tax instalment of "
        "{amount} is due on {date}. Pay online or set up a direct debit.",
    ),
)
