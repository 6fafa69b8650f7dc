"""Demo officials' network: the topic list and 40+ members in JSTs of several mazowieckie
powiats, with mixed visibility, a few coordinators, requests still waiting and one
rejected. Safe to run again: a member whose work e-mail is already there is skipped.

Names are invented, and so are the work e-mails: always under example.org/.com, never in a
real office's domain, so a demo with a real mail server (announcements!) writes to nobody.
"""

import re
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from consult.auth.services import find_user_by_email
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, RURAL_GMINA, Institution
from consult.network import services
from consult.network.models import DEFAULT_VISIBILITY, Member, MemberStatus, Topic, Visibility

TOPICS = [
    "Program współpracy",
    "Otwarte konkursy ofert",
    "Małe granty (art. 19a)",
    "Inicjatywa lokalna",
    "Budżet obywatelski",
    "Rady działalności pożytku publicznego",
    "Wolontariat",
    "Ekonomia społeczna",
    "Konsultacje",
    "Lokale dla organizacji",
]

# Who may see what: a few typical choices members make.
VISIBILITY_PATTERNS = {
    "default": {},  # the form's defaults: contact details for members only
    "open": {"work_email": Visibility.PUBLIC, "work_phone": Visibility.PUBLIC},
    "careful": {"work_email": Visibility.STAFF_ONLY, "work_phone": Visibility.STAFF_ONLY,
                "bio": Visibility.MEMBERS},
    "members": {"full_name": Visibility.MEMBERS, "position": Visibility.MEMBERS,
                "department": Visibility.MEMBERS,
                "work_email": Visibility.MEMBERS, "work_phone": Visibility.STAFF_ONLY,
                "topics": Visibility.MEMBERS,
                "bio": Visibility.MEMBERS},
    "phone_public": {"work_phone": Visibility.PUBLIC, "work_email": Visibility.MEMBERS},
}

COORDINATOR = "inspektor ds. współpracy z organizacjami pozarządowymi"
COORDINATOR_F = "inspektorka ds. współpracy z organizacjami pozarządowymi"
PROXY_F = "pełnomocniczka burmistrza ds. współpracy z organizacjami pozarządowymi"
PROXY = "pełnomocnik wójta ds. współpracy z organizacjami pozarządowymi"

# (TERYT, name, position, department, coordinator, topic numbers (1-based in TOPICS),
#  status, visibility pattern, days since joining)
DEMO_MEMBERS = [
    ("1420011", "Joanna Urzędniczka", PROXY_F, "Referat Spraw Społecznych", True,
     (1, 2, 9), MemberStatus.APPROVED, "open", 320),
    ("1420011", "Marek Sadowski", "podinspektor ds. budżetu obywatelskiego",
     "Referat Spraw Społecznych", False, (5, 9), MemberStatus.APPROVED, "default", 290),
    ("1420011", "Tomasz Lewandowski", "referent ds. sportu", "Referat Oświaty i Sportu",
     False, (2,), MemberStatus.PENDING, "default", 2),
    ("1420092", "Agnieszka Wróbel", COORDINATOR_F, "Referat Promocji i Rozwoju", True,
     (1, 3, 4), MemberStatus.APPROVED, "phone_public", 270),
    ("1420092", "Paweł Krajewski", "sekretarz gminy", "", False, (1, 6), MemberStatus.EMAIL_PENDING,
     "default", 6),
    ("1420", "Beata Kowalczyk", "kierowniczka Biura Promocji i Współpracy",
     "Biuro Promocji i Współpracy", True, (1, 2, 6), MemberStatus.APPROVED, "open", 250),
    ("1420", "Krzysztof Nowicki", "główny specjalista ds. konkursów",
     "Biuro Promocji i Współpracy", False, (2, 3), MemberStatus.APPROVED, "careful", 240),
    ("1420021", "Halina Makowska", COORDINATOR_F, "Referat Organizacyjny", True,
     (1, 7), MemberStatus.APPROVED, "default", 230),
    ("1420032", "Grzegorz Pietrzak", PROXY, "", True, (1, 4, 10),
     MemberStatus.APPROVED, "members", 220),
    ("1420043", "Elżbieta Zawadzka", "inspektorka ds. promocji i kultury",
     "Referat Promocji", False, (4, 5), MemberStatus.APPROVED, "default", 210),
    ("1420113", "Dariusz Sobczak", COORDINATOR, "Referat Spraw Obywatelskich", True,
     (1, 2), MemberStatus.APPROVED, "phone_public", 200),
    ("1420122", "Łukasz Górecki", "referent ds. kultury", "", False, (4,), MemberStatus.REJECTED,
     "default", 40),
    ("1462", "Katarzyna Malinowska", "dyrektorka Biura Obsługi Organizacji "
     "Pozarządowych", "Biuro Obsługi Organizacji Pozarządowych", True, (1, 2, 6),
     MemberStatus.APPROVED, "open", 330),
    ("1462011", "Piotr Jasiński", "główny specjalista ds. inicjatywy lokalnej",
     "Biuro Obsługi Organizacji Pozarządowych", False, (4, 5),
     MemberStatus.APPROVED, "default", 300),
    ("1462011", "Magdalena Szewczyk", "koordynatorka Centrum Organizacji Pozarządowych",
     "Centrum Organizacji Pozarządowych", False, (7, 10), MemberStatus.APPROVED, "careful", 280),
    ("1462011", "Ewa Baran", "inspektorka ds. ekonomii społecznej",
     "Wydział Polityki Społecznej", False, (8,), MemberStatus.EMAIL_PENDING, "default", 5),
    ("1408", "Rafał Michalski", "naczelnik Wydziału Promocji i Współpracy",
     "Wydział Promocji i Współpracy", True, (1, 6), MemberStatus.APPROVED, "default", 260),
    ("1408011", "Aleksandra Kubiak", "pełnomocniczka prezydenta ds. organizacji "
     "pozarządowych", "Wydział Spraw Społecznych", True, (1, 2, 3),
     MemberStatus.APPROVED, "open", 310),
    ("1408011", "Michał Wysocki", "specjalista ds. budżetu obywatelskiego",
     "Wydział Spraw Społecznych", False, (5, 9), MemberStatus.APPROVED, "members", 190),
    ("1408022", "Monika Adamczyk", COORDINATOR_F, "Referat Promocji", True, (1, 3),
     MemberStatus.APPROVED, "default", 180),
    ("1408032", "Jacek Kaczmarek", "inspektor ds. sportu i organizacji pozarządowych",
     "Referat Oświaty, Kultury i Sportu", False, (2, 7),
     MemberStatus.APPROVED, "phone_public", 170),
    ("1408043", "Renata Olszewska", "kierowniczka Referatu Spraw Społecznych",
     "Referat Spraw Społecznych", True, (1, 8), MemberStatus.APPROVED, "careful", 160),
    ("1408052", "Wojciech Stępień", "podinspektor ds. konsultacji społecznych", "", False,
     (9,), MemberStatus.PENDING, "default", 4),
    ("1419", "Dorota Dudek", "inspektorka ds. współpracy z organizacjami",
     "Wydział Edukacji i Spraw Społecznych", True, (1, 2), MemberStatus.APPROVED, "default", 150),
    ("1419063", "Andrzej Wieczorek", PROXY, "", True, (1, 3, 4),
     MemberStatus.APPROVED, "members", 140),
    ("1419072", "Barbara Jabłońska", "referentka ds. promocji gminy", "", False, (4, 7),
     MemberStatus.APPROVED, "default", 130),
    ("1419122", "Sebastian Nowakowski", COORDINATOR, "Referat Organizacyjny", True,
     (1, 2, 9), MemberStatus.APPROVED, "open", 120),
    ("1419153", "Iwona Czarnecka", "inspektorka ds. oświaty i kultury", "", False, (2,),
     MemberStatus.PENDING, "default", 3),
    ("1402", "Robert Zieliński", "kierownik Biura Rozwoju i Współpracy",
     "Biuro Rozwoju i Współpracy", True, (1, 6), MemberStatus.APPROVED, "default", 110),
    ("1402011", "Anna Kwiatkowska", "główna specjalistka ds. organizacji pozarządowych",
     "Wydział Spraw Obywatelskich", True, (1, 2, 3, 9), MemberStatus.APPROVED, "phone_public", 100),
    ("1402011", "Mateusz Rutkowski", "specjalista ds. wolontariatu",
     "Centrum Wolontariatu", False, (7,), MemberStatus.APPROVED, "careful", 95),
    ("1402033", "Zofia Michalak", COORDINATOR_F, "Referat Promocji i Kultury", True, (1, 4),
     MemberStatus.APPROVED, "default", 90),
    ("1402092", "Kamil Sikora", "referent ds. funduszy zewnętrznych", "", False, (3, 8),
     MemberStatus.APPROVED, "members", 85),
    ("1424", "Małgorzata Ostrowska", "inspektorka ds. kultury i sportu",
     "Wydział Promocji, Kultury i Sportu", False, (2,), MemberStatus.APPROVED, "default", 80),
    ("1424043", "Artur Błaszczyk", "pełnomocnik burmistrza ds. organizacji pozarządowych",
     "Wydział Spraw Społecznych", True, (1, 2, 5), MemberStatus.APPROVED, "open", 75),
    ("1424012", "Justyna Lis", "referentka ds. inicjatyw lokalnych", "", False, (4,),
     MemberStatus.PENDING, "default", 1),
    ("1428011", "Tadeusz Mazurek", "naczelnik Wydziału Kultury, Sportu i Organizacji "
     "Pozarządowych", "Wydział Kultury, Sportu i Organizacji Pozarządowych", True,
     (1, 2, 6), MemberStatus.APPROVED, "default", 70),
    ("1428082", "Natalia Wójcik", COORDINATOR_F, "Referat Rozwoju Lokalnego", True,
     (1, 4, 8), MemberStatus.APPROVED, "phone_public", 65),
    ("1427011", "Przemysław Krawczyk", "inspektor ds. promocji i współpracy z NGO",
     "Wydział Promocji", True, (1, 2), MemberStatus.APPROVED, "careful", 60),
    ("1463011", "Karolina Grabowska", "kierowniczka Biura ds. Organizacji Pozarządowych",
     "Biuro ds. Organizacji Pozarządowych", True, (1, 2, 6, 10), MemberStatus.APPROVED, "open", 55),
    ("1463011", "Bartosz Pawlak", "główny specjalista ds. budżetu obywatelskiego",
     "Biuro ds. Partycypacji", False, (5, 9), MemberStatus.APPROVED, "default", 50),
    ("1465011", "Urszula Witkowska", "główna specjalistka ds. konsultacji społecznych",
     "Centrum Komunikacji Społecznej", False, (9, 5), MemberStatus.APPROVED, "members", 45),
    ("1465011", "Jakub Kamiński", "zastępca dyrektora Centrum Komunikacji Społecznej",
     "Centrum Komunikacji Społecznej", True, (1, 6, 10), MemberStatus.APPROVED, "open", 35),
    ("1465011", "Weronika Szymańska", "koordynatorka ds. wolontariatu",
     "Biuro Pomocy i Projektów Społecznych", False, (7, 8), MemberStatus.APPROVED, "default", 25),
]

# The demo manager of Płońsk (consult.demo) is the first member, with her account.
DEMO_OFFICIAL = "urzednik@plonsk.pl"
# Approved members who asked to get no announcements (by name).
OPTED_OUT = {"Krzysztof Nowicki", "Magdalena Szewczyk"}
REJECTION_REASON = ("Nie udało się potwierdzić zatrudnienia w Urzędzie Gminy Załuski. "
                    "Prosimy o ponowne zgłoszenie z adresu e-mail w domenie urzędu.")
BIOS = {
    "Joanna Urzędniczka": "Przygotowuję roczny program współpracy i prowadzę jego "
                          "konsultacje. Chętnie podzielę się wzorami dokumentów.",
    "Katarzyna Malinowska": "Od 12 lat pracuję z organizacjami w Płocku; prowadzę "
                            "Płockie Centrum Organizacji Pozarządowych.",
    "Anna Kwiatkowska": "Zajmuję się małymi grantami i konkursami ofert.",
    "Andrzej Wieczorek": "Wdrażam inicjatywę lokalną w gminie wiejskiej.",
    "Karolina Grabowska": "Koordynuję Radomską Radę Działalności Pożytku Publicznego.",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")


def _work_email(name: str, institution: Institution, status: str) -> str:
    """A made-up office address; a request waiting for staff came from a private-looking
    one (why it waits)."""
    first, _sep, last = name.partition(" ")
    local = f"{_slug(first)}.{_slug(last)}".replace("-", ".")
    if status == MemberStatus.PENDING:
        return f"{local}.praca@example.com"
    if institution.kind in COUNTY_KINDS:
        prefix = "starostwo"
    elif institution.kind == RURAL_GMINA:
        prefix = "ug"
    else:
        prefix = "um"
    return f"{local}@{prefix}-{_slug(institution.name)}.example.org"


def _phone(n: int) -> str:
    return f"+48 23 {600 + n:03d} {(n * 37) % 100:02d} {(n * 53) % 100:02d}"


def seed_network() -> list[str]:
    report = []
    if not db.session.scalar(select(func.count()).select_from(Topic)):
        db.session.add_all(Topic(name=name, position=n, active=True)
                           for n, name in enumerate(TOPICS, start=1))
        db.session.flush()
        report.append(f"network: {len(TOPICS)} topics")
    topics = {topic.name: topic for topic in db.session.scalars(select(Topic))}
    institutions = {inst.teryt: inst for inst in db.session.scalars(
        select(Institution).where(Institution.teryt.in_({row[0] for row in DEMO_MEMBERS})))}
    existing = set(db.session.execute(select(Member.institution_id, Member.full_name)))
    now = utcnow().replace(microsecond=0)
    added = 0
    for n, (teryt, name, position, department, coordinator, topic_numbers, status, pattern,
            days) in enumerate(DEMO_MEMBERS, start=1):
        institution = institutions.get(teryt)
        if institution is None or (institution.id, name) in existing:
            continue
        user = find_user_by_email(DEMO_OFFICIAL) if n == 1 else None
        if user is not None and services.member_of(user) is not None:
            user = None
        email = user.email if user is not None else _work_email(name, institution, status)
        joined = now - timedelta(days=days, hours=n)
        member = Member(user_id=user.id if user else None, created_at=joined,
                        announcements_token=secrets.token_urlsafe(32),
                        announcements_opt_out=name in OPTED_OUT)
        services.apply_member_data(member, services.MemberData(
            institution=institution, full_name=name, position=position,
            department=department, work_email=email, work_phone=_phone(n),
            is_coordinator=coordinator, bio=BIOS.get(name, ""),
            topics=[topics[TOPICS[i - 1]] for i in topic_numbers if TOPICS[i - 1] in topics],
            visibility=DEFAULT_VISIBILITY | VISIBILITY_PATTERNS[pattern]), now=joined)
        services.set_status(member, status, now=joined)
        if status == MemberStatus.APPROVED:
            official = services.email_in_official_domain(email, institution)
            member.email_verified_at = joined + timedelta(hours=2) if official else None
            member.approved_at = joined + (timedelta(hours=2) if official
                                           else timedelta(days=1))
        elif status == MemberStatus.REJECTED:
            member.rejected_at = joined + timedelta(days=2)
            member.rejection_reason = REJECTION_REASON
        db.session.add(member)
        existing.add((institution.id, name))
        added += 1
    if added:
        db.session.flush()
        report.append(f"network: {added} members")
    return report
