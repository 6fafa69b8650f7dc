"""Demo events for `flask seed-demo`: past ones with attendance, a full training with a
waiting list, an online debate and a two-day seminar. Added only when missing (by slug).

Registrations are written directly, without e-mails, so the outbox stays readable.
"""

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from consult.core.timeutil import local_to_utc, utcnow
from consult.events import certificates
from consult.events.choices import CHOICE, HYBRID, ONLINE, ONSITE, YESNO
from consult.events.funding import FundingProject
from consult.events.models import (
    AgendaItem,
    Attendance,
    Event,
    EventQuota,
    EventStatus,
    Question,
    Registration,
    RegistrationStatus,
)
from consult.events.status import recount_seats
from consult.extensions import db
from consult.institutions.models import Institution

PROJECT_NAME = "Sieć współpracy NGO i samorządów Mazowsza"
NOTICE = (
    "Projekt „Sieć współpracy NGO i samorządów Mazowsza” jest realizowany z dofinansowania "
    "z Funduszy EOG w ramach programu Aktywni Obywatele – Fundusz Regionalny."
)

PEOPLE = [
    ("Agnieszka Nowak", "ngo", "Stowarzyszenie Aktywni Razem"),
    ("Bartosz Wiśniewski", "jst", "Urząd Miasta Płońsk"),
    ("Celina Wójcik", "ngo", "Fundacja Dobry Start"),
    ("Dariusz Kamiński", "jst", "Urząd Gminy Płońsk"),
    ("Ewa Lewandowska", "ngo", "Koło Gospodyń Wiejskich w Sochocinie"),
    ("Filip Zieliński", "jst", "Starostwo Powiatowe w Płońsku"),
    ("Grażyna Szymańska", "resident", ""),
    ("Henryk Woźniak", "ngo", "Ochotnicza Straż Pożarna w Baboszewie"),
    ("Irena Dąbrowska", "jst", "Urząd Miasta Płock"),
    ("Janusz Kozłowski", "ngo", "Uczniowski Klub Sportowy Orlik"),
    ("Katarzyna Jankowska", "jst", "Urząd Miasta Legionowo"),
    ("Łukasz Mazur", "ngo", "Fundacja Dobry Start"),
    ("Magdalena Kwiatkowska", "jst", "Urząd Gminy Sochocin"),
    ("Norbert Krawczyk", "other", "Mazowiecki Urząd Wojewódzki"),
    ("Olga Piotrowska", "ngo", "Stowarzyszenie Przyjaciół Ziemi Płońskiej"),
    ("Paweł Grabowski", "jst", "Urząd Gminy Baboszewo"),
    ("Renata Pawłowska", "ngo", "Fundacja Mazowsze Razem"),
    ("Stanisław Michalski", "resident", ""),
    ("Teresa Zając", "ngo", "Stowarzyszenie Aktywni Razem"),
    ("Urszula Król", "jst", "Starostwo Powiatowe w Legionowie"),
]


def _email(name: str, n: int) -> str:
    from consult.core.text import search_key

    return f"{search_key(name).replace(' ', '.')}.{n}@example.org"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour, minute)))


def demo_registration(event: Event, n: int, status: str, attended_days=()
                      ) -> Registration:
    """A registration of the n-th demo person (the same n, the same person)."""
    name, category, organisation = PEOPLE[n % len(PEOPLE)]
    email = _email(name, n // len(PEOPLE))
    registration = Registration(
        event=event, token=secrets.token_urlsafe(32), checkin_code=secrets.token_urlsafe(12),
        status=status, category=category, full_name=name, email=email, person_key=email,
        organisation=organisation, consent_rodo_at=event.created_at or utcnow(),
        email_confirmed_at=utcnow(),
        confirmed_at=utcnow() if status == RegistrationStatus.CONFIRMED else None,
    )
    registration.attendance = [Attendance(day=day) for day in attended_days]
    return registration


def _project() -> FundingProject:
    project = db.session.scalar(select(FundingProject).where(FundingProject.name == PROJECT_NAME))
    if project is None:
        project = FundingProject(name=PROJECT_NAME, funder="Fundusze EOG — Aktywni Obywatele",
                                 notice=NOTICE, retention_until=date(2031, 12, 31))
        db.session.add(project)
    return project


def seed_events() -> list[str]:
    today = utcnow().date()
    project = _project()
    counties = {
        inst.teryt: inst for inst in db.session.scalars(
            select(Institution).where(Institution.teryt.in_(("1420", "1462", "1408"))))
    }
    plonsk = counties.get("1420")
    created = []

    def add(slug: str, **fields) -> Event | None:
        if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
            return None
        fields.setdefault("status", EventStatus.PUBLISHED)
        event = Event(slug=slug, funding_project=project,
                      organiser="Federacja Organizacji Pozarządowych Regionu (demo)", **fields)
        db.session.add(event)
        created.append(slug)
        return event

    past_day = today - timedelta(days=40)
    past = add(
        "program-wspolpracy-krok-po-kroku", type="training",
        title="Program współpracy krok po kroku",
        summary="Jak przygotować roczny program współpracy z organizacjami i skonsultować go.",
        description="Szkolenie dla urzędników i liderów organizacji: **11 elementów** "
                    "programu (art. 5a ust. 4), harmonogram konsultacji, sprawozdanie.",
        speakers="Anna Trenerska\nMarek Ekspert",
        starts_at=_at(past_day, 10), ends_at=_at(past_day, 15), format=ONSITE,
        venue_name="Miejskie Centrum Kultury w Płońsku", venue_address="ul. Płocka 50, Płońsk",
        powiat=plonsk, capacity=25, hours=Decimal("5"), kilometres=120,
        accessibility_info="Sala na parterze, wejście bez progów, toaleta dostępna.",
    )
    if past is not None:  # 18 came, two of them did not turn up
        db.session.add_all(
            demo_registration(past, n, RegistrationStatus.CONFIRMED, [past_day] if n % 7 else [])
            for n in range(18))

    conference_day = today - timedelta(days=75)
    conference = add(
        "konferencja-wspolpraca-2026", type="conference",
        title="Konferencja: współpraca samorządów i NGO na Mazowszu",
        summary="Doświadczenia gmin i organizacji, dobre praktyki, inicjatywa lokalna.",
        starts_at=_at(conference_day, 9, 30), ends_at=_at(conference_day, 16),
        format=ONSITE, venue_name="Ratusz w Płocku", venue_address="Stary Rynek 1, Płock",
        powiat=counties.get("1462"), capacity=150, hours=Decimal("6"), kilometres=210,
    )
    if conference is not None:
        db.session.add_all(
            demo_registration(conference, n, RegistrationStatus.CONFIRMED, [conference_day])
            for n in range(20, 52))

    full_day = today + timedelta(days=14)
    full = add(
        "male-granty-art-19a", type="training",
        title="Małe granty (art. 19a) w praktyce",
        summary="Tryb pozakonkursowy od ogłoszenia do rozliczenia — warsztat z przykładami.",
        speakers="Joanna Prawniczka",
        starts_at=_at(full_day, 10), ends_at=_at(full_day, 14), format=ONSITE,
        venue_name="Starostwo Powiatowe w Płońsku", venue_address="ul. Płocka 39, Płońsk",
        powiat=plonsk, capacity=12, hours=Decimal("4"),
        quotas=[EventQuota(category="jst", seats=6), EventQuota(category="ngo", seats=8)],
        questions=[
            Question(kind=CHOICE, label="Czy Twoja gmina ogłaszała już małe granty?",
                     options="tak\nnie\nnie wiem", required=True, position=0),
            Question(kind=YESNO, label="Czy chcesz otrzymać materiały po szkoleniu?",
                     position=1),
        ],
    )
    if full is not None:
        jst = [n for n in range(40) if PEOPLE[n % len(PEOPLE)][1] == "jst"][:6]
        ngo = [n for n in range(40) if PEOPLE[n % len(PEOPLE)][1] == "ngo"][:6]
        db.session.add_all(demo_registration(full, n, RegistrationStatus.CONFIRMED)
                           for n in jst + ngo)
        db.session.flush()
        db.session.add_all(demo_registration(full, n, RegistrationStatus.WAITLISTED)
                           for n in range(60, 64))
    for event in (past, conference, full):  # registrations made here, not by the rules
        if event is not None:
            recount_seats(event)

    debate_day = today + timedelta(days=21)
    add(
        "debata-rady-pozytku", type="debate",
        title="Debata online: rady działalności pożytku publicznego",
        summary="Czy powiatowe rady pożytku działają? Rozmowa z członkami rad.",
        starts_at=_at(debate_day, 18), ends_at=_at(debate_day, 19, 30), format=ONLINE,
        online_url="https://meet.example.org/rady-pozytku", capacity=None, hours=Decimal("1.5"),
    )

    seminar_day = today + timedelta(days=35)
    seminar = add(
        "seminarium-partycypacja", type="seminar",
        title="Seminarium: partycypacja i konsultacje społeczne",
        summary="Dwa dni o konsultacjach, budżecie obywatelskim i inicjatywie lokalnej.",
        starts_at=_at(seminar_day, 10), ends_at=_at(seminar_day + timedelta(days=1), 15),
        format=HYBRID, venue_name="Dom Pracy Twórczej w Serocku",
        venue_address="ul. Retmańska 1, Serock", powiat=counties.get("1408"),
        online_url="https://meet.example.org/seminarium", capacity=40, hours=Decimal("12"),
        requires_approval=True,
    )
    if seminar is not None:
        seminar.agenda = [
            AgendaItem(starts_at=_at(seminar_day, 10), ends_at=_at(seminar_day, 12),
                       title="Konsultacje programu współpracy: prawo i praktyka",
                       speakers="Anna Trenerska"),
            AgendaItem(starts_at=_at(seminar_day, 13), ends_at=_at(seminar_day, 16),
                       title="Warsztat: raport z konsultacji (tabela uwag)"),
            AgendaItem(starts_at=_at(seminar_day + timedelta(days=1), 10),
                       ends_at=_at(seminar_day + timedelta(days=1), 15),
                       title="Budżet obywatelski i inicjatywa lokalna",
                       speakers="Marek Ekspert"),
        ]

    cancelled_day = today + timedelta(days=10)
    add(
        "spotkanie-sieci-odwolane", type="network_meeting", status=EventStatus.CANCELLED,
        title="Spotkanie sieci urzędników (odwołane)",
        cancel_reason="Przeniesione na styczeń z powodu choroby prowadzącej.",
        starts_at=_at(cancelled_day, 11), ends_at=_at(cancelled_day, 13), format=ONLINE,
        online_url="https://meet.example.org/siec", capacity=30,
    )
    return [f"event: {slug}" for slug in created] + seed_certificates()


def seed_certificates() -> list[str]:
    """Certificates of the past training's attendees: issued, not sent (staff send them
    from the event's page); issuing again changes nothing."""
    past = db.session.scalar(select(Event).where(Event.slug == "program-wspolpracy-krok-po-kroku"))
    if past is None or not past.is_past:
        return []
    return [f"certificates: {len(certificates.issue_all(past))} for {past.slug}"]
