"""The cast of the generated mailbox: people Alex deals with and the machines that mail Alex."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """One correspondent: a display name, an address and the role they play for the user."""

    name: str
    email: str
    role: str
    first: str = ""

    @property
    def domain(self) -> str:
        """Return the domain part of the address."""
        return self.email.rsplit("@", 1)[1]

    @property
    def given(self) -> str:
        """Return the name used in greetings."""
        return self.first or self.name.split()[0]


# Roles: colleague, manager, ceo, customer, lawyer, family, friend, recruiter, sales.
PEOPLE: dict[str, Person] = {
    p.email.split("@")[0].split(".")[0]: p
    for p in (
        Person("Sam Ortiz", "sam.ortiz@northwind.example", "colleague"),
        Person("Priya Natarajan", "priya.natarajan@northwind.example", "colleague"),
        Person("Dana Whitfield", "dana.whitfield@northwind.example", "manager"),
        Person("Ruth Calloway", "ruth.calloway@northwind.example", "ceo"),
        Person("Jörg Schneider", "jorg.schneider@northwind.example", "colleague"),
        Person("Mei Tanaka", "mei.tanaka@northwind.example", "colleague"),
        Person("Tom Becker", "tom.becker@northwind.example", "colleague"),
        Person("José Müller", "jose.muller@acme.example", "customer"),
        Person("Olu Adeyemi", "olu.adeyemi@acme.example", "customer"),
        Person("Karen Liu", "karen.liu@globex.example", "customer"),
        Person("Rebecca Stone", "rebecca.stone@lex.example", "lawyer"),
        Person("Linda Morgan", "linda.morgan@gmail.example", "family", "Mom"),
        Person("Jamie Rivera", "jamie.rivera@fastmail.example", "family"),
        Person("Анна Иванова", "anna.ivanova@yandex.example", "friend", "Аня"),
        Person("Chloe Park", "chloe@talentbridge.example", "recruiter"),
        Person("Marcus Hale", "marcus@hirewell.example", "recruiter"),
        Person("Brad Kimball", "brad@growthly.example", "sales"),
        Person("Nina Okafor", "nina@mail.loomly.example", "sales"),
    )
}

WORK_ASKERS = ("sam", "priya", "dana", "jorg", "mei", "tom", "jose", "olu", "karen", "rebecca")
TEAMMATES = ("sam", "priya", "jorg", "mei", "tom")


@dataclass(frozen=True)
class Sender:
    """An automated or bulk sender with the list headers real ones attach."""

    name: str
    email: str
    category: str
    list_id: str = ""
    bulk: bool = True
    auto: bool = False

    @property
    def domain(self) -> str:
        """Return the domain part of the address."""
        return self.email.rsplit("@", 1)[1]


NEWSLETTERS = (
    Sender("The Product Brief", "hello@productbrief.example", "CATEGORY_UPDATES", "weekly"),
    Sender("Morning Dispatch", "news@dispatch.example", "CATEGORY_UPDATES", "daily"),
    Sender("Platform Notes", "ben@platformnotes.example", "CATEGORY_UPDATES", "posts"),
    Sender("Hacker Digest", "digest@hackerdigest.example", "CATEGORY_UPDATES", "digest"),
    Sender("The Weekend Read", "editors@weekendread.example", "CATEGORY_PROMOTIONS", "weekend"),
    Sender("SaaS Metrics Weekly", "team@saasmetrics.example", "CATEGORY_UPDATES", "weekly"),
)

PROMOTERS = (
    Sender("Trailhead Outfitters", "offers@trailhead.example", "CATEGORY_PROMOTIONS", "offers"),
    Sender("Bean & Co Coffee", "hello@beanandco.example", "CATEGORY_PROMOTIONS", "news"),
    Sender("SkyJet Airways", "deals@skyjet.example", "CATEGORY_PROMOTIONS", "deals"),
    Sender("Bookly", "picks@bookly.example", "CATEGORY_PROMOTIONS", "picks"),
    Sender("Lumen Home", "sale@lumenhome.example", "CATEGORY_PROMOTIONS", "sale"),
)

DISGUISED = (
    Sender("Nina from Loomly", "nina@mail.loomly.example", "CATEGORY_PROMOTIONS", "outbound"),
    Sender("Alex at Pipewise", "alex.r@hello.pipewise.example", "CATEGORY_UPDATES", "drip"),
    Sender("Greg Sato", "greg@news.metricly.example", "CATEGORY_PERSONAL", "nurture"),
    Sender("Sofia | Calendo", "sofia@go.calendo.example", "CATEGORY_PROMOTIONS", "lifecycle"),
)

SOCIAL = (
    Sender("Linkup", "messages-noreply@linkup.example", "CATEGORY_SOCIAL", "notify"),
    Sender("Chirp", "notify@chirp.example", "CATEGORY_SOCIAL", "notify"),
    Sender("Meetly", "info@meetly.example", "CATEGORY_SOCIAL", "groups"),
)

FORUMS = (
    Sender("product-leaders", "product-leaders@googlegroups.example", "CATEGORY_FORUMS", "pl"),
    Sender("Textual Community", "forum@discuss.textual.example", "CATEGORY_FORUMS", "discuss"),
    Sender("london-pm", "london-pm@lists.pm.example", "CATEGORY_FORUMS", "london-pm"),
)

NOTIFIERS: dict[str, Sender] = {
    "github": Sender(
        "GitHub", "notifications@github.example", "CATEGORY_UPDATES", "app.northwind", True
    ),
    "jira": Sender("Jira", "jira@northwind.atlassian.example", "CATEGORY_UPDATES", "", True, True),
    "bank": Sender(
        "Harbor Bank", "no-reply@harborbank.example", "CATEGORY_UPDATES", "", False, True
    ),
    "ship": Sender(
        "ParcelPoint", "tracking@parcelpoint.example", "CATEGORY_UPDATES", "", False, True
    ),
    "google": Sender(
        "Google", "no-reply@accounts.google.example", "CATEGORY_UPDATES", "", False, True
    ),
    "status": Sender(
        "Northwind Status", "noreply@status.northwind.example", "CATEGORY_UPDATES", "status"
    ),
}

BILLERS: dict[str, Sender] = {
    "ride": Sender("RideNow", "receipts@ridenow.example", "CATEGORY_UPDATES", "", False, True),
    "cloud": Sender(
        "CloudCo Billing", "billing@cloudco.example", "CATEGORY_UPDATES", "", False, True
    ),
    "energy": Sender(
        "Brightline Energy", "bills@brightline.example", "CATEGORY_UPDATES", "", False, True
    ),
    "shop": Sender("Bookly", "orders@bookly.example", "CATEGORY_UPDATES", "", False, True),
    "saas": Sender("DesignHub", "invoices@designhub.example", "CATEGORY_UPDATES", "", False, True),
    "council": Sender(
        "Camden Council Tax", "no-reply@council.example", "CATEGORY_UPDATES", "", False, True
    ),
}
