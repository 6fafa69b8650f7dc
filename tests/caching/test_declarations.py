"""Every cached fragment and value names the tables its build reads.

The pages that build every declaration are requested with data present (an event with
quotas, agenda, partners, a funding project and materials; a consultation with sections,
comments, attachments, a changed deadline and a meeting; network members with topics …)
while an engine listener, active only while a declaration builds, records the tables its
SQL reads. A declaration fails when its build read a table it does not name, when it uses
another declaration without naming that one's tables, when its SQL read a counter column
(``info={"follows": …}``) without it naming the table the counter follows, and when no
page of this test built it (a new declaration needs a page here). A declaration that
``ignores`` such counters (loads them with its rows, shows none) must build the same
thing after every counter changed.
"""

import importlib
import pkgutil
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from sqlalchemy import event, select, update

import consult
from consult.caching.declarations import DECLARED, Declaration, Fragment
from consult.caching.store import clear_all
from consult.caching.versions import VERSIONS, table_name
from consult.consultations.models import ConsultationAttachment, PeriodChange
from consult.core.timeutil import utcnow
from consult.events import services
from consult.events.funding import FundingProject
from consult.events.models import AgendaItem, Event, EventMaterial, EventQuota
from consult.extensions import db
from consult.institutions.models import Institution
from tests.consultations.conftest import comment_on
from tests.events.test_impact import attendee
from tests.network.conftest import mazowsze, member_factory  # noqa: F401 - fixtures


def import_every_kept_module() -> None:
    """Every area's ``kept.py``, so that the registry holds every declaration."""
    for module in pkgutil.walk_packages(consult.__path__, "consult."):
        if module.name.endswith(".kept"):
            importlib.import_module(module.name)


@cache
def table_patterns() -> dict[str, re.Pattern]:
    return {table.name: re.compile(rf"(?<![\w.]){re.escape(table.name)}(?!\w)")
            for table in db.metadata.tables.values()}


@cache
def follower_patterns() -> dict[tuple[str, str], tuple[re.Pattern, str]]:
    """(table, column) → (how SQL names the column, the table it follows)."""
    return {(table.name, column.name): (
        re.compile(rf"(?<![\w.]){re.escape(table.name)}(?:_\d+)?\.{re.escape(column.name)}\b"),
        column.info["follows"])
        for table in db.metadata.tables.values() for column in table.columns
        if "follows" in column.info}


@dataclass
class Recorded:
    """What the builds of each declaration read, by declaration name."""

    tables: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    followers: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    used: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    built: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # what each built

    def note(self, names: list[str], statement: str) -> None:
        tables = {name for name, pattern in table_patterns().items()
                  if pattern.search(statement)} - {VERSIONS}
        columns = {key for key, (pattern, _) in follower_patterns().items()
                   if pattern.search(statement)}
        for name in names:
            self.tables[name] |= tables
            self.followers[name] |= columns


@contextmanager
def recording(monkeypatch):
    """Record what every declaration's build reads; the engine listener is on only while
    one builds (nested builds count for the outer ones too)."""
    recorded = Recorded()
    building: list[Declaration] = []
    engine = db.engine

    def on_statement(_connection, _cursor, statement, _parameters, _context, _many):
        recorded.note([d.name for d in building], statement)

    original_build, original_version = Declaration._build, Declaration._version

    def watched_build(self, build):
        building.append(self)
        if len(building) == 1:
            event.listen(engine, "before_cursor_execute", on_statement)
        try:
            value = original_build(self, build)
        finally:
            building.pop()
            if not building:
                event.remove(engine, "before_cursor_execute", on_statement)
        recorded.built[self.name].append(value)
        return value

    def watched_version(self, changes_at):
        for outer in building:  # another declaration used while one builds: hit or miss
            if outer is not self:
                recorded.used[outer.name].add(self.name)
        return original_version(self, changes_at)

    with monkeypatch.context() as patched:  # undone at the end: recordings do not nest
        patched.setattr(Declaration, "_build", watched_build)
        patched.setattr(Declaration, "_version", watched_version)
        yield recorded


def problems(recorded: Recorded, declared: dict[str, Declaration]) -> list[str]:
    found = []
    for name, declaration in sorted(declared.items()):
        if name not in recorded.built:
            found.append(f"{name}: never built by this test (request a page that builds it)")
            continue
        named = set(declaration.tables)
        missing = recorded.tables[name] - named
        if missing:
            found.append(f"{name}: its build read {sorted(missing)}, not in its reads")
        ignored = {(column.table.name, column.name)
                   for column in (getattr(c, "expression", c) for c in declaration.ignores)}
        for table, column in sorted(recorded.followers[name] - ignored):
            follows = follower_patterns()[table, column][1]
            if follows not in named:
                found.append(f"{name}: its build read {table}.{column}, which follows "
                             f"{follows}: reads must name {follows}")
        for inner in sorted(recorded.used[name]):
            unnamed = set(declared[inner].tables) - named
            if unnamed:
                found.append(f"{name}: uses {inner}, which reads {sorted(unnamed)}, "
                             "not in its reads")
    return found


# --- the data and the pages ----------------------------------------------------------------


def world(event_factory, consultation_factory, user_factory, new_member, region) -> dict:
    """Something on every page: every relation a cached part may show holds a row."""
    now = utcnow().replace(microsecond=0)
    plonsk, plonski = region["plonsk"], region["plonski"]
    project = FundingProject(name="Aktywne NGO", funder="NIW", notice="Projekt NIW.")
    upcoming = event_factory(
        title="Szkolenie z budżetu", capacity=30, quotas={"ngo": 10},
        questions=[{"kind": "text", "label": "Skąd wiesz o szkoleniu?"}],
        powiat=plonski, funding_project=project, hours=6, kilometres=40,
        agenda=[AgendaItem(starts_at=now + timedelta(days=7), title="Powitanie")])
    upcoming.partners = [plonsk]
    plain = event_factory(title="Szkolenie bez pytań")
    past = event_factory(title="Szkolenie, które się odbyło", starts_in=timedelta(days=-3),
                         powiat=plonski, hours=4)
    db.session.add(EventMaterial(event=past, title="Prezentacja", url="https://example.org/p"))
    meeting = event_factory(title="Spotkanie sieci", type="network_meeting")
    services.register(upcoming, services.RegistrationData(
        full_name="Anna Nowak", email="anna@example.org", category="ngo",
        organisation="Fundacja Razem"), staff=object())
    attendee(past, "jan@example.org", organisation="Fundacja Razem")

    consultation = consultation_factory(institution=plonsk)
    consultation.meetings = [upcoming]
    consultation.attachments = [ConsultationAttachment(
        title="Projekt uchwały", filename="projekt.pdf", content_type="application/pdf",
        size=4, data=b"%PDF")]
    consultation.period_changes = [PeriodChange(
        previous_deadline=consultation.closes_at, deadline=consultation.closes_at,
        reason="Na prośbę organizacji.")]
    db.session.commit()
    comment_on(consultation, user_factory(), section=consultation.sections[1])

    for n in range(3):
        new_member(institution=region["raciaz"], topics=["budżet obywatelski"],
                   visibility={"full_name": "public"}, full_name=f"Urzędniczka {n}")
    return {"upcoming": upcoming, "plain": plain, "past": past, "meeting": meeting,
            "consultation": consultation}


def request_every_page(client, login_as, made) -> None:
    """The pages that build every declaration: those for everyone who is not signed in,
    then the comment form (signed in)."""
    consultation = made["consultation"]
    anonymous = client.application.test_client()
    paths = [
        "/", "/events/", "/events/?past=1",
        f"/events/{made['upcoming'].slug}/", f"/events/{made['past'].slug}/",
        f"/events/{made['plain'].slug}/register",
        f"/consultations/{consultation.slug}/",
        "/network/", "/network/?q=urzedniczka",
        "/api/v1/events", "/api/v1/consultations", "/api/v1/network/members",
        "/api/v1/cooperation/programmes?year=2027",
    ]
    for path in paths:
        assert anonymous.get(path).status_code == 200, path
    login_as("user")
    for path in (f"/consultations/{consultation.slug}/comment",
                 f"/consultations/{consultation.slug}/comment?section="
                 f"{consultation.sections[1].id}"):
        assert client.get(path).status_code == 200, path


def test_every_declaration_names_the_tables_its_build_reads(
        client, login_as, event_factory, consultation_factory, user_factory, monkeypatch,
        member_factory, mazowsze):  # noqa: F811 - the network's fixtures
    import_every_kept_module()
    made = world(event_factory, consultation_factory, user_factory, member_factory, mazowsze)
    clear_all(client.application)
    with recording(monkeypatch) as recorded:
        request_every_page(client, login_as, made)
    found = problems(recorded, DECLARED)
    assert found == [], "\n".join(found)

    # What a declaration says it ignores (counters it loads but does not show) must not
    # change what it builds: change every counter behind the versions' back, build again.
    ignoring = [name for name, declaration in DECLARED.items() if declaration.ignores]
    for table, column in follower_patterns():  # on the connection: no new version
        counted = db.metadata.tables[table]
        db.session.connection().execute(
            update(counted).values({column: counted.c[column] + 7}))
    db.session.commit()
    clear_all(client.application)
    with recording(monkeypatch) as again:
        request_every_page(client, login_as, made)
    for name in ignoring:
        assert again.built[name] == recorded.built[name], f"{name} shows what it ignores"


def test_the_checker_catches_an_incomplete_declaration(app, event_factory, monkeypatch):
    """A list that shows seats but names only the events: the quotas, and the registrations
    the counters follow, are missing."""
    event_factory(quotas={"ngo": 5})
    incomplete = Fragment("test-incomplete-listing", reads=(Event,))
    try:
        with recording(monkeypatch) as recorded, app.test_request_context("/"):
            incomplete.render((), lambda: ", ".join(
                f"{e.title}: {e.seats_taken} {[q.seats_taken for q in e.quotas]}"
                for e in db.session.scalars(select(Event))))
        found = problems(recorded, {incomplete.name: incomplete})
    finally:
        DECLARED.pop(incomplete.name)
    assert found == [
        "test-incomplete-listing: its build read ['event_quotas'], not in its reads",
        *(f"test-incomplete-listing: its build read {column}, which follows registrations: "
          "reads must name registrations"
          for column in ("event_quotas.seats_taken", "events.seats_taken",
                         "events.waitlist_length")),
    ]


def test_a_declaration_never_built_is_reported(app):
    unused = Fragment("test-never-built", reads=(Institution,))
    try:
        found = problems(Recorded(), {unused.name: unused})
    finally:
        DECLARED.pop(unused.name)
    assert found == ["test-never-built: never built by this test (request a page that "
                     "builds it)"]


def test_reads_are_named_as_the_table_versions_name_them():
    """Models, or the many-to-many tables that have none."""
    from consult.events.models import event_partners

    assert table_name(EventQuota) == "event_quotas"
    assert table_name(event_partners) == "event_partners"
