"""Who can read each message the platform sends, through every channel that shows mail.

The rules (issue 18, findings 1 and 2):
- a person reads as their own (the account's data export) only mail sent to the address
  they proved is theirs by opening the link sent to it — not a new address they only asked
  for, not a work address they typed into a network request, not mail merely queued about
  their account;
- a message that proves control of an address, signs someone in or sets a password is
  readable only through that mailbox and, in the outbox, by administrators;
- staff read the rest of the outbox; the public API shows no mail at all;
- deleting an account deletes only that account's own mail.

``test_every_kind_of_message_…`` sends every kind of message the platform has (it fails when
a new mail template is added without being sent here) and checks each against every account.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import current_app
from sqlalchemy import select

from consult.account import services as account
from consult.auth import services as auth
from consult.auth.models import User
from consult.consultations import following, periods
from consult.consultations import mail as consultation_mail
from consult.consultations import services as consultation_services
from consult.consultations.models import Comment, CommentFlag
from consult.consultations.report import publish_report
from consult.cooperation import interventions as cooperation_interventions
from consult.cooperation import reminders as cooperation_reminders
from consult.cooperation.models import InterventionProblem
from consult.cooperation.services import warsaw_today
from consult.core import mail as outbox
from consult.core.mail import OutboxMessage
from consult.core.timeutil import utcnow
from consult.core.urls import external_url
from consult.events import certificates, evaluation, groups, messaging
from consult.events import materials as event_materials
from consult.events import services as events
from consult.events.models import Attendance
from consult.extensions import db
from consult.institutions.models import Institution, Organisation
from consult.mailing import mail as mailing
from consult.mailing import services as mailing_services
from consult.mailing.models import Audience
from consult.manage import mail as staff_mail
from consult.network import announcements
from consult.network import services as network
from consult.network.models import MemberStatus
from consult.research import invitations as research_invitations
from consult.research.models import Diagnosis, DiagnosisStatus
from tests.conftest import PASSWORD, text_of
from tests.consultations.conftest import comment_on
from tests.mail_server import legacy_header, long_lines
from tests.research.world import research_diagnosis
from tests.security.conftest import count, rows

TEMPLATES = Path(__file__).parents[2] / "templates"
LINK = re.compile(r"https?://[^\s\"'<>]+")
# Pages of one person's own, reached by a token in the link.
PERSONAL_PAGES = re.compile(r"/registrations/|/unsubscribe|/evaluation")


def every_mail_template() -> set[str]:
    """Every message the platform can send: each mail template but the layout and the
    parts included by others (names starting with "_")."""
    return {str(path.relative_to(TEMPLATES).with_suffix(""))
            for path in TEMPLATES.glob("*/mail/**/*.txt") if not path.name.startswith("_")}


def proving_links() -> re.Pattern:
    """The addresses of the pages where opening an e-mailed link proves control of the
    mailbox (or signs in, or sets a password)."""
    patterns = [re.escape(external_url(endpoint, token="TOKEN")).replace("TOKEN", "[^/?#]+")
                for endpoint in ("auth.verify_email", "auth.reset_password",
                                 "account.confirm_email", "network.verify_email",
                                 "consultations.confirm_subscription")]
    return re.compile(rf"(?:{'|'.join(patterns)})(?:[?#].*)?")


@pytest.fixture
def sent_templates(monkeypatch):
    """The mail templates rendered while the test runs."""
    used = set()
    render = outbox.render_template

    def recording(name, **context):
        if "/mail/" in name and name.endswith(".txt"):
            used.add(name.removesuffix(".txt"))
        return render(name, **context)

    monkeypatch.setattr(outbox, "render_template", recording)
    return used


def export_of(as_user, user) -> dict:
    response = as_user(user).get("/account/export.json")
    assert response.status_code == 200
    return response.get_json()


def links_in(message: OutboxMessage) -> list[str]:
    return LINK.findall(message.text_body)


# --- the findings, as the audit reproduced them -----------------------------------------

def test_an_address_asked_for_but_never_confirmed_gives_no_access_to_its_mail(
        app, as_user, user_factory, mailbox):
    """Finding 1: A asks to move to the victim's address and never confirms; the victim
    then signs up. A's export must not carry the victim's verification link, and deleting
    A's account must not delete the victim's mail."""
    attacker = user_factory(email="attacker@example.org")
    account.request_email_change(attacker, "victim@example.net")
    db.session.commit()
    victim_client = as_user(None)
    assert victim_client.post("/auth/register", data={
        "full_name": "Wiktoria Ofiara", "email": "victim@example.net",
        "password": "violet-lantern-orbits-quietly",
        "password_confirm": "violet-lantern-orbits-quietly", "consent_rodo": "y",
    }).status_code == 200
    verification = mailbox.last_to("victim@example.net")
    victim_link = next(link for link in LINK.findall(text_of(verification))
                       if "/auth/verify/" in link)
    auth.request_password_reset("victim@example.net")
    db.session.commit()

    exported = export_of(as_user, attacker)
    assert {m["to"] for m in exported["messages"]} == {"attacker@example.org"}
    assert victim_link not in json.dumps(exported)
    assert "/auth/reset/" not in json.dumps(exported)

    assert as_user(attacker).post("/account/delete", data={
        "password": PASSWORD, "confirm": "y"}).status_code == 302
    victim_mail = rows(OutboxMessage, OutboxMessage.recipient == "victim@example.net")
    assert {m.subject for m in victim_mail} >= {verification["Subject"], "Set a new password"}
    # The link still works for its owner.
    assert victim_client.post(urlsplit(victim_link).path).status_code == 302
    assert rows(User, User.email == "victim@example.net")[0].email_verified


def test_a_work_address_typed_into_a_network_request_is_not_the_applicants_to_read(
        app, as_user, user_factory, institution_factory):
    """Finding 2: joining with an official's address must not let the applicant read the
    link that approves the entry — not in their export, not through staff."""
    institution_factory(domains="plonsk.pl")
    impostor = user_factory(email="impostor@example.org")
    staff, admin = user_factory(role="staff"), user_factory(role="admin")
    _join(impostor, "burmistrz@plonsk.pl")
    message = rows(OutboxMessage, OutboxMessage.recipient == "burmistrz@plonsk.pl")[0]
    link = next(link for link in links_in(message) if "/network/verify/" in link)

    assert link not in json.dumps(export_of(as_user, impostor))
    staff_page = as_user(staff).get(f"/manage/outbox/{message.id}")
    assert staff_page.status_code == 200 and link not in staff_page.get_data(as_text=True)
    assert as_user(staff).get(f"/manage/outbox/{message.id}/html").status_code == 403
    assert link in as_user(admin).get(f"/manage/outbox/{message.id}").get_data(as_text=True)


def test_an_impostor_leaving_the_network_leaves_the_officials_own_mail(
        app, as_user, user_factory, institution_factory):
    institution_factory(domains="plonsk.pl")
    impostor = user_factory(email="impostor@example.org")
    official = user_factory(email="burmistrz@plonsk.pl")
    outbox.queue_mail(official.email, "Do burmistrza", "auth/mail/account_exists", user=official,
                      login_url="x", reset_url="y")
    db.session.commit()
    _join(impostor, official.email)
    assert as_user(impostor).post("/network/me/leave").status_code == 302
    assert count(OutboxMessage, OutboxMessage.subject == "Do burmistrza") == 1


# --- every kind of message ----------------------------------------------------------------

def test_every_kind_of_message_is_read_only_by_its_mailbox_and_whom_the_rules_allow(
        app, as_user, user_factory, institution_factory, event_factory, consultation_factory,
        sent_templates, mailbox):
    people = _send_every_kind_of_message(user_factory, institution_factory, event_factory,
                                         consultation_factory)
    assert sent_templates == every_mail_template(), (
        "send the new kind of message in _send_every_kind_of_message")
    messages = rows(OutboxMessage)
    proving = proving_links()

    # Each went through the strict SMTP server (tests/mail_server.py) and its subject
    # reads the same in the modern and the legacy decoder (issue 19).
    assert mailbox.refused == [] and {m.status for m in messages} == {outbox.OutboxStatus.SENT}
    for received, raw in zip(mailbox.messages, mailbox.raw, strict=True):
        assert received["Subject"] == legacy_header(raw, "Subject")
        assert received["Subject"] in {m.subject for m in messages}
        assert long_lines(raw) == [], received["Subject"]
    staff, admin = people["staff"], people["admin"]

    # A message that proves control of an address is marked, so only its mailbox and
    # administrators can read it.
    for message in messages:
        if any(proving.fullmatch(link) for link in links_in(message)):
            assert message.contains_secret, (message.recipient, message.subject)
    guest_mail = [m for m in messages if m.recipient == "guest@example.org"]
    assert guest_mail and all(m.contains_secret for m in guest_mail)

    # The export: exactly the mail to the account's own proven address, no secret links.
    public_links = {link for m in messages if not m.contains_secret for link in links_in(m)}
    secret_links = {link for m in messages if m.contains_secret
                    for link in links_in(m)} - public_links
    for user in db.session.scalars(select(User)):
        exported = export_of(as_user, user)
        own = [m for m in messages if user.email_verified and m.recipient == user.email]
        assert sorted(m["subject"] for m in exported["messages"]) == \
            sorted(m.subject for m in own), user.email
        text = json.dumps(exported)
        leaked = {link for link in secret_links if link in text}
        assert not leaked, (user.email, leaked)

    # The outbox: staff read every message but the secret ones; administrators read all.
    staff_client, admin_client = as_user(staff), as_user(admin)
    for message in messages:
        link = (links_in(message) or [message.text_body.strip().splitlines()[0]])[0]
        staff_page = staff_client.get(f"/manage/outbox/{message.id}").get_data(as_text=True)
        html = staff_client.get(f"/manage/outbox/{message.id}/html")
        if message.contains_secret:
            assert link not in staff_page and html.status_code == 403, message.subject
        else:
            assert link in staff_page and html.status_code == 200, message.subject
        assert link in admin_client.get(f"/manage/outbox/{message.id}").get_data(as_text=True)
    assert as_user(people["user"]).get("/manage/outbox").status_code in (302, 403)

    # The public API carries no personal link of any message.
    api = " ".join(as_user(None).get(path).get_data(as_text=True) for path in (
        "/api/v1/events", "/api/v1/consultations", "/api/v1/network/members"))
    personal = secret_links | {link for m in messages for link in links_in(m)
                               if PERSONAL_PAGES.search(urlsplit(link).path)}
    assert personal and not {link for link in personal if urlsplit(link).path in api}


def _join(user, work_email: str, institution=None):
    institution = institution or db.session.scalar(
        select(Institution).where(Institution.teryt == "1420011"))
    member = network.join(user, network.MemberData(
        institution=institution, full_name=user.full_name, work_email=work_email,
        announcements=True))
    db.session.commit()
    return member


def _send_every_kind_of_message(user_factory, institution_factory, event_factory,
                                consultation_factory) -> dict:
    """Every kind of message, each to the address it would go to in real use."""
    plonsk = institution_factory(domains="plonsk.pl")
    people = {
        "user": user_factory(email="owner@example.org"),
        "attacker": user_factory(email="attacker@example.org"),
        "staff": user_factory(role="staff", email="staff@example.org"),
        "admin": user_factory(role="admin", email="admin@example.org"),
        "official": user_factory(email="official@example.org"),
    }
    owner, attacker = people["user"], people["attacker"]

    # Accounts: sign-up, sign-up with a taken address, password reset, e-mail change (the
    # attacker asks for the guest's address, never confirmed).
    auth.register_user("Nowa Osoba", "newcomer@example.org", PASSWORD)
    auth.register_user("Ktoś Inny", owner.email, PASSWORD)
    auth.request_password_reset(owner.email)
    account.request_email_change(attacker, "guest@example.org")
    account.request_email_change(attacker, people["official"].email)  # another's: told
    db.session.commit()

    # Events: a guest who has not confirmed, the owner confirmed, a message to both, and
    # the thanks after an event the owner attended.
    event = event_factory()
    data = events.RegistrationData(full_name="Gość Niepotwierdzony", email="guest@example.org",
                                   category="ngo", organisation="Stowarzyszenie")
    guest = events.register(event, data)
    mine = events.register(event, events.RegistrationData(
        full_name=owner.full_name, email=owner.email, category="resident"), user=owner)
    db.session.commit()
    messaging.send_message(event, "Zmiana sali", "Spotykamy się w sali 12.", [guest, mine])
    # The owner registers a colleague: the list with the colleague's link goes to the owner.
    groups.register_group(event, owner, "Stowarzyszenie", [
        groups.Colleague("Kolega z Pracy", "kolega@example.org", "ngo")])
    db.session.commit()
    past = event_factory(title="Szkolenie minione", starts_in=-timedelta(days=3))
    attended = events.register(past, events.RegistrationData(
        full_name=owner.full_name, email=owner.email, category="resident"),
        user=owner, staff=people["staff"])
    db.session.add(Attendance(registration=attended, day=past.starts_at.date(),
                              checked_in_at=utcnow()))
    db.session.commit()
    evaluation.send_thank_you(past)
    certificates.send_all(past)  # with the registrant's link and the verification page
    db.session.commit()
    event_materials.add_link(past, "Nagranie szkolenia", "https://example.org/nagranie")
    event_materials.send_to_attendees(past)
    db.session.commit()

    # Consultations: a comment's receipt, a follower who confirms and asks again, the
    # "opened" notice, and the report of a closed consultation.
    consultation = consultation_factory(institution=plonsk)
    comment_on(consultation, owner)
    consultation_mail.comment_received(
        db.session.scalars(select(Comment)).first(), owner, consultation, None)
    subscription = following.subscribe("follower@example.org", consultation=consultation)
    db.session.commit()
    following.confirm(subscription)
    following.subscribe("follower@example.org", consultation=consultation)
    following.send_notices()
    # A week longer: the followers are told. The comment is reported (staff are told at
    # once), then hidden (its author is told why), and staff get their daily digest.
    review = periods.review_period(
        consultation, consultation_services.opens_on(consultation), None,
        consultation_services.closes_on(consultation) + timedelta(days=7), None, None)
    consultation.closes_at = review.deadline
    periods.record_change(consultation, review, "Prośba rady działalności pożytku.",
                          people["staff"])
    reported = db.session.scalars(select(Comment)).first()
    flag = CommentFlag(comment_id=reported.id, user_id=attacker.id, reason="Obraźliwy.")
    db.session.add(flag)
    db.session.flush()
    consultation_mail.comment_flagged(flag, reported)
    staff_mail.send_digests()
    consultation_services.hide_comment(reported, people["staff"], "Dane osobowe.")
    consultation_mail.comment_hidden(reported)
    db.session.commit()
    closed = consultation_factory(title="Program zamknięty", institution=plonsk,
                                  slug="program-zamkniety", opens_in=-timedelta(days=20),
                                  closes_in=-timedelta(days=2))
    following.confirm(following.subscribe("follower@example.org", consultation=closed))
    db.session.commit()
    publish_report(closed)
    db.session.commit()

    # The network: the attacker types an official's work address (a link goes there), the
    # official waits for staff (approved, then an announcement), another is rejected.
    _join(attacker, "burmistrz@plonsk.pl", plonsk)
    waiting = _join(people["official"], "official.private@example.org", plonsk)
    network.approve(waiting)
    rejected = _join(owner, "owner.work@example.org", plonsk)
    network.reject(rejected, "Nie pracuje Pan w urzędzie.")
    db.session.commit()
    assert waiting.status == MemberStatus.APPROVED
    announcements.send_announcement("Spotkanie sieci", "Zapraszamy 5 grudnia.")
    db.session.commit()

    # The mailing list: the owner agreed on the account page; an organisation of the
    # register gets it at its contact address.
    mailing_services.set_account_consent(owner, True)
    db.session.add(Organisation(name="Fundacja Przykładowa", email="biuro@fundacja.pl"))
    db.session.commit()
    mailing.send_mailing("Szkolenia w grudniu", "Zapraszamy na **szkolenia**.", Audience.BOTH)
    db.session.commit()

    # The cooperation monitor: Płońsk's manager and its coordinator (the approved
    # official) are reminded that its programme for 2027 is not recorded.
    people["manager"] = user_factory(role="manager", email="manager@example.org",
                                     institutions=[plonsk])
    waiting.is_coordinator = True
    db.session.commit()
    cooperation_reminders.send_reminders(datetime(2026, 11, 20, 11, tzinfo=UTC))
    db.session.commit()
    # The cooperation monitor: staff are reminded to follow up an intervention.
    follow_up = cooperation_interventions.InterventionData(
        sent_on=warsaw_today(), subject="Wezwanie do uchwalenia programu",
        problem=InterventionProblem.PROGRAMME_NOT_ADOPTED, follow_up_on=warsaw_today())
    cooperation_interventions.create(plonsk, follow_up, people["staff"])
    db.session.commit()
    cooperation_interventions.send_follow_ups()
    db.session.commit()
    # The survey: an invitation with its personal link (only that mailbox may read it),
    # then the reminder with a new one.
    survey = research_diagnosis(current_app._get_current_object(), plonsk.id,
                                DiagnosisStatus.OPEN)
    research_invitations.send_reminders(db.session.get(Diagnosis, survey.diagnosis_id))
    db.session.commit()
    return people
