"""Security baseline: CSRF on every POST, headers, cookies, redirects, rate limits, escaping."""

import io
import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask
from PIL import Image

from consult.account import services as account_services
from consult.advice.models import AdviceSession
from consult.auth import services as auth_services
from consult.auth.models import ADMIN, STAFF, USER, User
from consult.auth.services import create_user
from consult.auth.sessions import start_session
from consult.consultations.choices import PAPER
from consult.consultations.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
    ConsultationAttachment,
    Decision,
    Section,
    Subscription,
)
from consult.cooperation.models import Intervention, InterventionProblem
from consult.core.mail import OutboxMessage, OutboxStatus, queue_mail
from consult.core.timeutil import local_day, utcnow
from consult.events import services as event_services
from consult.events.funding import FundingProject, FundingProjectLogo, ProjectPartner
from consult.events.models import Attendance, Event, EventMaterial, EventStatus, Question
from consult.extensions import db, limiter
from consult.institutions.models import CITY_COUNTY, URBAN_GMINA, Institution, Organisation
from consult.library.models import LibraryMaterial
from consult.mailing import services as mailing_services
from consult.mailing.models import ConsentSource
from consult.manage.services import set_role
from consult.network import mail as network_mail
from consult.network import services as network_services
from consult.network.models import FIELDS as NETWORK_FIELDS
from consult.network.models import Member as NetworkMember
from consult.network.models import MemberStatus, Topic
from consult.news.models import NewsPost
from consult.research.models import Diagnosis, DiagnosisStatus
from tests.research.world import ResearchRef, research_diagnosis, waiting_invitation
from tests.walks import is_walked, walked

PASSWORD = "Zielony-Tramwaj-Pod-Mostem-42"
NEW_PASSWORD = "Czerwony-Rower-Nad-Rzeka-17"
EVIL_NAME = "<script>alert(1)</script>"

# --- helpers ----------------------------------------------------------------------------

_numbers = itertools.count(1)


@dataclass
class Person:
    id: int
    email: str
    session_id: str


def make_person(app: Flask, role: str = USER, verified: bool = True, full_name=None) -> Person:
    """A user, made in its own app context (requests then run in theirs, as in production)."""
    n = next(_numbers)
    with app.app_context():
        user = create_user(full_name or f"Osoba Testowa {n}", f"sec{n}-{role}@example.org",
                           PASSWORD, verified=verified)
        set_role(user, role, [])
        db.session.commit()
        return Person(user.id, user.email, user.get_id())


def client_for(app: Flask, person: Person | None = None):
    client = app.test_client()
    client.set_cookie("lang", "en")
    if person is not None:
        with client.session_transaction() as session:
            session["_user_id"] = person.session_id
            session["_fresh"] = True
    return client


class InputValues(HTMLParser):
    """name -> value of the <input> elements of a page (entities decoded)."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "name" in attrs:
            self.values[attrs["name"]] = attrs.get("value") or ""


def in_site_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'class="site-footer"' in body


def is_local(location: str) -> bool:
    parts = urlsplit(location)
    return (
        location.startswith("/") and not location.startswith("//") and "\\" not in location
        and not parts.scheme and not parts.netloc
    )


def set_cookies(response, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def cookie_attributes(header: str) -> dict[str, str]:
    attributes = {}
    for part in header.split(";")[1:]:
        key, _sep, value = part.strip().partition("=")
        attributes[key.lower()] = value
    return attributes


# --- every POST route without a CSRF token ----------------------------------------------


@dataclass
class EventRef:
    id: int
    slug: str
    day: str  # its first local day, as the check-in form sends it


@dataclass
class RegistrationRef:
    id: int
    event: EventRef
    token: str
    checkin_code: str
    email: str


@dataclass
class ConsultationRef:
    id: int
    slug: str
    section_ids: list[int]


@dataclass
class NetworkMemberRef:
    id: int
    person: Person  # the member's account
    institution_id: int
    announcements_token: str
    verify_token: str  # the work e-mail link (it opens only while the entry waits for it)


CONSULTATION_TERYT = "1462011"  # Płock
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"



def png() -> bytes:
    """A 1 × 1 PNG (a funding project's logo)."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, "PNG")
    return buffer.getvalue()

class Setup:
    """What the POST cases need, made in the app under test."""

    def __init__(self, app: Flask):
        self.app = app

    def person(self, role=USER, verified=True) -> Person:
        return make_person(self.app, role, verified)

    def _commit(self, make):
        with self.app.test_request_context():
            result = make()
            db.session.commit()
            return result

    def institution(self) -> int:
        def make():
            inst = Institution(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                               email_domains="", register_date=date(2024, 1, 1))
            db.session.add(inst)
            db.session.flush()
            return inst.id
        return self._commit(make)

    def organisation(self) -> int:
        def make():
            org = Organisation(name="Fundacja Przykładowa")
            db.session.add(org)
            db.session.flush()
            return org.id
        return self._commit(make)

    def failed_message(self) -> int:
        person = self.person()

        def make():
            user = db.session.get(User, person.id)
            message = queue_mail(user.email, "Wiadomość testowa", "auth/mail/verify", user=user,
                                 url="https://example.org/x", hours=72)
            message.status = OutboxStatus.FAILED
            db.session.flush()
            return message.id
        return self._commit(make)

    def event(self, status=EventStatus.PUBLISHED, starts_in=timedelta(days=7)) -> EventRef:
        n = next(_numbers)

        def make():
            starts_at = utcnow().replace(microsecond=0) + starts_in
            event = Event(
                slug=f"szkolenie-{n}", title=f"Szkolenie {n}", type="training",
                starts_at=starts_at, ends_at=starts_at + timedelta(hours=6), capacity=20,
                status=status, venue_name="Urząd Miasta Płońsk",
                venue_address="ul. Płocka 39, 09-100 Płońsk",
            )
            db.session.add(event)
            db.session.flush()
            return EventRef(event.id, event.slug, local_day(starts_at).isoformat())
        return self._commit(make)

    def registration(self, event: EventRef | None = None, confirmed=True) -> RegistrationRef:
        """Confirmed (added by staff), or a guest's, pending until the e-mail is confirmed."""
        event = event or self.event()
        n = next(_numbers)

        def make():
            data = event_services.RegistrationData(
                full_name=f"Uczestniczka {n}", email=f"uczestniczka{n}@example.org",
                category="ngo", organisation="Stowarzyszenie Aktywni Razem",
            )
            registration = event_services.register(
                db.session.get(Event, event.id), data, staff=object() if confirmed else None
            )
            return RegistrationRef(registration.id, event, registration.token,
                                   registration.checkin_code, registration.email)
        return self._commit(make)

    def attended(self) -> RegistrationRef:
        """A participant present at an event that is over."""
        registration = self.registration(self.event(starts_in=timedelta(days=-2)))

        def make():
            db.session.add(Attendance(registration_id=registration.id,
                                      day=date.fromisoformat(registration.event.day)))
        self._commit(make)
        return registration

    def question(self, event: EventRef) -> int:
        def make():
            question = Question(event_id=event.id, label="Skąd wiesz o szkoleniu?")
            db.session.add(question)
            db.session.flush()
            return question.id
        return self._commit(make)

    def project(self) -> int:
        def make():
            project = FundingProject(name="Aktywni Obywatele")
            db.session.add(project)
            db.session.flush()
            return project.id
        return self._commit(make)

    def material(self, event: EventRef) -> int:
        def make():
            material = EventMaterial(event_id=event.id, title="Nagranie spotkania",
                                     url="https://example.org/nagranie")
            db.session.add(material)
            db.session.flush()
            return material.id
        return self._commit(make)

    def library_material(self) -> int:
        def make():
            material = LibraryMaterial(title="Poradnik konsultacji", year=2024, type="guide",
                                       url="https://example.org/poradnik", published=True)
            db.session.add(material)
            db.session.flush()
            return material.id
        return self._commit(make)

    def news_post(self, published=True) -> int:
        def make():
            n = next(_numbers)
            post = NewsPost(title=f"Wiadomość {n}", slug=f"wiadomosc-{n}",
                            published_at=utcnow() if published else None)
            db.session.add(post)
            db.session.flush()
            return post.id
        return self._commit(make)

    def intervention(self) -> int:
        """An intervention to Płock, with a summary ready to publish."""
        institution_id = self.consultation_institution()

        def make():
            intervention = Intervention(
                institution_id=institution_id, sent_on=date(2026, 1, 5),
                subject="Wezwanie do uchwalenia programu",
                problem=InterventionProblem.PROGRAMME_NOT_ADOPTED,
                public_summary="Federacja wezwała miasto do uchwalenia programu.")
            db.session.add(intervention)
            db.session.flush()
            return intervention.id
        return self._commit(make)

    def partner(self, project_id: int) -> int:
        def make():
            partner = ProjectPartner(project_id=project_id, name="Federacja ROSA")
            db.session.add(partner)
            db.session.flush()
            return partner.id
        return self._commit(make)

    def logo(self, project_id: int) -> int:
        def make():
            logo = FundingProjectLogo(project_id=project_id, content_type="image/png",
                                      width=1, height=1, data=png())
            db.session.add(logo)
            db.session.flush()
            return logo.id
        return self._commit(make)

    # consultations

    def consultation_institution(self) -> int:
        """Płock, made on first use (every consultation here is Płock's)."""
        def make():
            found = db.session.scalar(db.select(Institution.id).where(
                Institution.teryt == CONSULTATION_TERYT))
            if found is not None:
                return found
            inst = Institution(teryt=CONSULTATION_TERYT, name="Płock", kind=CITY_COUNTY,
                               email_domains="", register_date=date(2024, 1, 1))
            db.session.add(inst)
            db.session.flush()
            return inst.id
        return self._commit(make)

    def consultation(self, opens_in=timedelta(days=-1), closes_in=timedelta(days=7),
                     announced=True, **fields) -> ConsultationRef:
        """Open for comments (announced a day before it opened) unless told otherwise; a
        chapter and a paragraph."""
        institution_id = self.consultation_institution()
        n = next(_numbers)

        def make():
            now = utcnow().replace(microsecond=0)
            consultation = Consultation(
                slug=f"konsultacja-{n}", title=f"Program współpracy {n}",
                institution_id=institution_id, opens_at=now + opens_in,
                closes_at=now + closes_in,
                announced_at=now + opens_in - timedelta(days=1) if announced else None,
                sections=[
                    Section(position=0, level=1, number="Rozdział I",
                            title="Postanowienia ogólne"),
                    Section(position=1, level=2, number="§ 1", title="Cel główny",
                            text="Celem głównym programu jest budowanie partnerstwa."),
                ], **fields)
            db.session.add(consultation)
            db.session.flush()
            return ConsultationRef(consultation.id, consultation.slug,
                                   [section.id for section in consultation.sections])
        return self._commit(make)

    def closed_consultation(self, **fields) -> ConsultationRef:
        return self.consultation(opens_in=timedelta(days=-30), closes_in=timedelta(days=-1),
                                 **fields)

    def comment(self, consultation: ConsultationRef, author: Person | None = None,
                **fields) -> int:
        """A comment on the paragraph, published unless ``status`` says otherwise; a
        published one has its number, as the site gives it on publication."""
        author = author or self.person()

        def make():
            if "status" not in fields:
                last = db.session.scalar(db.select(db.func.max(Comment.number)).where(
                    Comment.consultation_id == consultation.id))
                fields["number"] = (last or 0) + 1
            comment = Comment(
                consultation_id=consultation.id, section_id=consultation.section_ids[1],
                author_id=author.id, author_name=f"Autor {author.id}", private_number=1,
                body="Proponujemy doprecyzować cel główny.",
                submitted_at=utcnow() - timedelta(hours=1), **fields)
            db.session.add(comment)
            db.session.flush()
            return comment.id
        return self._commit(make)

    def answered_comment(self, consultation: ConsultationRef) -> int:
        return self.comment(consultation, decision=Decision.ACCEPTED, decision_text="Uwzględniono.",
                            answered_at=utcnow())

    def flagged_comment(self, consultation: ConsultationRef) -> int:
        comment_id = self.comment(consultation)
        reporter = self.person()
        self._commit(lambda: db.session.add(CommentFlag(
            comment_id=comment_id, user_id=reporter.id, reason="Obraźliwy język.")))
        return comment_id

    def reported_consultation(self) -> ConsultationRef:
        """Closed, its comment answered, the report published (the adopted version not)."""
        consultation = self.closed_consultation(report_published_at=utcnow())
        self.answered_comment(consultation)
        return consultation

    def attachment(self, consultation: ConsultationRef) -> int:
        def make():
            attachment = ConsultationAttachment(
                consultation_id=consultation.id, title="Projekt programu (PDF)",
                filename="projekt-programu.pdf", content_type="application/pdf",
                size=len(PDF), data=PDF)
            db.session.add(attachment)
            db.session.flush()
            return attachment.id
        return self._commit(make)

    def subscription(self, confirmed: bool) -> str:
        """A subscription to an open consultation; its token."""
        consultation = self.consultation()
        n = next(_numbers)

        def make():
            subscription = Subscription(
                email=f"obserwatorka{n}@example.org", token=secrets.token_urlsafe(32),
                locale="pl", consultation_id=consultation.id,
                confirmed_at=utcnow() if confirmed else None)
            db.session.add(subscription)
            return subscription.token
        return self._commit(make)

    def _token(self, recipient: str, prefix: str) -> str:
        with self.app.app_context():
            message = db.session.scalars(
                db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                .order_by(OutboxMessage.id.desc())
            ).first()
            found = re.search(re.escape(prefix) + r"([A-Za-z0-9_.\-]+)", message.text_body)
            assert found, f"no {prefix} link in the mail to {recipient}"
            return found.group(1)

    def verify_token(self) -> str:
        person = self.person(verified=False)
        self._commit(lambda: auth_services.send_verification(db.session.get(User, person.id)))
        return self._token(person.email, "/auth/verify/")

    def reset_token(self) -> str:
        person = self.person()
        self._commit(lambda: auth_services.request_password_reset(person.email))
        return self._token(person.email, "/auth/reset/")

    def email_change_token(self) -> str:
        person = self.person()
        new_email = f"new-{person.id}@example.org"
        self._commit(lambda: account_services.request_email_change(
            db.session.get(User, person.id), new_email))
        return self._token(new_email, "/account/email/confirm/")

    # network

    def network_institution(self) -> int:
        """A gmina of its own (no official e-mail domains: every entry waits for staff)."""
        n = next(_numbers)

        def make():
            inst = Institution(teryt=f"14{n:05d}", name=f"Gmina Sieciowa {n}",
                               kind=URBAN_GMINA, email_domains="",
                               register_date=date(2024, 1, 1))
            db.session.add(inst)
            db.session.flush()
            return inst.id
        return self._commit(make)

    def network_member(self, status=MemberStatus.APPROVED) -> NetworkMemberRef:
        """A user with an entry in the network, every field public."""
        person = self.person()
        institution_id = self.network_institution()

        def make():
            member = NetworkMember(
                user_id=person.id, institution_id=institution_id, full_name="Anna Nowak",
                work_email=f"anna{institution_id}@example.org", status=status,
                approved_at=utcnow() if status == MemberStatus.APPROVED else None,
                announcements_token=secrets.token_urlsafe(32))
            db.session.add(member)
            network_services.set_visibility(member, {name: "public" for name in NETWORK_FIELDS})
            db.session.flush()
            return NetworkMemberRef(member.id, person, institution_id,
                                    member.announcements_token,
                                    network_mail.verification_token(member))
        return self._commit(make)

    def topic(self) -> int:
        n = next(_numbers)

        def make():
            topic = Topic(name=f"Ekonomia społeczna {n}", position=n)
            db.session.add(topic)
            db.session.flush()
            return topic.id
        return self._commit(make)


@dataclass
class PostCase:
    actor: Person | None
    data: dict
    values: dict = field(default_factory=dict)


def _new_password(**extra) -> dict:
    return {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, **extra}


EVENT_FORM = {
    "type": "workshop", "title": "Warsztat: jak konsultować program współpracy", "slug": "",
    "summary": "", "description": "", "speakers": "",
    "starts_at": "2030-01-15T10:00", "ends_at": "2030-01-15T16:00", "format": "onsite",
    "venue_name": "Urząd Miasta Płońsk", "venue_address": "ul. Płocka 39, 09-100 Płońsk",
    "powiat_id": "0", "accessibility_info": "", "online_url": "", "organiser": "Federacja",
    "partners": [], "other_partners": "", "funding_project_id": "0", "hours": "6",
    "kilometres": "", "capacity": "20", "quota_ngo": "", "quota_jst": "",
    "quota_resident": "", "quota_other": "", "registration_opens_at": "",
    "registration_closes_at": "", "waitlist_enabled": "y",
}
PARTICIPANT = {
    "full_name": "Maria Łęcka", "email": "maria.lecka@example.org", "category": "ngo",
    "organisation": "Stowarzyszenie Aktywni Razem", "position": "prezeska", "phone": "",
}
RATINGS = {"overall": "5", "usefulness": "4", "organisation": "5", "liked": "Przykłady.",
           "improve": ""}


def _staff_event_case(s: Setup, data: dict, status=EventStatus.PUBLISHED) -> PostCase:
    return PostCase(s.person(STAFF), data, {"event_id": s.event(status).id})


def _staff_registration_case(s: Setup, data: dict, confirmed=True) -> PostCase:
    registration = s.registration(confirmed=confirmed)
    return PostCase(s.person(STAFF), data, {"event_id": registration.event.id,
                                            "registration_id": registration.id})


def _edit_case(s: Setup) -> PostCase:
    event = s.event()
    return PostCase(s.person(STAFF), {**EVENT_FORM, "slug": event.slug},
                    {"event_id": event.id})


def _question_delete_case(s: Setup) -> PostCase:
    event = s.event()
    return PostCase(s.person(STAFF), {},
                    {"event_id": event.id, "question_id": s.question(event)})


def _question_edit_case(s: Setup) -> PostCase:
    event = s.event()
    return PostCase(s.person(STAFF), {"label": "Skąd wiesz o warsztacie?", "help_text": "",
                                      "kind": "text", "options": ""},
                    {"event_id": event.id, "question_id": s.question(event)})


def _question_move_case(s: Setup) -> PostCase:
    event = s.event()
    s.question(event)
    return PostCase(s.person(STAFF), {"direction": "up"},  # the second above the first
                    {"event_id": event.id, "question_id": s.question(event)})


def _move_case(s: Setup) -> PostCase:
    target = s.event()
    return _staff_registration_case(s, {"target_event": str(target.id)})


def _checkin_toggle_case(s: Setup) -> PostCase:
    # check-in is open only on the event's days: this one began a minute ago
    registration = s.registration(s.event(starts_in=timedelta(minutes=-1)))
    return PostCase(s.person(STAFF), {"day": registration.event.day, "present": "yes"},
                    {"event_id": registration.event.id, "registration_id": registration.id})


def _checkin_scan_case(s: Setup) -> PostCase:
    # check-in is open only on the event's days: this one began a minute ago
    registration = s.registration(s.event(starts_in=timedelta(minutes=-1)))
    return PostCase(s.person(STAFF), {"day": registration.event.day, "present": "yes"},
                    {"code": registration.checkin_code})


COMMENT_FORM = {
    "body": "Proponujemy dopisać współpracę z radą działalności pożytku publicznego.",
    "proposed_text": "Celem głównym jest budowanie partnerstwa z radą.",
    "justification": "Rada opiniuje program.", "on_behalf": "organisation",
    "organisation_name": "Stowarzyszenie Aktywni Razem", "organisation_krs": "0000123456",
}
CONSULTATION_FORM = {
    "title": "Program współpracy Miasta Płocka z organizacjami pozarządowymi na 2031 r.",
    "kind": "annual", "year": "2031", "summary": "", "legal_basis": "Uchwała nr XII/85/2011",
    "participation": "everyone", "moderation": "post", "opens_on": "2030-10-01",
    "opens_time": "", "closes_on": "2030-10-21", "closes_time": "",
    "contact_name": "Anna Nowak", "contact_email": "anna.nowak@example.org",
    "contact_phone": "", "report_forms": "",
}
SECTION_FORM = {"level": "2", "number": "§ 2", "title": "Zasady współpracy",
                "text": "Współpraca opiera się na zasadzie pomocniczości."}


def _comment_case(s: Setup) -> PostCase:
    """A verified user comments on an open consultation."""
    consultation = s.consultation()
    return PostCase(s.person(), {**COMMENT_FORM, "section": str(consultation.section_ids[1])},
                    {"slug": consultation.slug})


def _own_comment_case(s: Setup, data: dict) -> PostCase:
    """The author changes their comment while the consultation is open."""
    consultation = s.consultation()
    author = s.person()
    return PostCase(author, data, {"slug": consultation.slug,
                                   "comment_id": s.comment(consultation, author)})


def _flag_case(s: Setup) -> PostCase:
    consultation = s.consultation()
    return PostCase(s.person(), {"reason": "Obraźliwy język."},
                    {"slug": consultation.slug, "comment_id": s.comment(consultation)})


def _follow_institution_case(s: Setup) -> PostCase:
    s.consultation_institution()
    return PostCase(None, {"email": "obserwatorka@example.org"},
                    {"teryt": CONSULTATION_TERYT})


def _staff_consultation_case(s: Setup, data: dict, consultation=None) -> PostCase:
    consultation = consultation or s.consultation()
    return PostCase(s.person(STAFF), data, {"consultation_id": consultation.id})


def _staff_comment_case(s: Setup, data: dict, make_comment=None) -> PostCase:
    consultation = s.consultation()
    comment_id = (make_comment or s.comment)(consultation)
    return PostCase(s.person(STAFF), data, {"consultation_id": consultation.id,
                                            "comment_id": comment_id})


def _staff_section_case(s: Setup, data: dict, section: int = 1) -> PostCase:
    """On a consultation not yet announced (its sections can still be added, moved,
    replaced and deleted: once it opens they are fixed)."""
    consultation = s.consultation(announced=False)
    return PostCase(s.person(STAFF), data, {"consultation_id": consultation.id,
                                            "section_id": consultation.section_ids[section]})


def _new_consultation_case(s: Setup) -> PostCase:
    s.consultation_institution()
    return PostCase(s.person(STAFF), {**CONSULTATION_FORM, "institution_id": "0",
                                      "teryt": CONSULTATION_TERYT})


def _edit_consultation_case(s: Setup) -> PostCase:
    return _staff_consultation_case(s, {
        **CONSULTATION_FORM, "institution_id": str(s.consultation_institution()), "teryt": ""})


def _attachments_case(s: Setup) -> PostCase:
    return _staff_consultation_case(s, {"title": "Projekt programu (PDF)",
                                        "document": (io.BytesIO(PDF), "projekt.pdf")})


def _delete_attachment_case(s: Setup) -> PostCase:
    consultation = s.consultation()
    return PostCase(s.person(STAFF), {}, {"consultation_id": consultation.id,
                                          "attachment_id": s.attachment(consultation)})


def _checklist_case(s: Setup) -> PostCase:
    consultation = s.consultation()
    return _staff_consultation_case(
        s, {f"elements-{consultation.section_ids[1]}": ["1", "2"]}, consultation)


def _final_case(s: Setup) -> PostCase:
    consultation = s.reported_consultation()
    return _staff_consultation_case(s, {
        "final_note": "Uchwała nr XV/120/2030 Rady Miasta Płocka",
        **{f"section_{sid}": "Tekst przyjęty przez Radę." for sid in consultation.section_ids},
    }, consultation)


def _publish_report_case(s: Setup) -> PostCase:
    """Closed, every published comment answered: nothing blocks the report."""
    consultation = s.closed_consultation()
    s.answered_comment(consultation)
    return _staff_consultation_case(s, {}, consultation)


def _network_entry_form(institution_id: int) -> dict:
    """What the join form and the own-entry form accept (each ignores the other's box)."""
    return {"institution": str(institution_id), "full_name": "Anna Nowak",
            "position": "inspektorka ds. współpracy z NGO", "work_email": "anna@example.org",
            "consent": "y", "announcements": "y",
            **{f"{name}_visibility": "public" for name in NETWORK_FIELDS}}


def _network_me_case(s: Setup) -> PostCase:
    member = s.network_member()
    return PostCase(member.person, _network_entry_form(member.institution_id))


def _network_staff_case(s: Setup, data: dict) -> PostCase:
    """Staff decide on a request waiting for them."""
    return PostCase(s.person(STAFF), data, {"member_id": s.network_member(MemberStatus.PENDING).id})


def _topic_edit_case(s: Setup) -> PostCase:
    topic_id = s.topic()
    prefix = f"topic-{topic_id}"
    return PostCase(s.person(STAFF), {f"{prefix}-name": "Ekonomia społeczna i rewitalizacja",
                                      f"{prefix}-position": "3", "action": "save"},
                    {"topic_id": topic_id})


def _announcement_case(s: Setup) -> PostCase:
    """The "send" button after the preview of the same filters (all counties, all topics:
    "0:0"); an approved member gets it."""
    s.network_member()
    return PostCase(s.person(STAFF), {
        "subject": "Spotkanie sieci w Płocku", "body": "Zapraszamy na **spotkanie** sieci.",
        "powiat": "0", "topic": "0", "previewed": "0:0", "send": "1"})


def _mailing_token(s: Setup) -> str:
    """An address on the mailing list (consult/mailing/)."""
    return s._commit(lambda: mailing_services.subscribe(
        f"lista{secrets.token_hex(4)}@example.org", ConsentSource.ACCOUNT).token)


def _mailing_case(s: Setup) -> PostCase:
    """The "send" button after the preview of the same audience and filters (both
    audiences, all areas, all counties: "both::0"); an address on the list gets it."""
    _mailing_token(s)
    return PostCase(s.person(STAFF), {
        "subject": "Szkolenia w grudniu", "body": "Zapraszamy na **szkolenia**.",
        "audience": "both", "area": "", "powiat": "0", "previewed": "both::0", "send": "1"})


def _end_other_sessions_case(s: Setup) -> PostCase:
    """The person is signed in in a second browser too, which the button signs out."""
    person = s.person()
    s._commit(lambda: start_session(db.session.get(User, person.id)))
    return PostCase(person, {})



def _partner_delete_case(s: Setup) -> PostCase:
    project_id = s.project()
    return PostCase(s.person(STAFF), {}, {"project_id": project_id,
                                          "partner_id": s.partner(project_id)})


def _project_logo_delete_case(s: Setup) -> PostCase:
    project_id = s.project()
    return PostCase(s.person(STAFF), {}, {"project_id": project_id,
                                          "logo_id": s.logo(project_id)})


LIBRARY_FORM = {
    "title": "Nagranie konferencji", "authors": "", "year": "2024", "type": "recording",
    "language": "pl", "project_id": "0", "url": "https://example.org/nagranie",
    "accessibility_note": "", "tags": "dialog", "published": "y"}
NEWS_FORM = {"title": "Ruszają szkolenia", "lead": "", "body": "Zapraszamy.",
             "project_id": "0", "image_alt": ""}


def _send_materials_case(s: Setup) -> PostCase:
    """A past event with a link among its materials; nobody has attended it yet."""
    event = s.event(starts_in=timedelta(days=-2))
    s.material(event)
    return PostCase(s.person(STAFF), {}, {"event_id": event.id})


def _delete_material_case(s: Setup) -> PostCase:
    event = s.event(starts_in=timedelta(days=-2))
    return PostCase(s.person(STAFF), {}, {"event_id": event.id,
                                          "material_id": s.material(event)})


def _paper_comment_case(s: Setup) -> PostCase:
    """A letter received today on an open consultation, entered by staff."""
    consultation = s.consultation()
    with s.app.app_context():
        today = local_day(utcnow()).isoformat()
    return _staff_consultation_case(s, {
        "channel": PAPER, "received_on": today,
        "author_name": "Jan Kowalski", "section": str(consultation.section_ids[1]),
        "body": "Proponujemy dopisać współpracę z radą.", "proposed_text": "",
        "justification": "", "on_behalf": "self"}, consultation)


def _answer_together_case(s: Setup) -> PostCase:
    consultation = s.consultation()
    first, second = s.comment(consultation), s.comment(consultation)
    return _staff_consultation_case(s, {
        "together-comments": [str(first), str(second)], "together-decision": Decision.ACCEPTED,
        "together-decision_text": "Uwzględniono: zapis zmieniony."}, consultation)


def _cooperation_record_case(s: Setup) -> PostCase:
    """Staff record Płock's programme for 2026, adopted on time, with its source."""
    s.consultation_institution()
    return PostCase(s.person(STAFF), {
        "form": "adopted-2026", "adopted-2026-happened_on": "2025-11-27",
        "adopted-2026-reference": "XV/120/2025",
        "adopted-2026-source_url": "https://bip.plock.eu/uchwala-xv-120-2025",
        "adopted-2026-note": ""}, {"teryt": CONSULTATION_TERYT})


INTERVENTION_FORM = {
    "sent_on": "2026-01-05", "subject": "Wezwanie do uchwalenia programu",
    "problem": "programme_not_adopted", "details": "", "reply_on": "", "reply": "",
    "outcome": "pending", "outcome_note": "", "follow_up_on": "", "public_summary": "",
}


def _intervention_new_case(s: Setup) -> PostCase:
    s.consultation_institution()
    return PostCase(s.person(STAFF), dict(INTERVENTION_FORM), {"teryt": CONSULTATION_TERYT})


def _intervention_case(s: Setup) -> PostCase:
    """Staff record the reply and that the matter is resolved."""
    return PostCase(s.person(STAFF), {**INTERVENTION_FORM, "reply_on": "2026-01-20",
                                      "reply": "Program uchwalono.", "outcome": "resolved"},
                    {"intervention_id": s.intervention()})


ADVICE_FORM = {
    "held_on": "2026-01-05", "start_time": "", "minutes": "90",
    "advised": "Grupa sąsiedzka", "institution_q": "", "institution": "", "person_name": "",
    "topic": "Zmiana statutu", "category": "statute", "mode": "phone", "advisor": "",
    "funding_project": "", "notes": "",
}


def _advice(s: Setup) -> int:
    """A session of advice given to someone not in the register."""
    def make():
        advice = AdviceSession(held_on=date(2026, 1, 5), minutes=60, topic="Zmiana statutu",
                               category="statute", form="phone", advised_name="Grupa")
        db.session.add(advice)
        db.session.flush()
        return advice.id
    return s._commit(make)


def _research(s: Setup, status=DiagnosisStatus.DRAFT, institution_id=None) -> ResearchRef:
    return research_diagnosis(s.app, institution_id or s.consultation_institution(), status)


def _research_staff_case(data: dict, status=DiagnosisStatus.DRAFT, *parts: str):
    """Staff post ``data`` to a part (``parts``: "group", "area", "indicator") of a
    diagnosis of Płock."""
    def case(s: Setup) -> PostCase:
        ref = _research(s, status)
        values = {"diagnosis_id": ref.diagnosis_id}
        values.update({f"{part}_id": getattr(ref, f"{part}_id") for part in parts})
        return PostCase(s.person(STAFF), dict(data), values)
    return case


def _research_new_case(s: Setup) -> PostCase:
    today = date.today()
    return PostCase(s.person(STAFF), {
        "institutions": str(s.consultation_institution()), "year": str(today.year),
        "title": "", "opens_on": today.isoformat(), "closes_on": today.isoformat(),
        "min_group_answers": "5"})


def _research_network_case(s: Setup) -> PostCase:
    member = s.network_member()
    ref = _research(s, institution_id=member.institution_id)
    return PostCase(s.person(STAFF), {"network-group": "officials"},
                    {"diagnosis_id": ref.diagnosis_id})


def _research_send_case(s: Setup) -> PostCase:
    ref = _research(s, DiagnosisStatus.OPEN)
    waiting_invitation(s.app, ref.diagnosis_id)
    return PostCase(s.person(STAFF), {}, {"diagnosis_id": ref.diagnosis_id})


def _research_unpublish_case(s: Setup) -> PostCase:
    """Staff take back the published results of a closed diagnosis."""
    ref = _research(s, DiagnosisStatus.CLOSED)
    with s.app.app_context():
        db.session.get(Diagnosis, ref.diagnosis_id).published_at = utcnow()
        db.session.commit()
    return PostCase(s.person(STAFF), {}, {"diagnosis_id": ref.diagnosis_id})


def _research_answer_case(link: str):
    """A respondent saves the first page through a personal or an open link."""
    def case(s: Setup) -> PostCase:
        ref = _research(s, DiagnosisStatus.OPEN)
        return PostCase(None, {"page": "1", "action": "next", f"q{ref.indicator_id}": "3"},
                        {"token": getattr(ref, f"{link}_token")})
    return case


RESEARCH_AREA = {"title_pl": "Dialog", "title_en": "Dialogue", "description_pl": "",
                 "description_en": "", "weight": "1", "position": "5"}
RESEARCH_QUESTION = {"kind": "scale", "text_pl": "Urząd słucha.", "text_en": "The office listens.",
                     "labels_pl": "Nie\nTak", "labels_en": "No\nYes", "dont_know": "y",
                     "position": "9"}


# For every POST endpoint: who posts, and a payload the view would accept with a token
# (test_the_same_posts_change_state_when_csrf_is_off proves that).
POST_CASES = {
    "pages.set_language": lambda s: PostCase(None, {"language": "pl", "next": "/about"}),
    "auth.register": lambda s: PostCase(None, {
        "full_name": "Anna Nowak", "email": "anna.nowak@example.org",
        **_new_password(consent_rodo="y"),
    }),
    "auth.verify_email": lambda s: PostCase(None, {}, {"token": s.verify_token()}),
    "auth.login": lambda s: PostCase(None, {"email": s.person().email, "password": PASSWORD}),
    "auth.logout": lambda s: PostCase(s.person(), {}),
    "auth.reset_request": lambda s: PostCase(None, {"email": s.person().email}),
    "auth.reset_password": lambda s: PostCase(None, _new_password(),
                                              {"token": s.reset_token()}),
    "account.profile": lambda s: PostCase(s.person(), {
        "full_name": "Zmienione Nazwisko", "phone": "22 123 45 67", "locale": "en",
    }),
    "account.change_email": lambda s: PostCase(s.person(), {
        "new_email": "zmieniony@example.org", "password": PASSWORD,
    }),
    "account.confirm_email": lambda s: PostCase(None, {}, {"token": s.email_change_token()}),
    "account.change_password": lambda s: PostCase(s.person(), _new_password(
        current_password=PASSWORD)),
    "account.delete": lambda s: PostCase(s.person(), {"password": PASSWORD, "confirm": "y"}),
    "account.end_other_sessions": _end_other_sessions_case,
    # unticking both boxes (each is on by default) is the change
    "account.notifications": lambda s: PostCase(s.person(STAFF), {}),
    "manage.outbox_retry": lambda s: PostCase(s.person(STAFF), {},
                                              {"message_id": s.failed_message()}),
    "manage.user": lambda s: PostCase(s.person(ADMIN), {"role": STAFF, "institutions": ""},
                                      {"user_id": s.person().id}),
    "manage.institution": lambda s: PostCase(s.person(STAFF), {
        "email_domains": "plonsk.pl um.plonsk.pl", "website": "https://plonsk.pl",
    }, {"institution_id": s.institution()}),
    "organisations_manage.edit": lambda s: PostCase(s.person(STAFF), {
        "name": "Stowarzyszenie Nowe", "legal_form": "association", "krs": "",
        "other_register": "", "nip": "", "regon": "", "gmina_id": "0", "seat": "Płock",
        "areas": ["culture"], "email": "", "phone": "", "website": "", "public_listing": "y",
    }, {"organisation_id": s.organisation()}),
    "organisations_manage.merge": lambda s: PostCase(s.person(STAFF), {
        "kept_id": str(s.organisation()), "duplicate_id": str(s.organisation()),
    }),
    "manage.accessibility": lambda s: PostCase(s.person(STAFF), {
        "entity_name": "Federacja", "published_on": "2024-01-01", "updated_on": "2024-06-01",
        "compliance": "partial", "prepared_on": "2024-06-01", "contact_person": "Jan Kowalski",
        "contact_email": "dostepnosc@example.org", "contact_phone": "22 123 45 67",
    }),
    # events: the public pages
    "events.register": lambda s: PostCase(None, {**PARTICIPANT, "consent_rodo": "y"},
                                          {"slug": s.event().slug}),
    "events.register_group": lambda s: PostCase(s.person(USER), {
        "organisation": "Fundacja Dobry Start", "consent": "y",
        "people-0-full_name": "Anna Nowak", "people-0-email": "anna.g@example.org",
        "people-0-category": "ngo"}, {"slug": s.event().slug}),
    "events.confirm": lambda s: PostCase(None, {}, {
        "token": s.registration(confirmed=False).token}),
    "events.cancel": lambda s: PostCase(None, {}, {"token": s.registration().token}),
    "events.evaluation": lambda s: PostCase(None, RATINGS, {"token": s.attended().token}),
    "events.edit_registration": lambda s: PostCase(None, {
        "organisation": "Fundacja Nowa", "position": "koordynatorka", "phone": "",
        "needs": ""}, {"token": s.registration().token}),
    # events: staff
    "events_manage.new": lambda s: PostCase(s.person(STAFF), EVENT_FORM),
    "events_manage.edit": _edit_case,
    "events_manage.publish": lambda s: _staff_event_case(s, {}, status=EventStatus.DRAFT),
    "events_manage.cancel": lambda s: _staff_event_case(s, {"reason": "Choroba prowadzącej."}),
    "events_manage.duplicate": lambda s: _staff_event_case(s, {"starts_at": "2030-02-01T10:00"}),
    "events_manage.questions": lambda s: _staff_event_case(s, {
        "kind": "text", "label": "Czego oczekujesz?", "options": ""}),
    "events_manage.question_delete": _question_delete_case,
    "events_manage.question_edit": _question_edit_case,
    "events_manage.question_move": _question_move_case,
    "events_manage.project_new": lambda s: PostCase(s.person(STAFF), {
        "name": "Aktywni Obywatele", "funder": "EOG", "notice": "", "retention_until": ""}),
    "events_manage.project_edit": lambda s: PostCase(s.person(STAFF), {
        "name": "Aktywni Obywatele 2", "funder": "EOG", "notice": "", "retention_until": ""},
        {"project_id": s.project()}),
    "events_manage.project_logo_add": lambda s: PostCase(s.person(STAFF), {
        "logo": (io.BytesIO(png()), "logo.png"), "alt_text": "Fundusze EOG"},
        {"project_id": s.project()}),
    "events_manage.project_logo_delete": _project_logo_delete_case,
    "projects_manage.partner_add": lambda s: PostCase(s.person(STAFF), {
        "partner_name": "Starostwo Powiatowe w Płońsku"}, {"project_id": s.project()}),
    "projects_manage.partner_delete": _partner_delete_case,
    "events_manage.materials_page": lambda s: _staff_event_case(s, {
        "title": "Nagranie spotkania", "url": "https://example.org/nagranie"}),
    "events_manage.delete_material": _delete_material_case,
    "events_manage.registration_add": lambda s: _staff_event_case(s, {**PARTICIPANT,
                                                                     "note": ""}),
    "events_manage.registration_approve": lambda s: _staff_registration_case(
        s, {}, confirmed=False),
    "events_manage.registration_reject": lambda s: _staff_registration_case(s, {"reason": ""}),
    "events_manage.registration_cancel": lambda s: _staff_registration_case(
        s, {"reason": "Szkolenie jest tylko dla urzędników."}),
    "events_manage.registration_move": _move_case,
    "events_manage.message": lambda s: PostCase(s.person(STAFF), {
        "subject": "Zmiana sali", "body": "Spotykamy się w sali 12.", "statuses": "confirmed",
    }, {"event_id": s.registration().event.id}),
    "events_manage.checkin_toggle": _checkin_toggle_case,
    "events_manage.checkin_scan": _checkin_scan_case,
    "events_manage.thank_you": lambda s: PostCase(s.person(STAFF), {}, {
        "event_id": s.attended().event.id}),
    "events_manage.certificates_send": lambda s: PostCase(s.person(STAFF), {}, {
        "event_id": s.attended().event.id}),
    "events_manage.evaluation_questions": lambda s: _staff_event_case(s, {
        "kind": "text", "label": "Czego zabrakło?"}),
    "events_manage.evaluation_question_change": lambda s: _staff_event_case(s, {
        "question": "overall", "direction": "down"}),
    # consultations: the public pages
    "consultations.comments": _comment_case,
    "consultations.edit_comment": lambda s: _own_comment_case(s, {**COMMENT_FORM,
                                                                  "section": ""}),
    "consultations.withdraw_comment": lambda s: _own_comment_case(s, {}),
    "consultations.flag_comment": _flag_case,
    "consultations.resend_verification": lambda s: PostCase(
        s.person(verified=False), {}, {"slug": s.consultation().slug}),
    "consultations.follow": lambda s: PostCase(None, {"email": "obserwatorka@example.org"},
                                               {"slug": s.consultation().slug}),
    "consultations.follow_institution": _follow_institution_case,
    "consultations.confirm_subscription": lambda s: PostCase(None, {}, {
        "token": s.subscription(confirmed=False)}),
    # Its form carries a CSRF token; the mail program's one-click POST (RFC 8058,
    # List-Unsubscribe=One-Click) needs none by design: the token in the address is the secret.
    "consultations.unsubscribe": lambda s: PostCase(None, {}, {
        "token": s.subscription(confirmed=True)}),
    # consultations: staff
    "consultations_manage.new": _new_consultation_case,
    "consultations_manage.edit": _edit_consultation_case,
    "consultations_manage.announce": lambda s: _staff_consultation_case(
        s, {}, s.consultation(announced=False)),
    "consultations_manage.attachments": _attachments_case,
    "consultations_manage.delete_attachment": _delete_attachment_case,
    "consultations_manage.new_section": lambda s: _staff_consultation_case(
        s, SECTION_FORM, s.consultation(announced=False)),
    "consultations_manage.edit_section": lambda s: _staff_section_case(s, SECTION_FORM),
    "consultations_manage.delete_section": lambda s: _staff_section_case(s, {}),
    "consultations_manage.move_section": lambda s: _staff_section_case(
        s, {"direction": "down"}, section=0),
    "consultations_manage.import_sections": lambda s: _staff_consultation_case(s, {
        "source": "markdown", "step": "confirm",
        "markdown": "# Rozdział I. Postanowienia ogólne\n\n## § 1. Cel główny\n\n"
                    "Celem programu jest partnerstwo.\n",
    }, s.consultation(announced=False)),
    "consultations_manage.checklist": _checklist_case,
    "consultations_manage.answer": lambda s: _staff_comment_case(s, {
        "decision": Decision.ACCEPTED, "decision_text": "Uwzględniono: zapis zmieniony."}),
    "consultations_manage.answer_together": _answer_together_case,
    "consultations_manage.add_paper_comment": _paper_comment_case,
    "consultations_manage.hide_comment": lambda s: _staff_comment_case(s, {
        "reason": "Komentarz zawierał dane osobowe."}),
    "consultations_manage.publish_comment": lambda s: _staff_comment_case(
        s, {}, lambda consultation: s.comment(consultation, status=CommentStatus.PENDING)),
    "consultations_manage.dismiss_flags": lambda s: _staff_comment_case(
        s, {}, s.flagged_comment),
    "consultations_manage.report": lambda s: _staff_consultation_case(s, {
        "report_forms": "", "report_conclusion": "Program trafi pod obrady Rady.",
        "report_prepared_by": "Anna Nowak, pełnomocniczka ds. współpracy z NGO"}),
    "consultations_manage.publish_report": _publish_report_case,
    "consultations_manage.final": _final_case,
    "consultations_manage.publish_final": lambda s: _staff_consultation_case(
        s, {}, s.reported_consultation()),
    # network: the member's pages
    "network.join": lambda s: PostCase(s.person(), _network_entry_form(
        s.network_institution())),
    "network.verify_email": lambda s: PostCase(None, {}, {
        "token": s.network_member(MemberStatus.EMAIL_PENDING).verify_token}),
    "network.me": _network_me_case,
    "network.resend_link": lambda s: PostCase(s.network_member(MemberStatus.EMAIL_PENDING).person,
                                              {}),
    "network.leave": lambda s: PostCase(s.network_member().person, {}),
    # Like consultations.unsubscribe: the form carries a CSRF token; the mail program's
    # one-click POST (List-Unsubscribe=One-Click) needs none: the token is the secret.
    "network.unsubscribe": lambda s: PostCase(None, {}, {
        "token": s.network_member().announcements_token}),
    # The mailing list: like network.unsubscribe, the form carries a CSRF token and the mail
    # program's one-click POST needs none (the token is the secret).
    "mailing.unsubscribe": lambda s: PostCase(None, {}, {"token": _mailing_token(s)}),
    "mailing.account_consent": lambda s: PostCase(s.person(), {"consent_mailing": "y"}),
    "mailing_manage.index": _mailing_case,
    # network: staff
    "network_manage.approve": lambda s: _network_staff_case(s, {}),
    "network_manage.reject": lambda s: _network_staff_case(s, {
        "reason": "Adres służbowy nie należy do urzędu."}),
    "network_manage.topics": lambda s: PostCase(s.person(STAFF), {
        "new-name": "Ekonomia społeczna"}),
    "network_manage.topic_edit": _topic_edit_case,
    "network_manage.announcements": _announcement_case,
    # cooperation monitor: recording
    "cooperation_manage.record": _cooperation_record_case,
    # the survey: staff prepare a diagnosis (a draft of Płock) and invite; respondents answer
    "research_manage.new": _research_new_case,
    "research_manage.details": _research_staff_case({
        "title": "Nowy tytuł", "opens_on": "2026-11-02", "closes_on": "2026-12-20",
        "min_group_answers": "4"}),
    "research_manage.status": _research_staff_case({"status": "open"}),
    "research_manage.open_link": _research_staff_case({"open": "on"}, DiagnosisStatus.DRAFT,
                                                      "group"),
    "research_manage.group_new": _research_staff_case({
        "key": "mieszkancy", "name_pl": "Mieszkańcy", "name_en": "Residents"}),
    "research_manage.group_edit": _research_staff_case({
        "key": "ngo", "name_pl": "Organizacje", "name_en": "NGOs"}, DiagnosisStatus.DRAFT,
        "group"),
    "research_manage.group_remove": _research_staff_case({}, DiagnosisStatus.DRAFT, "group"),
    "research_manage.area_new": _research_staff_case(RESEARCH_AREA),
    "research_manage.area_edit": _research_staff_case(RESEARCH_AREA, DiagnosisStatus.DRAFT,
                                                      "area"),
    "research_manage.area_remove": _research_staff_case({}, DiagnosisStatus.DRAFT, "area"),
    "research_manage.indicator_new": _research_staff_case(RESEARCH_QUESTION,
                                                          DiagnosisStatus.DRAFT, "area"),
    "research_manage.indicator_edit": _research_staff_case(RESEARCH_QUESTION,
                                                           DiagnosisStatus.DRAFT, "indicator"),
    "research_manage.indicator_remove": _research_staff_case({}, DiagnosisStatus.DRAFT,
                                                             "indicator"),
    "research_manage.invitations_page": _research_staff_case({
        "group": "ngo", "addresses": "biuro@fundacja.example.org"}),
    "research_manage.invitations_network": _research_network_case,
    "research_manage.invitations_send": _research_send_case,
    "research_manage.invitations_remind": _research_staff_case({}, DiagnosisStatus.OPEN),
    "research_manage.publish": _research_staff_case({"summary": "Wnioski"},
                                                    DiagnosisStatus.CLOSED),
    "research_manage.unpublish": _research_unpublish_case,
    "research_respond.personal": _research_answer_case("personal"),
    "research_respond.open_link": _research_answer_case("open"),
    "cooperation_manage.intervention_new": _intervention_new_case,
    "advice_manage.new": lambda s: PostCase(s.person(STAFF), dict(ADVICE_FORM)),
    "advice_manage.edit": lambda s: PostCase(s.person(STAFF), dict(ADVICE_FORM),
                                             {"advice_id": _advice(s)}),
    "advice_manage.delete": lambda s: PostCase(s.person(STAFF), {}, {"advice_id": _advice(s)}),
    "cooperation_manage.intervention": _intervention_case,
    "cooperation_manage.intervention_publish": lambda s: PostCase(
        s.person(STAFF), {"publish": "1"}, {"intervention_id": s.intervention()}),
    "events_manage.send_materials": _send_materials_case,
    "library_manage.new": lambda s: PostCase(s.person(STAFF), LIBRARY_FORM),
    "library_manage.edit": lambda s: PostCase(s.person(STAFF), LIBRARY_FORM,
                                              {"item_id": s.library_material()}),
    "library_manage.unpublish": lambda s: PostCase(s.person(STAFF), {},
                                                   {"item_id": s.library_material()}),
    "library_manage.delete": lambda s: PostCase(s.person(STAFF), {},
                                                {"item_id": s.library_material()}),
    "news_manage.new": lambda s: PostCase(s.person(STAFF), NEWS_FORM),
    "news_manage.edit": lambda s: PostCase(s.person(STAFF), NEWS_FORM,
                                           {"post_id": s.news_post()}),
    "news_manage.publish": lambda s: PostCase(s.person(STAFF), {},
                                              {"post_id": s.news_post(published=False)}),
    "news_manage.unpublish": lambda s: PostCase(s.person(STAFF), {},
                                                {"post_id": s.news_post()}),
    "news_manage.delete": lambda s: PostCase(s.person(STAFF), {}, {"post_id": s.news_post()}),
}


def post_rules(app: Flask):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def walked_post_rules(app: Flask):
    """The POST routes a walk of this run sends requests to (tests/walks.py)."""
    return walked(post_rules(app), key=lambda rule: rule.endpoint)


def snapshot(app: Flask) -> dict:
    """Every row of every table, as committed (read on a connection of its own)."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(table.select())),
                               key=repr)
            for table in db.metadata.sorted_tables
        }


def observe(app: Flask, client) -> dict:
    return {"database": snapshot(app), "signed in": client.get("/account").status_code == 200}


def post_every_route(app: Flask, extra_form=None):
    """Yield (rule, label, problem-or-None, response, before, after, language_cookie_set).

    ``extra_form(client)``, when given, returns fields added to every form once the
    client's session is set up (tests/security/test_csrf.py adds a wrong CSRF token)."""
    setup = Setup(app)
    adapter = app.url_map.bind("localhost")
    for rule in post_rules(app):
        label = f"POST {rule.rule} ({rule.endpoint})"
        if rule.endpoint not in POST_CASES:
            yield rule, label, "no entry in POST_CASES", None, None, None, False
            continue
        case = POST_CASES[rule.endpoint](setup)
        missing = rule.arguments - case.values.keys()
        if missing:
            yield rule, label, f"POST_CASES gives no {sorted(missing)}", None, None, None, False
            continue
        if not is_walked(rule.endpoint):
            continue
        path = adapter.build(rule.endpoint, {k: case.values[k] for k in rule.arguments},
                             method="POST")
        assert adapter.match(path, method="POST", return_rule=True)[0] is rule
        client = client_for(app, case.actor)
        extra = extra_form(client) if extra_form else {}
        before = observe(app, client)
        response = client.post(path, data={**case.data, **extra})
        language_set = bool(set_cookies(response, "lang"))
        after = observe(app, client)
        yield rule, label, None, response, before, after, language_set


def changes(before: dict, after: dict) -> list[str]:
    found = [f"table {name}" for name in before["database"]
             if before["database"][name] != after["database"][name]]
    if before["signed in"] != after["signed in"]:
        found.append("signed-in state")
    return found


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_post_without_csrf_token_changes_nothing(csrf_app):
    problems = []
    checked = 0
    for rule, label, problem, response, before, after, language_set in post_every_route(
        csrf_app
    ):
        if problem:
            problems.append(f"{label}: {problem}")
            continue
        checked += 1
        changed = changes(before, after) + (["language cookie"] if language_set else [])
        if changed:
            problems.append(f"{label}: changed {', '.join(changed)}")
        body = response.get_data(as_text=True)
        view = csrf_app.view_functions[rule.endpoint]
        if getattr(view, "csrf_checked_by_form", False):
            if response.status_code != 200:
                problems.append(f"{label}: expected the form again (200), "
                                f"got {response.status_code}")
            elif "<form" not in body or "expired" not in body or not in_site_layout(body):
                problems.append(f"{label}: the form is not re-shown with a 'form expired' error")
        else:
            if response.status_code != 400:
                problems.append(f"{label}: expected 400, got {response.status_code}")
            elif not in_site_layout(body) or (
                "The form expired or your session ended, so we could not accept it" not in body
            ):
                problems.append(f"{label}: 400 is not the CSRF error page in the site layout")
    assert checked == len(walked_post_rules(csrf_app))
    assert not problems, "\n".join(problems)


def test_the_same_posts_change_state_when_csrf_is_off(make_app):
    """The control for the test above: its payloads are ones the views accept."""
    app = make_app()
    assert app.config["WTF_CSRF_ENABLED"] is False
    problems = []
    for _rule, label, problem, response, before, after, language_set in post_every_route(app):
        if problem:
            problems.append(f"{label}: {problem}")
        elif not changes(before, after) and not language_set:
            problems.append(f"{label}: nothing changed ({response.status_code})")
    assert not problems, "\n".join(problems)


def test_expired_form_keeps_what_was_typed_and_creates_nothing(csrf_app):
    client = client_for(csrf_app)
    assert client.get("/auth/register").status_code == 200  # the session has a real token
    response = client.post("/auth/register", data={
        "csrf_token": "not-the-right-token",
        "full_name": "Anna O'Brien & Syn",
        "email": "anna.obrien@example.org",
        **_new_password(consent_rodo="y"),
    })
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "The form expired or your session ended. We kept what you typed" in body
    values = InputValues(body).values
    assert values["full_name"] == "Anna O'Brien & Syn"
    assert values["email"] == "anna.obrien@example.org"
    assert values.get("password", "") == "" and NEW_PASSWORD not in body
    assert values["csrf_token"] not in ("", "not-the-right-token")  # a fresh token to resend
    with csrf_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_form_with_the_right_token_goes_through(csrf_app):
    """The control for the test above: CSRF on does not block a real submission."""
    client = client_for(csrf_app)
    token = InputValues(client.get("/auth/register").get_data(as_text=True)).values["csrf_token"]
    response = client.post("/auth/register", data={
        "csrf_token": token, "full_name": "Anna Nowak", "email": "anna.nowak@example.org",
        **_new_password(consent_rodo="y"),
    })
    assert response.status_code == 200
    with csrf_app.app_context():
        assert auth_services.find_user_by_email("anna.nowak@example.org") is not None


# --- headers and cookies ------------------------------------------------------------------


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", "/no-such-page"])
def test_security_headers_on_html_pages(client, path):
    response = client.get(path)
    assert response.mimetype == "text/html"
    csp = csp_directives(response.headers["Content-Security-Policy"])
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src, csp
    assert "'unsafe-inline'" not in script_src
    assert "*" not in script_src
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("object-src") == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in {
        "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin",
    }
    # The policy forbids inline scripts, so the pages must not depend on any.
    body = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert not re.search(r"\son[a-z]+\s*=", body)
    # Nor on inline styles, which style-src 'self' blocks as well.
    if "'unsafe-inline'" not in csp.get("style-src", csp.get("default-src", [])):
        assert "<style" not in body and not re.search(r"\sstyle\s*=", body)


def test_email_html_preview_is_sandboxed(app, client, login_as, user_factory):
    login_as(STAFF)
    person = user_factory()
    with app.test_request_context():
        message = queue_mail(person.email, "Test", "auth/mail/verify", user=person,
                             url="https://example.org/x", hours=72)
        db.session.commit()
    response = client.get(f"/manage/outbox/{message.id}/html")
    assert response.status_code == 200
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert "sandbox" in csp and csp["default-src"] == ["'none'"]


def _sign_in(client, email: str, remember: bool = False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data)


def test_session_cookie_flags_over_http(make_app, monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)  # the default, http://127.0.0.1:5000
    app = make_app()
    person = make_person(app)
    response = _sign_in(client_for(app), person.email)
    assert response.status_code == 302
    [cookie] = set_cookies(response, "session")
    flags = cookie_attributes(cookie)
    assert "httponly" in flags
    assert flags.get("samesite", "").lower() == "lax"
    # Not Secure: on a plain-http site the browser would drop the cookie and nobody could sign in.
    assert "secure" not in flags
    assert "Strict-Transport-Security" not in response.headers


def test_cookies_are_secure_when_base_url_is_https(make_app, monkeypatch):
    """BASE_URL is set in the environment before the app is built (Config reads it then)."""
    monkeypatch.setenv("BASE_URL", "https://example.org")
    app = make_app()
    person = make_person(app)
    client = client_for(app)
    response = _sign_in(client, person.email, remember=True)
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        [cookie] = set_cookies(response, name)
        flags = cookie_attributes(cookie)
        assert "secure" in flags, name
        assert "httponly" in flags, name
        assert flags.get("samesite", "").lower() == "lax", name
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")

    response = client.post("/language", data={"language": "en", "next": "/"})
    [cookie] = set_cookies(response, "lang")
    assert "secure" in cookie_attributes(cookie)


# --- open redirects -------------------------------------------------------------------------

EVIL_NEXT = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "/%2F%2Fevil.example",
]


@pytest.mark.parametrize("encoded", [True, False], ids=["encoded", "raw"])
@pytest.mark.parametrize("target", EVIL_NEXT)
def test_sign_in_never_redirects_off_site(app, user_factory, target, encoded):
    person = user_factory(password=PASSWORD)
    client = app.test_client()
    query = {"next": target} if encoded else f"next={target}"
    response = client.post("/auth/login", query_string=query,
                           data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert is_local(response.headers["Location"]), response.headers["Location"]
    assert client.get("/account").status_code == 200  # signed in all the same

    # Already signed in, the sign-in page sends the visitor on: still not off the site.
    response = client.get("/auth/login", query_string=query)
    assert response.status_code == 302
    assert is_local(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_sign_in_ignores_an_off_site_next_in_the_form(app, user_factory, target):
    person = user_factory(password=PASSWORD)
    response = app.test_client().post(
        "/auth/login", data={"email": person.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert is_local(response.headers["Location"]), response.headers["Location"]


def test_sign_in_honours_a_local_next(app, user_factory):
    person = user_factory(password=PASSWORD)
    client = app.test_client()
    # The way a visitor gets there: a page that needs signing in.
    response = client.get("/account")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    response = client.post(login_url, data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302
    assert is_local(response.headers["Location"]), response.headers["Location"]


def test_language_switch_returns_to_the_page(client):
    response = client.post("/language", data={"language": "en", "next": "/about?x=1"})
    assert response.headers["Location"] == "/about?x=1"


# --- rate limits ------------------------------------------------------------------------------


def _hammer(client, path: str, data: dict, times: int = 11) -> list:
    return [client.post(path, data=data) for _ in range(times)]


def test_sign_in_is_rate_limited(rate_limited):
    person = make_person(rate_limited)
    client = client_for(rate_limited)
    responses = _hammer(client, "/auth/login", {"email": person.email, "password": "wrong-1"})
    statuses = [r.status_code for r in responses]
    assert statuses[0] == 200, statuses  # the first attempts get the form with an error
    assert 429 in statuses, statuses
    limited = next(r for r in responses if r.status_code == 429)
    body = limited.get_data(as_text=True)
    assert in_site_layout(body)
    assert "Too many attempts" in body

    # Once limited, even the right password does not get in.
    response = client.post("/auth/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/account").status_code == 302


def test_sign_up_is_rate_limited(rate_limited):
    client = client_for(rate_limited)
    statuses = [r.status_code for r in _hammer(client, "/auth/register", {"full_name": "X"})]
    assert statuses[0] == 200 and 429 in statuses, statuses


def test_password_reset_request_is_rate_limited(rate_limited):
    client = client_for(rate_limited)
    statuses = [r.status_code for r in _hammer(client, "/auth/reset",
                                               {"email": "nobody@example.org"})]
    assert statuses[0] == 200 and 429 in statuses, statuses


# --- escaping -----------------------------------------------------------------------------------


def test_names_are_escaped_in_the_staff_user_list(app, client, login_as, user_factory):
    evil = user_factory(full_name=EVIL_NAME)
    login_as(STAFF)
    for path in ("/manage/users", f"/manage/users/{evil.id}"):
        response = client.get(path)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert EVIL_NAME not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path


def test_own_name_is_escaped_on_the_account_page(app, client, login_as):
    login_as(USER, full_name=EVIL_NAME)
    response = client.get("/account")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert EVIL_NAME not in body
    assert InputValues(body).values["full_name"] == EVIL_NAME  # shown as typed, as text


def test_staff_with_such_a_name_sees_it_escaped_on_the_dashboard(app, client, login_as):
    login_as(ADMIN, full_name=EVIL_NAME)
    body = client.get("/manage/").get_data(as_text=True)
    assert EVIL_NAME not in body
    assert "&lt;script&gt;" in body


# --- health check -----------------------------------------------------------------------------


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "rate_limits": "off"}


def test_healthz_is_503_when_the_database_is_unreachable(app, make_app, tmp_path):
    # `app` is built first, so the fixture's clean-up runs on a working database.
    broken = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-directory' / 'db.sqlite3'}"
    )
    started = time.monotonic()
    response = broken.test_client().get("/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.is_json
    payload = response.get_json()
    assert payload["status"] != "ok"
    assert payload["database"] != "ok"


# --- links from e-mails -------------------------------------------------------------------------


def test_a_verification_link_signs_in_only_once(make_app):
    app = make_app()
    token = Setup(app).verify_token()
    path = f"/auth/verify/{token}"

    first = client_for(app)
    assert first.post(path).status_code == 302
    assert first.get("/account").status_code == 200  # confirmed and signed in

    # The same link later (a forwarded mail, someone reading the mailbox) must not sign
    # anybody in without the password ...
    again = client_for(app)
    again.post(path)
    assert again.get("/account").status_code == 302

    # ... nor after the owner has changed the password.
    with app.app_context():
        owner = db.session.scalars(db.select(User).where(User.email_verified_at.is_not(None))).one()
        owner.set_password(NEW_PASSWORD)
        db.session.commit()
    assert first.get("/account").status_code == 302  # that signed the first session out
    later = client_for(app)
    later.post(path)
    assert later.get("/account").status_code == 302


def test_staff_cannot_read_an_administrators_password_reset_link(make_app):
    """Reading it in the outbox would let staff set the admin's password and become admin."""
    app = make_app()
    admin = make_person(app, ADMIN)
    staff = make_person(app, STAFF)
    assert client_for(app).post("/auth/reset", data={"email": admin.email}).status_code == 200
    with app.app_context():
        message = db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.recipient == admin.email)
        ).one()
        message_id = message.id
    token = Setup(app)._token(admin.email, "/auth/reset/")

    client = client_for(app, staff)
    pages = [client.get(f"/manage/outbox/{message_id}"),
             client.get(f"/manage/outbox/{message_id}/html")]
    assert all(page.status_code in (200, 403, 404) for page in pages)
    assert not any(token in page.get_data(as_text=True) for page in pages)

    # An administrator still can (e.g. to help someone whose mail does not arrive).
    admin_client = client_for(app, admin)
    assert token in admin_client.get(f"/manage/outbox/{message_id}").get_data(as_text=True)


def test_behind_a_trusted_proxy_each_visitor_has_their_own_rate_limit(make_app, monkeypatch):
    """Without ProxyFix every visitor would share the proxy's address and its counter."""
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        limiter.reset()
    client = app.test_client()
    attempt = {"email": "nikt@example.org", "password": "zle-haslo"}
    statuses = [
        client.post("/auth/reset", data=attempt, headers={"X-Forwarded-For": "203.0.113.7"})
        .status_code for _ in range(6)
    ]
    assert 429 in statuses
    other_visitor = client.post(
        "/auth/reset", data=attempt, headers={"X-Forwarded-For": "198.51.100.9"}
    )
    assert other_visitor.status_code == 200


def test_ping_answers_without_the_database(app, make_app, tmp_path):
    """Liveness (and the benchmark's ceiling) does not depend on the database."""
    broken = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-directory' / 'db.sqlite3'}"
    )
    response = broken.test_client().get("/ping")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "pong\n"
