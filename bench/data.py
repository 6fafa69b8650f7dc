"""The benchmark's data set, written into an empty (freshly migrated) database.

On top of the demo data (`seed_demo`: institutions, demo accounts, topics): 2,000 events
(three in ten upcoming) with 50,000 registrations, an open consultation with 60 sections
and 2,000 comments, last year's consultation of the same size with every comment answered
and the report published, 5,000 network members, the accounts the load's signed-in users
use, the event with 30 seats for the registration burst, and one upcoming event with
10,000 registrations (a registration's cost must not grow with the event).

Rows are built with the application's models (so the search columns and defaults are
what the app would store) and committed in batches. Returns what the load needs to know
(slugs, logins, search words) as a plain dict.
"""

import random
import secrets
from dataclasses import astuple, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from consult.auth.models import User
from consult.consultations import services as consultation_services
from consult.consultations.choices import ANNUAL, EVERYONE, ORGANISATION, SELF
from consult.consultations.models import Comment, Consultation, Decision, Section
from consult.core.timeutil import local_to_utc, to_local, utcnow
from consult.demo import seed_demo
from consult.events.choices import CATEGORIES, FORMATS, TYPES
from consult.events.models import Attendance, Event, EventStatus, Registration, RegistrationStatus
from consult.events.status import recount_seats
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, GMINA_KINDS, Institution
from consult.network import services as network_services
from consult.network.models import DEFAULT_VISIBILITY, Member, MemberStatus, Topic, Visibility


@dataclass(frozen=True)
class Sizes:
    events: int = 2_000
    registrations: int = 50_000
    sections: int = 60
    comments: int = 2_000
    members: int = 5_000
    users: int = 400  # signed-in load (comments) and the burst's 300 registrants
    big_event_registrations: int = 10_000

    def scaled(self, factor: float) -> "Sizes":
        """A smaller data set of the same shape (the test of this module uses one)."""
        return Sizes(*(max(10, int(value * factor)) for value in astuple(self)))

BURST_SEATS = 30
PASSWORD = "bench-password-123"  # noqa: S105 - accounts of a throwaway benchmark database
BATCH = 2_000

FIRST_NAMES = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka",
               "Michał", "Joanna", "Krzysztof", "Ewa", "Marcin", "Monika", "Jakub", "Zofia",
               "Łukasz", "Barbara", "Grzegorz", "Natalia", "Wojciech"]
SURNAMES = ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski",
            "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
            "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Pawłowski", "Michalski",
            "Zając", "Król", "Wieczorek", "Jabłoński", "Majewski", "Olszewski", "Stępień",
            "Malinowski", "Jaworski", "Adamczyk", "Dudek", "Nowicki"]
TOPICS_OF_TRAINING = ["program współpracy", "otwarte konkursy ofert", "małe granty",
                      "inicjatywa lokalna", "budżet obywatelski", "sprawozdawczość",
                      "RODO w organizacji", "ekonomia społeczna", "wolontariat",
                      "dostępność cyfrowa"]
PARAGRAPH = ("Współpraca samorządu z organizacjami pozarządowymi opiera się na zasadach "
             "pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej "
             "konkurencji i jawności. ")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _at(day: date, hour: int) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour)))


def _flush_batches(rows, size: int = BATCH) -> int:
    """Add the rows in batches, committing each; returns how many were added."""
    batch, count = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            db.session.add_all(batch)
            db.session.commit()
            count += len(batch)
            batch = []
    db.session.add_all(batch)
    db.session.commit()
    return count + len(batch)


def _users(now: datetime, count: int) -> list[str]:
    template = User(full_name="-", email="template@bench.example.org")
    template.set_password(PASSWORD)  # one hash for all: hashing 400 times only costs time
    rng = random.Random(7)
    emails = [f"uczestnik{n:03d}@bench.example.org" for n in range(count)]
    _flush_batches(User(full_name=_name(rng), email=email, password_hash=template.password_hash,
                        email_verified_at=now) for email in emails)
    return emails


def _events(today: date, counties: list[Institution], count: int) -> list[Event]:
    events = []
    for n in range(count):
        upcoming = n % 10 < 3
        day = today + timedelta(days=1 + n % 300) if upcoming else today - timedelta(
            days=1 + n % 900)
        topic = TOPICS_OF_TRAINING[n % len(TOPICS_OF_TRAINING)]
        kind = TYPES[n % len(TYPES)]
        events.append(Event(
            slug=f"bench-{n:04d}", type=kind, status=EventStatus.PUBLISHED,
            title=f"{kind.replace('_', ' ').capitalize()}: {topic} ({n})",
            summary=f"Spotkanie o temacie: {topic}. Dla organizacji i urzędników.",
            description=PARAGRAPH * 3, speakers="Anna Trenerska\nMarek Ekspert",
            starts_at=_at(day, 10), ends_at=_at(day, 15), format=FORMATS[n % len(FORMATS)],
            venue_name="Centrum Organizacji Pozarządowych", venue_address="ul. Długa 1",
            powiat=counties[n % len(counties)], organiser="Federacja (benchmark)",
            capacity=None if n % 5 == 0 else 40,
        ))
    _flush_batches(events)
    return events


def _registrations(rng: random.Random, events: list[Event], now: datetime, count: int) -> None:
    """Spread over the events; at past events nine in ten seat-holders came (attendance)."""
    days = {event.id: to_local(event.starts_at).date() for event in events}

    def rows():
        for n in range(count):
            event = events[n % len(events)]
            name = _name(rng)
            seat = event.capacity is None or n // len(events) < event.capacity
            came = seat and event.ends_at < now and n % 10
            yield _registration(event, n, name, now, seat,
                                [Attendance(day=days[event.id])] if came else [])

    _flush_batches(rows())
    _recount(events)


def _registration(event: Event, n: int, name: str, now: datetime, seat: bool,
                  attendance: list[Attendance]) -> Registration:
    email = f"osoba{n}@bench.example.org"
    return Registration(
        event_id=event.id, token=secrets.token_urlsafe(32),
        checkin_code=secrets.token_urlsafe(12),
        status=RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED,
        category=CATEGORIES[n % 4],
        full_name=name, email=email, person_key=email,
        organisation=f"Stowarzyszenie {SURNAMES[n % len(SURNAMES)]}",
        consent_rodo_at=now, email_confirmed_at=now,
        confirmed_at=now if seat else None,
        attendance=attendance,
    )


def _recount(events: list[Event]) -> None:
    """The events' seat counters, for registrations written here rather than by the rules."""
    for event in events:
        recount_seats(event)
    db.session.commit()


def _big_event(rng: random.Random, today: date, now: datetime, count: int) -> str:
    """An upcoming event without a seat limit that already has ``count`` registrations."""
    event = Event(
        slug="bench-big", type="conference", status=EventStatus.PUBLISHED,
        title="Konferencja z 10 000 zgłoszeń (benchmark)", summary="Duże wydarzenie.",
        starts_at=_at(today + timedelta(days=30), 10), ends_at=_at(today + timedelta(days=30), 15),
        venue_name="Hala widowiskowa", organiser="Federacja (benchmark)", capacity=None,
    )
    db.session.add(event)
    db.session.commit()
    _flush_batches(_registration(event, 1_000_000 + n, _name(rng), now, True, [])
                   for n in range(count))
    _recount([event])
    return event.slug


def _sections(year: int, count: int) -> list[Section]:
    return [Section(position=i, level=1, number=f"§ {i + 1}", title=f"Paragraf {i + 1}",
                    text=PARAGRAPH * 2 + f"Postanowienia na rok {year}, ust. {i + 1}.")
            for i in range(count)]


def _consultation(slug: str, institution: Institution, year: int, opens: date,
                  closes: date, sizes: Sizes) -> Consultation:
    consultation = Consultation(
        slug=slug, institution=institution, kind=ANNUAL, year=year, participation=EVERYONE,
        title=f"Program współpracy z organizacjami pozarządowymi na rok {year} (benchmark)",
        summary="Projekt programu współpracy do konsultacji.",
        sections=_sections(year, sizes.sections),
        contact_name="Wydział Spraw Społecznych", contact_email="ngo@bench.example.org",
        announced_at=utcnow(),
    )
    consultation_services.set_period(consultation, opens, None, closes, None)
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _comments(rng: random.Random, consultation: Consultation, authors: list[User],
              submitted: datetime, answered: bool, count: int) -> None:
    numbers: dict[int, int] = {}

    sections = consultation.sections

    def rows():
        for n in range(count):
            author = authors[n % len(authors)]
            organisation = n % 3 == 0
            if not organisation:
                numbers.setdefault(author.id, len(numbers) + 1)
            yield Comment(
                consultation_id=consultation.id,
                section_id=sections[n % len(sections)].id if n % 20 else None,
                author_id=author.id, author_name=author.full_name, show_name=n % 4 == 1,
                on_behalf=ORGANISATION if organisation else SELF,
                organisation_name=f"Fundacja {SURNAMES[n % len(SURNAMES)]}" if organisation
                else None,
                organisation_krs=f"{rng.randrange(10**9):010d}" if organisation else None,
                private_number=None if organisation else numbers[author.id],
                body=f"Uwaga nr {n}: " + PARAGRAPH,
                proposed_text="Proponujemy brzmienie: " + PARAGRAPH if n % 2 else "",
                justification="Uzasadnienie: zapis jest nieprecyzyjny." if n % 2 else "",
                submitted_at=submitted + timedelta(minutes=n),
                decision=list(Decision)[n % len(Decision)] if answered else None,
                decision_text="Stanowisko urzędu w sprawie uwagi." if answered else "",
                answered_at=submitted + timedelta(days=10) if answered else None,
            )

    _flush_batches(rows())


def _consultations(rng: random.Random, today: date, authors: list[User],
                   sizes: Sizes) -> dict[str, str]:
    institution = db.session.scalar(select(Institution).where(Institution.teryt == "1420011"))
    open_one = _consultation("bench-program-otwarty", institution, today.year + 1,
                             today - timedelta(days=5), today + timedelta(days=9), sizes)
    _comments(rng, open_one, authors, utcnow() - timedelta(days=4), answered=False,
              count=sizes.comments)

    reported = _consultation("bench-program-sprawozdanie", institution, today.year,
                             today - timedelta(days=400), today - timedelta(days=386), sizes)
    _comments(rng, reported, authors, reported.last_moment
              - timedelta(days=10), answered=True, count=sizes.comments)
    for section in reported.sections:
        section.final_text = section.text
    reported.report_conclusion = "Uwagi rozpatrzono."
    reported.report_published_at = reported.last_moment + timedelta(
        days=7)
    db.session.commit()
    return {"open": open_one.slug, "reported": reported.slug}


def _members(rng: random.Random, now: datetime, count: int) -> list[str]:
    prefix = network_services.region_prefix()
    gminas = list(db.session.scalars(select(Institution).where(
        Institution.kind.in_(GMINA_KINDS), Institution.teryt.startswith(prefix))))
    topics = list(db.session.scalars(select(Topic)))
    surnames = []

    def rows():
        for n in range(count):
            institution = gminas[n % len(gminas)]
            first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            surnames.append(surname)
            member = Member(announcements_token=secrets.token_urlsafe(32), created_at=now)
            visibility = DEFAULT_VISIBILITY | (
                {"work_email": Visibility.PUBLIC} if n % 3 == 0 else {})
            network_services.apply_member_data(member, network_services.MemberData(
                institution=institution, full_name=f"{first} {surname}",
                position="inspektor ds. współpracy z organizacjami pozarządowymi",
                department="Referat Spraw Społecznych",
                work_email=f"{first.lower()}.{n}@ug-{institution.teryt}.bench.example.org",
                work_phone=f"+48 23 {600 + n % 400:03d} {n % 100:02d} {n % 97:02d}",
                is_coordinator=n % 7 == 0, bio="",
                topics=rng.sample(topics, k=min(2, len(topics))), visibility=visibility),
                now=now)
            member.status = MemberStatus.APPROVED if n % 10 else MemberStatus.PENDING
            member.approved_at = now if n % 10 else None
            yield member

    _flush_batches(rows(), size=500)
    return sorted(set(surnames))


def _burst_event(today: date) -> str:
    event = Event(
        slug="bench-burst", type="training", status=EventStatus.PUBLISHED,
        title="Szkolenie z naborem na 30 miejsc (benchmark)", summary="Popularne szkolenie.",
        starts_at=_at(today + timedelta(days=20), 10), ends_at=_at(today + timedelta(days=20), 15),
        venue_name="Sala konferencyjna", organiser="Federacja (benchmark)", capacity=BURST_SEATS,
    )
    db.session.add(event)
    db.session.commit()
    return event.slug


def generate(sizes: Sizes = Sizes()) -> dict:  # noqa: B008 - a frozen dataclass
    """Fill the database; returns the facts the load scenarios need."""
    rng = random.Random(2026)
    now = utcnow().replace(microsecond=0)
    today = now.date()
    seed_demo()
    counties = list(db.session.scalars(select(Institution).where(
        Institution.kind.in_(COUNTY_KINDS), Institution.teryt.startswith("14"))))
    logins = _users(now, sizes.users)
    authors = list(db.session.scalars(select(User).where(User.email.in_(logins))))
    events = _events(today, counties, sizes.events)
    _registrations(rng, events, now, sizes.registrations)
    consultations = _consultations(rng, today, authors, sizes)
    surnames = _members(rng, now, sizes.members)
    upcoming = [event.slug for event in events if event.starts_at > now]
    return {
        "password": PASSWORD,
        "logins": logins,
        "upcoming_events": upcoming,
        "open_events": [event.slug for event in events
                        if event.starts_at > now and event.capacity is None],
        "consultation": consultations["open"],
        "reported_consultation": consultations["reported"],
        "open_sections": list(db.session.scalars(select(Section.id).where(
            Section.consultation.has(slug=consultations["open"])))),
        "search_words": surnames,
        "burst_event": _burst_event(today),
        "burst_seats": BURST_SEATS,
        "big_event": _big_event(rng, today, now, sizes.big_event_registrations),
    }
