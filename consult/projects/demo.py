"""The demo's projects for `flask seed-demo`: the events' current project gets its public
page, and "Mazowiecka Koalicja na rzecz dialogu NGO-JST" (EEA and Norway Grants, Aktywni
Obywatele – Fundusz Krajowy, 20.03.2021 – 15.01.2024) is added with its partners, four
events held in 2021–2023 with attendance (some people at several of them, and a question
about sex at the last two), advice, a guide and a closing post — so that both pages'
counters and the funder's report show figures. Added only when missing (by name)."""

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select

from consult.advice.models import AdviceForm, AdviceSession, TopicCategory
from consult.auth.services import find_user_by_email
from consult.core.timeutil import local_to_utc
from consult.events.choices import CHOICE, ONSITE
from consult.events.demo import PEOPLE, PROJECT_NAME, demo_registration
from consult.events.editing import give_address
from consult.events.funding import FundingProject
from consult.events.models import Answer, Event, EventStatus, Question, RegistrationStatus
from consult.extensions import db
from consult.institutions.models import Institution, Organisation
from consult.library import services as library
from consult.library.models import LibraryMaterial, MaterialType
from consult.news.models import NewsPost
from consult.projects.services import add_partner

KOALICJA = "Mazowiecka Koalicja na rzecz dialogu NGO-JST"
KOALICJA_NOTICE = (
    "Projekt „Mazowiecka Koalicja na rzecz dialogu NGO-JST” realizowany z dofinansowaniem z "
    "Funduszy EOG w ramach programu Aktywni Obywatele – Fundusz Krajowy.")
KOALICJA_NOTICE_EN = (
    "The project “Mazowiecka Koalicja na rzecz dialogu NGO-JST” benefits from a grant from "
    "Iceland, Liechtenstein and Norway through the EEA Grants, programme Active Citizens "
    "Fund – National.")
SEXES = ("kobieta", "mężczyzna", "wolę nie podawać")

# slug, type, title, day, hours, kilometres, county, people (indexes into PEOPLE), asks sex
EVENTS = [
    ("koalicja-szkolenie-program-wspolpracy", "training",
     "Szkolenie: program współpracy z organizacjami krok po kroku", date(2021, 6, 15), "6",
     120, "1420", range(0, 14), False),
    ("koalicja-warsztaty-konsultacje", "workshop",
     "Warsztaty: konsultacje społeczne w gminie", date(2022, 3, 22), "5", 90, "1420",
     range(6, 18), False),
    ("koalicja-konferencja-dialog", "conference",
     "Konferencja „Dialog NGO–JST na Mazowszu”", date(2022, 10, 20), "7", 210, "1462",
     range(0, 20), True),
    ("koalicja-wizyta-studyjna-rdpp", "study_visit",
     "Wizyta studyjna: powiatowe rady działalności pożytku publicznego", date(2023, 5, 18),
     "8", 240, "1408", range(10, 20), True),
]

# day, minutes, organisation (index of the register's first three) or None, JST TERYT or
# None, topic, category, form
ADVICE = [
    (date(2022, 1, 12), 90, 0, None, "Statut a współpraca z gminą", TopicCategory.STATUTE,
     AdviceForm.IN_PERSON),
    (date(2022, 4, 5), 60, None, "1420092", "Harmonogram konsultacji programu",
     TopicCategory.CONSULTATIONS, AdviceForm.ONLINE),
    (date(2022, 9, 14), 120, 1, None, "Oferta w otwartym konkursie", TopicCategory.GRANTS,
     AdviceForm.IN_PERSON),
    (date(2023, 2, 8), 45, 2, None, "Inicjatywa lokalna", TopicCategory.LOCAL_GOVERNMENT,
     AdviceForm.PHONE),
    (date(2023, 9, 27), 75, None, "1420011", "Powołanie rady działalności pożytku "
     "publicznego", TopicCategory.LOCAL_GOVERNMENT, AdviceForm.IN_PERSON),
]


def _at(day: date, hour: int) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour)))


def seed_projects() -> list[str]:
    report = []
    current = db.session.scalar(select(FundingProject).where(FundingProject.name == PROJECT_NAME))
    if current is not None and not current.slug:
        current.published, current.programme = True, "Aktywni Obywatele – Fundusz Regionalny"
        current.starts_on, current.ends_on = date(2026, 1, 1), date(2027, 6, 30)
        current.target_groups = ("Urzędnicy i urzędniczki samorządów powiatów płońskiego, "
                                 "płockiego i legionowskiego; liderzy i liderki organizacji.")
        current.description = ("Szkolenia, doradztwo i sieć kontaktów dla osób, które "
                               "współpracują z organizacjami pozarządowymi w samorządach.")
        give_address(current)
        report.append(f"projects: the page of “{PROJECT_NAME}”")
    if db.session.scalar(select(FundingProject.id).where(FundingProject.name == KOALICJA)):
        return report
    project = FundingProject(
        name=KOALICJA, funder="Fundusze EOG", programme="Aktywni Obywatele – Fundusz Krajowy",
        notice=KOALICJA_NOTICE, notice_en=KOALICJA_NOTICE_EN, published=True,
        agreement_number="AO-FK/2021/DEMO-01",
        starts_on=date(2021, 3, 20), ends_on=date(2024, 1, 15),
        # The programme asks no own contribution: the grant is the whole cost.
        total_cost=Decimal("135940.00"), grant_amount=Decimal("135940.00"), currency="EUR",
        retention_until=date(2029, 12, 31),
        target_groups="Liderzy i liderki organizacji pozarządowych, urzędnicy i urzędniczki "
                      "gmin i powiatów Mazowsza, radni i radne.",
        reach="17 jednodniowych szkoleń dla 225 osób, konferencja dla 100 liderów i "
              "liderek NGO i 50 przedstawicieli JST, ponad 100 godzin doradztwa.",
        description="Koalicja organizacji i samorządów Mazowsza, która uczy się "
                    "współpracy w praktyce: **szkolenia**, **warsztaty**, wizyty studyjne, "
                    "doradztwo przy programach współpracy i konsultacjach, poradniki.")
    give_address(project)
    db.session.add(project)
    add_partner(project, "Starostwo Powiatowe w Płońsku", "1420")
    add_partner(project, "Federacja ROSA")
    _events(project)
    _advice(project)
    _material_and_post(project)
    report.append(f"projects: “{KOALICJA}” with 4 events, 5 advice sessions")
    return report


def _events(project: FundingProject) -> None:
    counties = {unit.teryt: unit for unit in db.session.scalars(
        select(Institution).where(Institution.teryt.in_({row[6] for row in EVENTS})))}
    for slug, kind, title, day, hours, km, county, people, asks_sex in EVENTS:
        if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
            continue
        event = Event(slug=slug, type=kind, title=title, status=EventStatus.PUBLISHED,
                      funding_project=project, format=ONSITE, starts_at=_at(day, 9),
                      ends_at=_at(day, 9 + int(hours)), hours=Decimal(hours), kilometres=km,
                      powiat=counties.get(county), capacity=60,
                      organiser="Federacja Organizacji Pozarządowych Regionu (demo)",
                      venue_name="Sala konferencyjna", summary=title)
        db.session.add(event)
        question = Question(kind=CHOICE, label="Płeć", options="\n".join(SEXES),
                            reports_sex=True) if asks_sex else None
        if question is not None:
            event.questions.append(question)
        for n in people:
            registration = demo_registration(event, n, RegistrationStatus.CONFIRMED, [day])
            if question is not None:
                registration.answers.append(Answer(question=question,
                                                   value=_sex_of(PEOPLE[n][0], n)))
            db.session.add(registration)


def _sex_of(name: str, n: int) -> str:
    """The demo's answers: by the first name's ending, and one person who would rather not
    say."""
    if n == 13:
        return SEXES[2]
    return SEXES[0] if name.split()[0].endswith("a") else SEXES[1]


def _advice(project: FundingProject) -> None:
    staff = find_user_by_email("staff@example.org")
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.id)
                                            .limit(3)))
    units = {unit.teryt: unit for unit in db.session.scalars(
        select(Institution).where(Institution.teryt.in_({row[3] for row in ADVICE if row[3]})))}
    for day, minutes, org, teryt, topic, category, form in ADVICE:
        organisation = organisations[org] if org is not None and org < len(organisations) else None
        unit = units.get(teryt) if teryt else None
        db.session.add(AdviceSession(
            held_on=day, start_time=time(10), minutes=minutes, organisation=organisation,
            institution=unit, advised_name="" if organisation or unit else "Organizacja (demo)",
            topic=topic, category=category, form=form, advisor=staff, created_by=staff,
            funding_project=project))


def _material_and_post(project: FundingProject) -> None:
    db.session.flush()  # the project's id
    title = "Rada działalności pożytku publicznego w powiecie — poradnik"
    if db.session.scalar(select(LibraryMaterial.id).where(LibraryMaterial.title == title)) is None:
        library.save_material(
            LibraryMaterial(), title=title, authors="Mazowiecka Koalicja", year=2023,
            type=MaterialType.GUIDE, language="pl", project_id=project.id,
            url="https://example.org/poradniki/rada-pozytku", accessible=True,
            accessibility_note="", tags="rada pożytku, powiat", published=True)
    slug = "koalicja-podsumowanie"
    if db.session.scalar(select(NewsPost.id).where(NewsPost.slug == slug)) is None:
        db.session.add(NewsPost(
            slug=slug, title="Mazowiecka Koalicja podsumowuje projekt",
            lead="Cztery spotkania, dziesiątki godzin doradztwa i poradnik o radach pożytku.",
            body="Dziękujemy partnerom: Starostwu Powiatowemu w Płońsku i Federacji ROSA.",
            published_at=local_to_utc(datetime(2024, 1, 20, 12)), project_id=project.id))
