"""The demo data with the longest things people really type: long titles, unbroken words,
long addresses and links, and an event with many registrations. Pages are checked for
reflow (WCAG 1.4.10) against this, because short demo text fits any layout."""

from sqlalchemy import select

from consult.consultations.models import Comment, Consultation
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.demo import seed_demo
from consult.events.demo import demo_registration
from consult.events.models import Event, RegistrationStatus
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.network.models import Member

LONG_WORD = "Przeciwdziałaniewykluczeniuspołecznemuiaktywizacjizawodowejmieszkańców"
LONG_EMAIL = "koordynatorka.programu.wspolpracy.z.organizacjami@starostwo-powiatowe-plonsk.gov.pl"
LONG_URL = ("https://bip.starostwo-powiatowe-plonsk.gov.pl/uchwaly/2027/program-wspolpracy-z-"
            "organizacjami-pozarzadowymi-i-podmiotami-prowadzacymi-dzialalnosc-pozytku.pdf")
REGISTRATIONS = 60


def seed_long_content() -> Event:
    """Demo data lengthened; returns the event that now has many registrations."""
    seed_demo()
    for event in db.session.scalars(select(Event)):
        event.title = f"{event.title}: {LONG_WORD}"
        event.description = f"{event.description}\n\n{LONG_WORD} — {LONG_URL}\n\n{LONG_EMAIL}"
        event.venue_name = f"{event.venue_name} {LONG_WORD}"
        event.organiser = f"{event.organiser} {LONG_WORD}"
    for consultation in db.session.scalars(select(Consultation)):
        consultation.title = f"{consultation.title}: {LONG_WORD}"
        consultation.summary = f"{consultation.summary} {LONG_WORD} {LONG_URL}"
        consultation.contact_email = LONG_EMAIL
        consultation.legal_basis = f"{consultation.legal_basis} {LONG_URL}"
    for comment in db.session.scalars(select(Comment)):
        comment.body = f"{comment.body} {LONG_WORD} {LONG_URL}"
        comment.organisation_name = f"Stowarzyszenie {LONG_WORD}"
    for member in db.session.scalars(select(Member)):
        member.position = f"{member.position} {LONG_WORD}"
        member.department = f"Wydział {LONG_WORD}"
        member.work_email = f"{member.id}.{LONG_EMAIL}"
        member.bio = f"{member.bio} {LONG_URL}"
    for organisation in db.session.scalars(select(Organisation)):
        organisation.name = f"{organisation.name} {LONG_WORD}"
        organisation.website = LONG_URL

    busy = db.session.scalars(select(Event).where(Event.starts_at > utcnow())
                              .order_by(Event.starts_at)).first()
    busy.capacity = max(busy.capacity or 0, REGISTRATIONS * 2)
    for n in range(REGISTRATIONS):
        registration = demo_registration(busy, 100 + n, RegistrationStatus.CONFIRMED)
        registration.full_name = f"{registration.full_name} {LONG_WORD}"[:200]
        registration.email = registration.person_key = f"{n}.{LONG_EMAIL}"
        registration.organisation = f"Fundacja {LONG_WORD}"
        registration.search_text = search_key(registration.full_name)
        db.session.add(registration)
    db.session.commit()
    return busy
