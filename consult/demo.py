"""Demo data for `flask seed-demo`: safe to run again, it adds only what is missing."""

from datetime import date

from sqlalchemy import func, select

from consult.advice.demo import seed_advice
from consult.auth.models import ADMIN, MANAGER, STAFF, USER
from consult.auth.services import create_user, find_user_by_email
from consult.consultations.demo import seed_consultations
from consult.cooperation.demo import seed_cooperation
from consult.events.demo import seed_events
from consult.extensions import db
from consult.institutions.models import Institution, Organisation
from consult.institutions.terc import import_bundled_terc
from consult.library.demo import seed_library
from consult.manage.services import set_role, update_institution
from consult.network.demo import seed_network
from consult.news.demo import seed_news
from consult.organisations.demo import seed_organisations
from consult.pages.models import AccessibilityStatement, Compliance
from consult.projects.demo import seed_projects
from consult.research.demo import seed_research

DEMO_PASSWORD = "demo-konsultacje-2026"  # noqa: S105 - printed by `make run`, demo only

DEMO_USERS = [
    ("admin@example.org", "Anna Administratorka", ADMIN, []),
    ("staff@example.org", "Piotr Zespołowy", STAFF, []),
    ("urzednik@plonsk.pl", "Joanna Urzędniczka", MANAGER, ["1420011"]),
    ("user@example.org", "Tomasz Mieszkaniec", USER, []),
]

# Official domains and websites of a few mazowieckie JST, for the demo.
DEMO_INSTITUTIONS = {
    "1420011": ("plonsk.pl", "https://plonsk.pl"),
    "1420092": ("gminaplonsk.pl", "https://gminaplonsk.pl"),
    "1462011": ("plock.eu", "https://www.plock.eu"),
    "1408011": ("um.legionowo.pl legionowo.pl", "https://legionowo.pl"),
}

# Example organisations; the numbers pass the NIP/REGON checksums but are not real.
DEMO_ORGANISATIONS = [
    ("Stowarzyszenie Aktywni Razem", "0000123456", "5260250274", "012345675", "Płońsk", "1420"),
    ("Fundacja Dobry Start", "0000654321", "1132853869", "146091357", "Płock", "1462"),
    ("Koło Gospodyń Wiejskich w Sochocinie", None, None, None, "Sochocin", "1420"),
]


def seed_demo() -> list[str]:
    report = []
    if not db.session.scalar(select(func.count()).select_from(Institution)):
        result = import_bundled_terc()
        report.append(f"institutions: {result.created} loaded from TERC 2024-01-01")
    by_teryt = {
        inst.teryt: inst
        for inst in db.session.scalars(
            select(Institution).where(Institution.teryt.in_(DEMO_INSTITUTIONS))
        )
    }
    for teryt, (domains, website) in DEMO_INSTITUTIONS.items():
        if teryt in by_teryt and not by_teryt[teryt].email_domains:
            update_institution(by_teryt[teryt], domains, website)

    for email, name, role, teryt in DEMO_USERS:
        if find_user_by_email(email) is None:
            user = create_user(name, email, DEMO_PASSWORD, verified=True)
            set_role(user, role, teryt)
        report.append(f"demo account: {email} / {DEMO_PASSWORD} ({role})")

    counties = {
        inst.teryt: inst
        for inst in db.session.scalars(select(Institution).where(Institution.teryt.in_(
            {row[5] for row in DEMO_ORGANISATIONS})))
    }
    for name, krs, nip, regon, seat, county in DEMO_ORGANISATIONS:
        if db.session.scalar(select(Organisation).where(Organisation.name == name)) is None:
            db.session.add(Organisation(name=name, krs=krs, nip=nip, regon=regon, seat=seat,
                                        powiat=counties.get(county)))

    report.extend(seed_events())
    report.extend(seed_consultations())
    report.extend(seed_organisations())
    report.extend(seed_network())
    report.extend(seed_cooperation())
    report.extend(seed_research())
    report.extend(seed_advice())
    report.extend(seed_library())
    report.extend(seed_news())
    report.extend(seed_projects())
    if db.session.scalar(select(AccessibilityStatement)) is None:
        db.session.add(demo_accessibility_statement())
    db.session.commit()
    return report


def demo_accessibility_statement() -> AccessibilityStatement:
    return AccessibilityStatement(
        entity_name="Federacja Organizacji Pozarządowych Regionu (demo)",
        published_on=date(2026, 9, 1),
        updated_on=date(2026, 11, 1),
        compliance=Compliance.PARTIAL,
        non_accessible_content=(
            "- Część załączników PDF publikowanych przez samorządy może nie być dostępna "
            "cyfrowo; na prośbę przygotujemy wersję dostępną."
        ),
        prepared_on=date(2026, 9, 1),
        reviewed_on=date(2026, 11, 1),
        assessment_method="Deklarację sporządzono na podstawie samooceny.",
        keyboard_shortcuts="Serwis nie używa niestandardowych skrótów klawiszowych.",
        contact_person="Katarzyna Dostępna",
        contact_email="dostepnosc@example.org",
        contact_phone="+48 22 123 45 67",
        architectural_accessibility=(
            "Biuro federacji mieści się na parterze, wejście bez progów, toaleta dostosowana "
            "do potrzeb osób na wózkach. Można wejść z psem asystującym. Na miejscu nie ma "
            "pętli indukcyjnej; tłumacza PJM zapewniamy po zgłoszeniu 3 dni wcześniej."
        ),
        mobile_apps="",
    )
