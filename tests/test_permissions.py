"""Who may open what: every route of the URL map, as every role.

A new route must be classified in EXPECTED below, or test_every_endpoint_is_classified fails.
"""

import re
import secrets
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from consult.account import services as account_services
from consult.advice.models import AdviceSession
from consult.auth import services as auth_services
from consult.auth.models import ADMIN, MANAGER, STAFF, USER, User
from consult.auth.sessions import start_detached_session
from consult.consultations.models import (
    Comment,
    CommentFlag,
    Consultation,
    ConsultationAttachment,
    Decision,
    Section,
    Subscription,
)
from consult.cooperation.models import CycleRecord, Intervention, InterventionProblem, Step
from consult.core.mail import OutboxMessage, OutboxStatus, queue_mail
from consult.core.timeutil import utcnow
from consult.events import attendance, certificates
from consult.events import services as events
from consult.events.funding import FundingProject, FundingProjectLogo, ProjectPartner
from consult.events.models import Event, EventMaterial, EventStatus, Question, Registration
from consult.extensions import db
from consult.institutions.models import CITY_COUNTY, Institution, Organisation
from consult.library.models import LibraryMaterial
from consult.mailing import services as mailing_services
from consult.mailing.models import ConsentSource
from consult.network import mail as network_mail
from consult.network import services as network_services
from consult.network.models import FIELDS as NETWORK_FIELDS
from consult.network.models import Member as NetworkMember
from consult.network.models import MemberStatus, Topic
from consult.news.models import NewsPost
from consult.research.models import Diagnosis, DiagnosisStatus
from tests.research.world import ResearchRef, research_diagnosis
from tests.walks import is_walked, walked

PASSWORD = "Zielony-Tramwaj-Pod-Mostem-42"

# Outcomes besides a plain status code.
LOGIN = "302 to sign-in"  # 302 to /auth/login?next=<the page asked for>
ONWARD = "302 to a page of this site"  # 302 with a local Location (not the sign-in page)
# 302 to /auth/login?next=<the consultation's comment form>: the comment actions that have
# no page of their own send the visitor back to the form after signing in.
LOGIN_TO_COMMENT_FORM = "302 to sign-in, then to the comment form"

ROLES = (None, USER, MANAGER, STAFF, ADMIN)  # None: an anonymous visitor


def access(anonymous, user, manager, staff, admin) -> dict:
    return dict(zip(ROLES, (anonymous, user, manager, staff, admin), strict=True))


# Access classes.
PUBLIC = access(200, 200, 200, 200, 200)
# Links from e-mails; opened with a real token (a bad one gives 400, tested below).
EMAIL_LINK = access(200, 200, 200, 200, 200)
# Sign-in and sign-up forms: a visitor who is already signed in is sent on.
GUESTS = access(200, ONWARD, ONWARD, ONWARD, ONWARD)
# POST-only actions anyone may take (sign out, choose the language).
ANYONE_ACTION = access(ONWARD, ONWARD, ONWARD, ONWARD, ONWARD)
SIGNED_IN = access(LOGIN, 200, 200, 200, 200)
MANAGERS = access(LOGIN, 403, 200, 200, 200)
STAFF_ONLY = access(LOGIN, 403, 403, 200, 200)
STAFF_ACTION = access(LOGIN, 403, 403, ONWARD, ONWARD)  # POST-only, changes state
# A consultation's staff pages: staff and the managers of its institution. The World's
# consultation belongs to Płock and the test's manager runs Płońsk, so the manager gets 403;
# test_a_manager_runs_the_consultations_of_their_own_institution covers the other side.
OTHER_INSTITUTIONS = access(LOGIN, 403, 403, 200, 200)
OTHER_INSTITUTIONS_ACTION = access(LOGIN, 403, 403, ONWARD, ONWARD)  # POST-only
# The author's own comment actions: the World's comment is someone else's.
AUTHOR_ONLY = access(LOGIN, 403, 403, 403, 403)

EXPECTED: dict[str, dict] = {
    "pages.home": PUBLIC,
    "pages.about": PUBLIC,
    "pages.accessibility": PUBLIC,
    "pages.privacy": PUBLIC,
    "pages.healthz": PUBLIC,
    "pages.ping": PUBLIC,
    "pages.set_language": ANYONE_ACTION,
    "auth.register": GUESTS,
    "auth.login": GUESTS,
    "auth.logout": ANYONE_ACTION,
    "auth.reset_request": PUBLIC,
    "auth.verify_email": EMAIL_LINK,
    "auth.reset_password": EMAIL_LINK,
    "account.confirm_email": EMAIL_LINK,
    "account.profile": SIGNED_IN,
    "account.change_email": SIGNED_IN,
    "account.change_password": SIGNED_IN,
    "account.export": SIGNED_IN,
    "account.export_page": SIGNED_IN,
    "account.activity": SIGNED_IN,
    "account.delete": SIGNED_IN,
    "account.end_other_sessions": access(LOGIN, ONWARD, ONWARD, ONWARD, ONWARD),  # POST-only
    "account.notifications": access(LOGIN, 404, 200, 200, 200),  # staff's and managers' e-mails
    "manage.dashboard": MANAGERS,
    "manage.outbox": STAFF_ONLY,
    "manage.outbox_message": STAFF_ONLY,
    "manage.outbox_message_html": STAFF_ONLY,
    "manage.outbox_retry": STAFF_ACTION,
    "manage.users": STAFF_ONLY,
    "manage.user": STAFF_ONLY,
    "manage.institutions": STAFF_ONLY,
    "manage.institution": STAFF_ONLY,
    "organisations_manage.index": STAFF_ONLY,
    "organisations_manage.organisation": STAFF_ONLY,
    "organisations_manage.edit": STAFF_ONLY,
    "organisations_manage.merge": STAFF_ONLY,
    "organisations.index": PUBLIC,
    "organisations.organisation": PUBLIC,
    "manage.accessibility": STAFF_ONLY,
    "events.index": PUBLIC,
    "events.detail": PUBLIC,
    "events.register": PUBLIC,
    "events.register_group": SIGNED_IN,
    "events.event_calendar": PUBLIC,
    "events.feed": PUBLIC,
    "events.embed": PUBLIC,
    "events.registration": EMAIL_LINK,
    "events.registration_json": EMAIL_LINK,
    "events.registration_calendar": EMAIL_LINK,
    "events.cancel": EMAIL_LINK,
    "events.confirm": ANYONE_ACTION,  # POST-only, with the registrant's token
    "events.evaluation": EMAIL_LINK,
    "events.edit_registration": EMAIL_LINK,
    "events.certificate_pdf": EMAIL_LINK,
    "events.certificate": PUBLIC,
    "events.material": PUBLIC,
    "api.events": PUBLIC,
    "api.event": PUBLIC,
    "api.openapi": PUBLIC,
    "events_manage.index": STAFF_ONLY,
    "events_manage.overview": STAFF_ONLY,
    "events_manage.new": STAFF_ONLY,
    "events_manage.edit": STAFF_ONLY,
    "events_manage.publish": STAFF_ACTION,
    "events_manage.cancel": STAFF_ONLY,
    "events_manage.duplicate": STAFF_ONLY,
    "events_manage.questions": STAFF_ONLY,
    "events_manage.question_delete": STAFF_ONLY,
    "events_manage.question_edit": STAFF_ONLY,
    "events_manage.question_move": STAFF_ACTION,
    "events_manage.projects": STAFF_ONLY,
    "events_manage.project_new": STAFF_ONLY,
    "events_manage.project_edit": STAFF_ONLY,
    "events_manage.project_logo": STAFF_ONLY,
    # A POST without an image: the project page again, with the error at the field.
    "events_manage.project_logo_add": STAFF_ONLY,
    "events_manage.project_logo_delete": STAFF_ACTION,
    "events_manage.materials_page": STAFF_ONLY,
    "events_manage.delete_material": STAFF_ACTION,
    # POST-only; the World's event has not taken place, so staff are sent back with a note.
    "events_manage.send_materials": STAFF_ACTION,
    "events_manage.registrations": STAFF_ONLY,
    "events_manage.registration": STAFF_ONLY,
    "events_manage.registration_add": STAFF_ONLY,
    "events_manage.registration_approve": STAFF_ACTION,
    "events_manage.registration_reject": STAFF_ACTION,
    "events_manage.registration_cancel": STAFF_ONLY,  # the page that asks for the reason
    "events_manage.registration_move": STAFF_ACTION,
    "events_manage.message": STAFF_ONLY,
    "events_manage.export_csv": STAFF_ONLY,
    "events_manage.export_xlsx": STAFF_ONLY,
    "events_manage.attendance_pdf": STAFF_ONLY,
    "events_manage.checkin": STAFF_ONLY,
    # POST-only; without the day and the choice it is a bad request, for staff too.
    "events_manage.checkin_toggle": access(LOGIN, 403, 403, 400, 400),
    "events_manage.checkin_scan": STAFF_ONLY,
    "events_manage.impact": STAFF_ONLY,
    "events_manage.impact_csv": STAFF_ONLY,
    "events_manage.evaluation": STAFF_ONLY,
    "events_manage.evaluation_csv": STAFF_ONLY,
    "events_manage.evaluation_xlsx": STAFF_ONLY,
    "events_manage.evaluation_questions": STAFF_ONLY,
    "events_manage.evaluation_question_change": STAFF_ACTION,
    "events_manage.thank_you": STAFF_ACTION,
    "events_manage.certificates": STAFF_ONLY,
    "events_manage.certificates_send": STAFF_ACTION,
    "events_manage.certificates_zip": STAFF_ONLY,
    "events_manage.embed_snippet": STAFF_ONLY,
    # consultations: the public pages (the World's consultation is announced and open)
    "consultations.index": PUBLIC,
    "consultations.feed": PUBLIC,
    "consultations.detail": PUBLIC,
    "consultations.print_view": PUBLIC,
    "consultations.attachment": PUBLIC,
    # 404 until published (staff and the institution's managers see a preview): the World
    # gives these a consultation whose report and adopted version are published.
    "consultations.report": PUBLIC,
    "consultations.report_csv": PUBLIC,
    "consultations.report_xlsx": PUBLIC,
    "consultations.report_docx": PUBLIC,
    "consultations.adopted": PUBLIC,
    "consultations.comment_form": SIGNED_IN,
    # POST-only; posting nothing re-shows the form (200). An unverified account gets 403
    # (tests/consultations/test_comments.py, test_unverified_user_is_told_to_confirm_...).
    "consultations.comments": access(LOGIN_TO_COMMENT_FORM, 200, 200, 200, 200),
    "consultations.edit_comment": AUTHOR_ONLY,
    "consultations.withdraw_comment": AUTHOR_ONLY,
    "consultations.flag_comment": SIGNED_IN,  # the form to report someone's comment
    # POST-only; a verified account is sent back to the comment form, nothing is sent.
    "consultations.resend_verification": access(LOGIN_TO_COMMENT_FORM, ONWARD, ONWARD,
                                                ONWARD, ONWARD),
    "consultations.follow": PUBLIC,
    "consultations.follow_institution": PUBLIC,
    # The subscription's random token (not signed): a wrong one is a 404. GET shows the
    # button; only its POST confirms or unsubscribes.
    "consultations.confirm_subscription": EMAIL_LINK,
    "consultations.unsubscribe": EMAIL_LINK,
    "api.consultations": PUBLIC,
    "api.consultation": PUBLIC,
    # consultations: staff and institution managers
    "consultations_manage.index": MANAGERS,  # a manager sees their institutions' ones only
    "consultations_manage.new": MANAGERS,
    "consultations_manage.overview": OTHER_INSTITUTIONS,
    "consultations_manage.edit": OTHER_INSTITUTIONS,
    # POST-only; the World's consultation is announced already: staff are sent back to it.
    "consultations_manage.announce": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.attachments": OTHER_INSTITUTIONS,
    "consultations_manage.delete_attachment": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.sections": OTHER_INSTITUTIONS,
    "consultations_manage.new_section": OTHER_INSTITUTIONS,
    "consultations_manage.edit_section": OTHER_INSTITUTIONS,
    "consultations_manage.delete_section": OTHER_INSTITUTIONS_ACTION,
    # POST-only; without a direction nothing moves, and staff are sent back to the list.
    "consultations_manage.move_section": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.import_sections": OTHER_INSTITUTIONS,
    "consultations_manage.checklist": OTHER_INSTITUTIONS,
    "consultations_manage.comments": OTHER_INSTITUTIONS,
    # POST-only; without a decision (a reason) the table is shown again with the error.
    "consultations_manage.answer": access(LOGIN, 403, 403, 200, 200),
    "consultations_manage.hide_comment": access(LOGIN, 403, 403, 200, 200),
    # POST-only; a published comment cannot be published again: staff are sent back with
    # the reason.
    "consultations_manage.publish_comment": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.dismiss_flags": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.add_paper_comment": OTHER_INSTITUTIONS,
    # POST-only; nothing ticked: the table is shown again with the error.
    "consultations_manage.answer_together": access(LOGIN, 403, 403, 200, 200),
    # The World's comment came through the platform: there is no scan (staff only).
    "consultations_manage.comment_scan": access(LOGIN, 403, 403, 404, 404),
    "consultations_manage.report": OTHER_INSTITUTIONS,
    # POST-only; the consultation is still open: staff are sent back with what blocks it.
    "consultations_manage.publish_report": OTHER_INSTITUTIONS_ACTION,
    "consultations_manage.final": OTHER_INSTITUTIONS,
    # POST-only; without a published report: staff are sent back with the reason.
    "consultations_manage.publish_final": OTHER_INSTITUTIONS_ACTION,
    # network: the public pages (the World's member is approved)
    "network.index": PUBLIC,
    "network.profile": PUBLIC,
    "network.vcard": PUBLIC,
    "network.coverage": PUBLIC,
    # cooperation monitor: the public pages (the JST is the open consultation's, in the region)
    "cooperation.index": PUBLIC,
    "cooperation.institution": PUBLIC,
    "cooperation.export_csv": PUBLIC,
    "cooperation.export_xlsx": PUBLIC,
    "cooperation.source_document": PUBLIC,
    # cooperation monitor: recording. Staff for any JST, a manager for their own: the JST is
    # Płock (the open consultation's) and the test's manager runs Płońsk, so gets 403.
    "cooperation_manage.index": MANAGERS,  # a manager sees the JSTs they manage only
    "cooperation_manage.institution": OTHER_INSTITUTIONS,
    # POST-only; without the key of one of the page's forms the request is refused (400).
    "cooperation_manage.record": access(LOGIN, 403, 403, 400, 400),
    # cooperation monitor: the federation's interventions. Staff only: even a manager of the
    # JST gets 403 (tests/cooperation/test_interventions.py, for the manager's own JST).
    "cooperation_manage.interventions_log": STAFF_ONLY,
    "cooperation_manage.intervention_new": STAFF_ONLY,
    "cooperation_manage.intervention": STAFF_ONLY,
    "cooperation_manage.intervention_letter": STAFF_ONLY,
    "cooperation_manage.intervention_publish": STAFF_ACTION,  # POST-only
    # the advice log: staff only (tests/advice/test_advice.py, GET and POST)
    "advice_manage.index": STAFF_ONLY,
    "advice_manage.export_csv": STAFF_ONLY,
    "advice_manage.export_xlsx": STAFF_ONLY,
    "advice_manage.new": STAFF_ONLY,
    "advice_manage.edit": STAFF_ONLY,
    "advice_manage.delete": STAFF_ONLY,  # GET: the confirmation page
    "api.network_members": PUBLIC,
    # Public, but ?year= is required: the walk's bare URL is a 400 for everyone alike
    # (tests/cooperation/test_api.py gets the 200).
    "api.cooperation_programmes": access(400, 400, 400, 400, 400),
    # network: the member's own pages. The test's people have no entry in the network:
    # /network/me, leave and resend_link send them on to /network/join (a member gets the
    # page: test_a_network_member_opens_their_own_entry).
    "network.join": SIGNED_IN,
    "network.me": access(LOGIN, ONWARD, ONWARD, ONWARD, ONWARD),
    "network.leave": access(LOGIN, ONWARD, ONWARD, ONWARD, ONWARD),
    "network.resend_link": access(LOGIN, ONWARD, ONWARD, ONWARD, ONWARD),  # POST-only
    # The signed link to the work e-mail (a bad one gives 400); GET shows the button.
    "network.verify_email": EMAIL_LINK,
    # The entry's random announcements token (not signed): a wrong one is a 404. GET shows
    # the button; only its POST (or the mail program's one-click POST) stops them.
    "network.unsubscribe": EMAIL_LINK,
    # The mailing list: the subscriber's (or organisation's) random token, not signed: a
    # wrong one is a 404. GET shows the button; only its POST (or the mail program's
    # one-click POST) stops the mailings.
    "mailing.unsubscribe": EMAIL_LINK,
    # POST-only: the account page's checkbox; back to the account page.
    "mailing.account_consent": access(LOGIN, ONWARD, ONWARD, ONWARD, ONWARD),
    # Writing to NGOs and past participants: staff only (managers run consultations).
    "mailing_manage.index": STAFF_ONLY,
    # network: staff only. Managers run consultations, not the network: even the manager
    # of the members' own institution (the test's manager runs Płońsk) gets 403.
    "network_manage.index": STAFF_ONLY,
    # POST-only; the World gives it a request waiting for approval.
    "network_manage.approve": STAFF_ACTION,
    "network_manage.reject": STAFF_ONLY,  # the form, for a request waiting for a decision
    "network_manage.members": STAFF_ONLY,
    "network_manage.export_csv": STAFF_ONLY,
    "network_manage.member": STAFF_ONLY,
    "network_manage.topics": STAFF_ONLY,
    # POST-only; without a name and a position the list is shown again with the errors.
    "network_manage.topic_edit": access(LOGIN, 403, 403, 200, 200),
    "network_manage.announcements": STAFF_ONLY,
    "network_manage.coverage": STAFF_ONLY,
    # the survey: staff prepare diagnoses (each endpoint its own draft diagnosis of Płock);
    # managers run consultations, not the federation's research, so they get 403.
    "research_manage.index": STAFF_ONLY,
    "research_manage.new": STAFF_ONLY,
    "research_manage.diagnosis": STAFF_ONLY,
    "research_manage.details": STAFF_ONLY,
    # POST-only; without the status wanted the request is refused (400).
    "research_manage.status": access(LOGIN, 403, 403, 400, 400),
    # POST-only; turning the open link on answers with the page showing the new link.
    "research_manage.open_link": STAFF_ONLY,
    "research_manage.questionnaire": STAFF_ONLY,
    "research_manage.group_new": STAFF_ONLY,
    "research_manage.group_edit": STAFF_ONLY,
    "research_manage.group_remove": STAFF_ACTION,
    "research_manage.area_new": STAFF_ONLY,
    "research_manage.area_edit": STAFF_ONLY,
    "research_manage.area_remove": STAFF_ACTION,
    "research_manage.indicator_new": STAFF_ONLY,
    "research_manage.indicator_edit": STAFF_ONLY,
    "research_manage.indicator_remove": STAFF_ACTION,
    "research_manage.invitations_page": STAFF_ONLY,
    # POST-only; without a group the page is shown again with the error.
    "research_manage.invitations_network": STAFF_ONLY,
    "research_manage.invitations_send": STAFF_ACTION,
    "research_manage.invitations_remind": STAFF_ACTION,
    # the respondent's links (an open diagnosis: a sent invitation, a group's open link)
    "research_respond.personal": EMAIL_LINK,
    "research_respond.open_link": EMAIL_LINK,
    "research_respond.thanks": PUBLIC,
    # the survey's results: published ones are public (PUBLISHED_DIAGNOSIS_PAGES); staff's
    # page and files (a draft diagnosis: publishing it is refused, staff are sent back).
    "research.index": PUBLIC,
    "research.diagnosis": PUBLIC,
    "research.report_docx": PUBLIC,
    "research.report_pdf": PUBLIC,
    "research.results_csv": PUBLIC,
    "research.results_xlsx": PUBLIC,
    "api.research_diagnoses": PUBLIC,
    "api.research_diagnosis": PUBLIC,
    # projects: a published project's page, logos and API (PROJECT_PAGES); partners and the
    # funder's report are staff's
    "projects.index": PUBLIC,
    "projects.detail": PUBLIC,
    "projects.logo": PUBLIC,
    "api.projects": PUBLIC,
    "api.project": PUBLIC,
    "projects_manage.partner_add": STAFF_ONLY,
    "projects_manage.partner_delete": STAFF_ACTION,
    "projects_manage.report_xlsx": STAFF_ONLY,
    "projects_manage.report_docx": STAFF_ONLY,
    "research_manage.results": STAFF_ONLY,
    "research_manage.publish": STAFF_ACTION,
    "research_manage.unpublish": STAFF_ACTION,
    "research_manage.report_docx": STAFF_ONLY,
    "research_manage.report_pdf": STAFF_ONLY,
    "research_manage.results_csv": STAFF_ONLY,
    "research_manage.results_xlsx": STAFF_ONLY,
    # the library of materials (a published file) and news (a published post with an image)
    "library.index": PUBLIC,
    "library.detail": PUBLIC,
    "library.download": PUBLIC,
    "library_manage.index": STAFF_ONLY,
    "library_manage.new": STAFF_ONLY,
    "library_manage.edit": STAFF_ONLY,
    "library_manage.unpublish": STAFF_ACTION,
    "library_manage.delete": STAFF_ACTION,
    "news.index": PUBLIC,
    "news.detail": PUBLIC,
    "news.image": PUBLIC,
    "news.feed": PUBLIC,
    "news_manage.index": STAFF_ONLY,
    "news_manage.new": STAFF_ONLY,
    "news_manage.edit": STAFF_ONLY,
    "news_manage.publish": STAFF_ACTION,
    "news_manage.unpublish": STAFF_ACTION,
    "news_manage.delete": STAFF_ACTION,
}


# --- URL parameters -------------------------------------------------------------------


class World:
    """Objects that URL parameters point at, made on first use."""

    def __init__(self, app: Flask, user_factory, institution_factory):
        self.app = app
        self.user_factory = user_factory
        self.institution_factory = institution_factory
        self.cache: dict = {}

    def value(self, endpoint: str, argument: str):
        kind = consultation_kind(endpoint)
        if argument in PER_ENDPOINT:
            key = (endpoint, argument)
        elif kind is not None and argument in PER_CONSULTATION:
            key = (kind, argument)  # e.g. a consultation's slug, not an event's
        elif argument == "slug" and endpoint in PUBLISHED_DIAGNOSIS_PAGES:
            key = ("published diagnosis", argument)
        elif argument == "slug" and endpoint in PROJECT_PAGES:
            key = ("published project", argument)
        else:
            key = argument
        if key not in self.cache:
            if argument not in ARGUMENTS:
                raise LookupError(f"no factory for URL argument {argument!r} of {endpoint}")
            self.cache[key] = ARGUMENTS[argument](self, endpoint)
        return self.cache[key]

    def consultation(self, endpoint: str) -> Consultation:
        """The consultation of the endpoint's kind (see consultation_kind), made once."""
        kind = consultation_kind(endpoint)
        key = ("consultation", kind)
        if key not in self.cache:
            self.cache[key] = CONSULTATIONS[kind](self).id
        return db.session.get(Consultation, self.cache[key])


# Arguments made anew for every endpoint: an action must not spoil another page's object
# (consultations_manage.delete_section deletes its section, so edit_section needs its own).
# A network member too: network_manage.approve and reject decide on a request of their own.
# A registration too: staff's decisions (approve, reject, cancel) each need one still open.
# A diagnosis and its parts too: a removal must not take another page's group or question.
PER_ENDPOINT = {"token", "section_id", "attachment_id", "filename", "member_id", "material_id",
                "logo_id", "registration_id", "diagnosis_id", "group_id", "area_id",
                "indicator_id", "item_id", "post_id", "partner_id"}
# Arguments that point into the endpoint's consultation (an event's slug elsewhere).
PER_CONSULTATION = {"slug", "consultation_id", "comment_id", "teryt"}
# Public pages that are 404 until the report (the adopted version) is published.
PUBLISHED_REPORT_PAGES = {
    "consultations.report", "consultations.report_csv", "consultations.report_xlsx",
    "consultations.report_docx", "consultations.adopted",
}


# A published project's pages: their slug is the project's.
PROJECT_PAGES = {"projects.detail", "projects.logo", "api.project"}
# Public pages of a diagnosis's results: 404 until they are published.
PUBLISHED_DIAGNOSIS_PAGES = {
    "research.diagnosis", "research.report_docx", "research.report_pdf",
    "research.results_csv", "research.results_xlsx", "api.research_diagnosis",
}


def consultation_kind(endpoint: str) -> str | None:
    """Which consultation the endpoint's arguments point at, or None (not a consultation)."""
    if endpoint.startswith("consultations_manage."):
        return "staff"
    if endpoint in PUBLISHED_REPORT_PAGES:
        return "reported"
    if endpoint.startswith("consultations.") or endpoint in (
            "api.consultation", "cooperation.institution", "cooperation.source_document"):
        return "open"
    if endpoint.startswith("cooperation_manage."):
        return "open"  # its JST: Płock, which the test's manager does not run
    return None


def _outbox_message(world: World, endpoint: str) -> int:
    person = world.user_factory()
    with world.app.test_request_context():
        message = queue_mail(
            person.email, "Wiadomość testowa", "auth/mail/verify",
            user=person, url="https://example.org/x", hours=72,
        )
        message.status = OutboxStatus.FAILED  # so that "send again" makes sense
        db.session.commit()
    return message.id


def _token_from_outbox(recipient: str, path_prefix: str) -> str:
    message = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no mail to {recipient}"
    found = re.search(re.escape(path_prefix) + r"([A-Za-z0-9_.\-]+)", message.text_body)
    assert found, f"no {path_prefix} link in the mail to {recipient}"
    return found.group(1)


def _verify_token(world: World, endpoint: str) -> str:
    person = world.user_factory(verified=False)
    with world.app.test_request_context():
        auth_services.send_verification(person)
        db.session.commit()
    return _token_from_outbox(person.email, "/auth/verify/")


def _reset_token(world: World, endpoint: str) -> str:
    person = world.user_factory()
    with world.app.test_request_context():
        auth_services.request_password_reset(person.email)
        db.session.commit()
    return _token_from_outbox(person.email, "/auth/reset/")


def _email_change_token(world: World, endpoint: str) -> str:
    person = world.user_factory()
    new_email = f"new-{person.id}@example.org"
    with world.app.test_request_context():
        account_services.request_email_change(person, new_email)
        db.session.commit()
    return _token_from_outbox(new_email, "/account/email/confirm/")


def _event(world: World, endpoint: str, **fields) -> Event:
    n = len(world.cache) + 1
    starts_at = utcnow().replace(microsecond=0) + timedelta(days=7)
    event = Event(slug=f"szkolenie-{n}", title=f"Szkolenie {n}", type="training",
                  starts_at=starts_at, ends_at=starts_at + timedelta(hours=5), capacity=10,
                  status=EventStatus.PUBLISHED, questions=[Question(label="Pytanie")], **fields)
    db.session.add(event)
    db.session.commit()
    return event


def _registration(world: World, event: Event) -> Registration:
    n = len(world.cache) + 1
    with world.app.test_request_context():
        registration = events.register(event, events.RegistrationData(
            full_name=f"Uczestnik {n}", email=f"uczestnik{n}@example.org", category="ngo",
            organisation="Fundacja"), staff=object())
        db.session.commit()
    return registration


def _attended(world: World, endpoint: str) -> Registration:
    """A participant present at an event that is over, with a certificate."""
    n = len(world.cache) + 1
    starts_at = utcnow().replace(microsecond=0) - timedelta(days=3)
    event = Event(slug=f"szkolenie-minione-{n}", title=f"Szkolenie minione {n}",
                  type="training", starts_at=starts_at, ends_at=starts_at + timedelta(hours=5),
                  status=EventStatus.PUBLISHED)
    registration = Registration(
        event=event, token=secrets.token_urlsafe(32), checkin_code=secrets.token_urlsafe(12),
        status="confirmed", category="ngo", full_name=f"Uczestniczka {n}",
        email=f"uczestniczka{n}@example.org")
    db.session.add(registration)
    db.session.flush()
    with world.app.test_request_context():
        attendance.check_in(registration, attendance.days_of(event)[0], None)
        certificates.issue(registration)
        db.session.commit()
    return registration


def _registration_token(world: World, endpoint: str) -> str:
    return _registration(world, _event(world, endpoint)).token


def _registration_id(world: World, endpoint: str) -> int:
    event = db.session.get(Event, world.value(endpoint, "event_id"))
    return _registration(world, event).id


def _checkin_code(world: World, endpoint: str) -> str:
    return _registration(world, _event(world, endpoint)).checkin_code


def _question_id(world: World, endpoint: str) -> int:
    return db.session.get(Event, world.value(endpoint, "event_id")).questions[0].id


def _project_id(world: World, endpoint: str) -> int:
    project = FundingProject(name="Aktywni Obywatele", notice="Dofinansowano z Funduszy EOG.")
    db.session.add(project)
    db.session.commit()
    return project.id


def _subscription_token(world: World, endpoint: str) -> str:
    """A subscription to the open consultation: waiting to be confirmed for the confirm
    link, confirmed for the unsubscribe link."""
    n = len(world.cache) + 1
    subscription = Subscription(
        email=f"obserwator{n}@example.org", token=secrets.token_urlsafe(32), locale="pl",
        consultation_id=world.consultation(endpoint).id,
        confirmed_at=utcnow() if endpoint == "consultations.unsubscribe" else None)
    db.session.add(subscription)
    db.session.commit()
    return subscription.token


TOKENS = {
    "auth.verify_email": _verify_token,
    "auth.reset_password": _reset_token,
    "account.confirm_email": _email_change_token,
    "events.registration": _registration_token,
    "events.registration_json": _registration_token,
    "events.registration_calendar": _registration_token,
    "events.cancel": _registration_token,
    "events.confirm": _registration_token,
    "events.evaluation": _registration_token,
    "events.edit_registration": _registration_token,
    "events.certificate_pdf": lambda world, endpoint: _attended(world, endpoint).token,
    "consultations.confirm_subscription": _subscription_token,
    "consultations.unsubscribe": _subscription_token,
    "network.verify_email": lambda world, endpoint: _network_verify_token(world),
    "network.unsubscribe": lambda world, endpoint: _network_member(world).announcements_token,
    "mailing.unsubscribe": lambda world, endpoint: _mailing_subscriber_token(),
    "research_respond.personal": lambda world, endpoint: _research_ref(
        world, endpoint, DiagnosisStatus.OPEN).personal_token,
    "research_respond.open_link": lambda world, endpoint: _research_ref(
        world, endpoint, DiagnosisStatus.OPEN).open_token,
}
# Links with a registrant's, a subscription's or a network member's announcements token
# are random strings, not signed: a wrong one is a 404
# (test_subscription_links_with_a_wrong_token_are_404).
SIGNED_TOKENS = ("auth.verify_email", "auth.reset_password", "account.confirm_email",
                 "network.verify_email")
# What the invalid-link page says; the network's own page also names a changed work e-mail.
INVALID_LINK_TEXT = {
    "network.verify_email": "The link is incomplete, has already been used, or your work "
                            "e-mail has changed since it was sent.",
}


def _mailing_subscriber_token() -> str:
    """A new address on the mailing list (each endpoint its own: one may unsubscribe it)."""
    subscriber = mailing_services.subscribe(
        f"lista{secrets.token_hex(4)}@example.org", ConsentSource.ACCOUNT)
    db.session.commit()
    return subscriber.token


def _token(world: World, endpoint: str) -> str:
    if endpoint not in TOKENS:
        raise LookupError(f"no token factory for {endpoint}: add one to TOKENS")
    return TOKENS[endpoint](world, endpoint)


def _organisation(world: World, endpoint: str) -> int:
    org = Organisation(name="Fundacja Przykładowa", krs="0000123456", public_listing=True)
    db.session.add(org)
    db.session.commit()
    return org.id


# --- consultations ----------------------------------------------------------------------

# The test's manager runs Płońsk (institution_factory's default, 1420011): the consultations
# are Płock's, so that manager is someone who runs another institution.
CONSULTATION_TERYT = "1462011"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _consultation_institution(world: World) -> Institution:
    key = "consultation institution"
    if key not in world.cache:
        world.cache[key] = world.institution_factory(teryt=CONSULTATION_TERYT, name="Płock",
                                                    kind=CITY_COUNTY).id
    return db.session.get(Institution, world.cache[key])


def _new_consultation(world: World, opens_in: timedelta, closes_in: timedelta,
                      **fields) -> Consultation:
    """An announced consultation of Płock with two sections (as consultation_factory)."""
    n = len(world.cache) + 1
    now = utcnow().replace(microsecond=0)
    consultation = Consultation(
        slug=f"konsultacja-{n}", title=f"Program współpracy {n}",
        institution=_consultation_institution(world), opens_at=now + opens_in,
        closes_at=now + closes_in, announced_at=now + opens_in - timedelta(days=1),
        legal_basis="Uchwała nr XII/85/2011 Rady Miejskiej", sections=[
            Section(position=0, level=1, number="Rozdział I", title="Postanowienia ogólne"),
            Section(position=1, level=2, number="§ 1", title="Cel główny",
                    text="Celem głównym programu jest budowanie partnerstwa."),
        ], **fields)
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _comment(world: World, consultation: Consultation, **fields) -> Comment:
    """A published comment by someone who is none of the test's roles."""
    author = world.user_factory()
    comment = Comment(
        consultation_id=consultation.id, section_id=consultation.sections[1].id,
        author_id=author.id, author_name=author.full_name, private_number=1,
        body="Proponujemy doprecyzować cel główny.", **fields)
    db.session.add(comment)
    db.session.commit()
    return comment


def _open_consultation(world: World) -> Consultation:
    """Open for another week, with a published comment by someone else."""
    consultation = _new_consultation(world, timedelta(days=-1), timedelta(days=7))
    _comment(world, consultation)
    return consultation


def _staff_consultation(world: World) -> Consultation:
    """Open, with a published comment that someone reported to the moderators."""
    consultation = _open_consultation(world)
    comment_id = db.session.scalar(db.select(Comment.id).where(
        Comment.consultation_id == consultation.id))
    db.session.add(CommentFlag(comment_id=comment_id, user_id=world.user_factory().id,
                               reason="Obraźliwy język."))
    db.session.commit()
    return consultation


def _reported_consultation(world: World) -> Consultation:
    """Closed, its comment answered, the report and the adopted version published."""
    now = utcnow().replace(microsecond=0)
    consultation = _new_consultation(
        world, timedelta(days=-30), timedelta(days=-10), report_published_at=now,
        final_published_at=now, report_prepared_by="Anna Nowak",
        final_note="Uchwała nr XV/120/2026 Rady Miejskiej")
    for section in consultation.sections:
        section.final_text = section.text
    _comment(world, consultation, submitted_at=now - timedelta(days=20), decision=Decision.ACCEPTED,
             decision_text="Uwzględniono.", answered_at=now - timedelta(days=5))
    return consultation


CONSULTATIONS = {
    "open": _open_consultation,
    "staff": _staff_consultation,
    "reported": _reported_consultation,
}


def _comment_id(world: World, endpoint: str) -> int:
    consultation = world.consultation(endpoint)
    return db.session.scalar(db.select(Comment.id).where(
        Comment.consultation_id == consultation.id).order_by(Comment.id))


def _section_id(world: World, endpoint: str) -> int:
    consultation = world.consultation(endpoint)
    n = len(world.cache) + 1
    section = Section(position=len(consultation.sections), level=2, number=f"§ {n}",
                      title="Zasady współpracy", text="Współpraca opiera się na zasadach.")
    consultation.sections.append(section)
    db.session.commit()
    return section.id


def _attachment_id(world: World, endpoint: str) -> int:
    attachment = ConsultationAttachment(
        consultation_id=world.consultation(endpoint).id, title="Projekt programu (PDF)",
        filename="projekt-programu.pdf", content_type="application/pdf", size=len(PDF),
        data=PDF)
    db.session.add(attachment)
    db.session.commit()
    return attachment.id


def _attachment_filename(world: World, endpoint: str) -> str:
    if endpoint == "events.material":
        return db.session.get(EventMaterial, world.value(endpoint, "material_id")).filename
    return db.session.get(ConsultationAttachment,
                          world.value(endpoint, "attachment_id")).filename


def _material_id(world: World, endpoint: str) -> int:
    """A file staff shared on the event of the endpoint's other argument."""
    if endpoint == "events.material":
        event = db.session.scalar(db.select(Event).where(
            Event.slug == world.value(endpoint, "slug")))
    else:
        event = db.session.get(Event, world.value(endpoint, "event_id"))
    material = EventMaterial(event_id=event.id, title="Prezentacja", filename="prezentacja.pdf",
                             content_type="application/pdf", size=len(PDF), data=PDF)
    db.session.add(material)
    db.session.commit()
    return material.id


def _intervention_id(world: World, endpoint: str) -> int:
    """An intervention to the JST of the open consultation (Płock), with its letter."""
    intervention = Intervention(
        institution_id=world.consultation(endpoint).institution_id, sent_on=date(2026, 1, 5),
        subject="Wezwanie do uchwalenia programu", problem=InterventionProblem.OTHER,
        letter_filename="wezwanie.pdf", letter_content_type="application/pdf",
        letter_size=len(PDF), letter_data=PDF)
    db.session.add(intervention)
    db.session.commit()
    return intervention.id


def _advice_id(world: World, endpoint: str) -> int:
    """A session of advice given to someone not in the register."""
    advice = AdviceSession(held_on=date(2026, 1, 5), minutes=60, topic="Zmiana statutu",
                           category="statute", form="phone", advised_name="Grupa sąsiedzka")
    db.session.add(advice)
    db.session.commit()
    return advice.id


def _record_id(world: World, endpoint: str) -> int:
    """A value of the record of the open consultation's JST (Płock) with a document as its
    source."""
    record = CycleRecord(
        institution_id=world.consultation(endpoint).institution_id, year=2026,
        step=Step.ADOPTED, happened_on=date(2025, 11, 20), document_filename="uchwala.pdf",
        document_content_type="application/pdf", document_size=len(PDF), document_data=PDF)
    db.session.add(record)
    db.session.commit()
    return record.id


def _logo_id(world: World, endpoint: str) -> int:
    project_id = (db.session.scalar(select(FundingProject.id).where(
        FundingProject.slug == world.value(endpoint, "slug"))) if endpoint in PROJECT_PAGES
        else world.value(endpoint, "project_id"))
    logo = FundingProjectLogo(project_id=project_id,
                              content_type="image/png", width=1, height=1, data=b"\x89PNG")
    db.session.add(logo)
    db.session.commit()
    return logo.id


def _library_material(world: World) -> LibraryMaterial:
    """A published PDF of the library."""
    material = LibraryMaterial(title="Poradnik konsultacji", year=2024, type="guide",
                               filename="poradnik.pdf", content_type="application/pdf",
                               size=len(PDF), data=PDF, published=True)
    db.session.add(material)
    db.session.commit()
    return material


def _news_post(world: World) -> NewsPost:
    """A published post with an image."""
    n = len(world.cache) + 1
    post = NewsPost(title=f"Wiadomość {n}", slug=f"wiadomosc-{n}", image_data=b"\x89PNG",
                    image_content_type="image/png", image_width=1, image_height=1,
                    image_alt="Uczestnicy szkolenia", published_at=utcnow())
    db.session.add(post)
    db.session.commit()
    return post


# --- network ----------------------------------------------------------------------------


def _network_institution(world: World) -> Institution:
    """Płońsk: the institution the test's manager runs (made here when the role has none),
    so the staff-only pages are refused even to the manager of the members' institution."""
    found = db.session.scalar(db.select(Institution).where(Institution.teryt == "1420011"))
    return found or world.institution_factory()


def _network_member(world: World, status: str = MemberStatus.APPROVED) -> NetworkMember:
    """An entry of someone who is none of the test's roles, every field public."""
    n = len(world.cache) + 1
    institution = _network_institution(world)
    member = NetworkMember(
        user_id=world.user_factory().id, institution=institution,
        powiat=network_services.powiat_of(institution), full_name=f"Urzędniczka {n}",
        position="inspektorka ds. współpracy z NGO", work_email=f"urzedniczka{n}@example.org",
        status=status, approved_at=utcnow() if status == MemberStatus.APPROVED else None,
        announcements_token=secrets.token_urlsafe(32))
    db.session.add(member)
    network_services.set_visibility(member, {name: "public" for name in NETWORK_FIELDS})
    db.session.commit()
    return member


def _network_member_id(world: World, endpoint: str) -> int:
    """Approved (the profile, the vCard, the staff page), or waiting for staff for the
    staff's decisions."""
    waiting = endpoint in ("network_manage.approve", "network_manage.reject")
    return _network_member(world, MemberStatus.PENDING if waiting else MemberStatus.APPROVED).id


def _network_verify_token(world: World) -> str:
    """The link sent to the work e-mail of an entry waiting for it."""
    return network_mail.verification_token(_network_member(world, MemberStatus.EMAIL_PENDING))


def _topic_id(world: World, endpoint: str) -> int:
    topic = Topic(name=f"Ekonomia społeczna {len(world.cache) + 1}")
    db.session.add(topic)
    db.session.commit()
    return topic.id


# --- the survey ---------------------------------------------------------------------------


def _research_ref(world: World, endpoint: str, status=DiagnosisStatus.DRAFT) -> ResearchRef:
    """The endpoint's own diagnosis of Płock (a draft unless told otherwise), made once."""
    key = ("research", endpoint)
    if key not in world.cache:
        world.cache[key] = research_diagnosis(
            world.app, _consultation_institution(world).id, status)
    return world.cache[key]


def _published_diagnosis_slug(world: World) -> str:
    """A closed diagnosis of Płock whose (empty) results are published."""
    ref = research_diagnosis(world.app, _consultation_institution(world).id,
                             DiagnosisStatus.CLOSED, slug="wyniki-diagnozy")
    db.session.get(Diagnosis, ref.diagnosis_id).published_at = utcnow()
    db.session.commit()
    return "wyniki-diagnozy"


def _diagnosis_id(world: World, endpoint: str) -> int:
    return _research_ref(world, endpoint).diagnosis_id


def _published_project_slug(world: World) -> str:
    project = FundingProject(name="Koalicja dialogu", slug="koalicja-dialogu", published=True)
    db.session.add(project)
    db.session.commit()
    return project.slug


def _partner_id(world: World, endpoint: str) -> int:
    partner = ProjectPartner(project_id=world.value(endpoint, "project_id"), name="Partner")
    db.session.add(partner)
    db.session.commit()
    return partner.id


def _slug(world: World, endpoint: str) -> str:
    if endpoint in PUBLISHED_DIAGNOSIS_PAGES:
        return _published_diagnosis_slug(world)
    if endpoint in PROJECT_PAGES:
        return _published_project_slug(world)
    if consultation_kind(endpoint) is not None:
        return world.consultation(endpoint).slug
    return _event(world, endpoint).slug


ARGUMENTS = {
    "user_id": lambda world, endpoint: world.user_factory().id,
    "institution_id": lambda world, endpoint: world.institution_factory(
        teryt="1465011", name="Warszawa"
    ).id,
    "organisation_id": _organisation,
    "message_id": _outbox_message,
    "token": _token,
    "event_id": lambda world, endpoint: _event(world, endpoint).id,
    "slug": _slug,
    "registration_id": _registration_id,
    "question_id": _question_id,
    "project_id": _project_id,
    "partner_id": _partner_id,
    "code": _checkin_code,
    "certificate_code": lambda world, endpoint: certificates.live_certificate(
        _attended(world, endpoint)).code,
    "consultation_id": lambda world, endpoint: world.consultation(endpoint).id,
    "comment_id": _comment_id,
    "section_id": _section_id,
    "attachment_id": _attachment_id,
    "filename": _attachment_filename,
    "material_id": _material_id,
    "logo_id": _logo_id,
    "teryt": lambda world, endpoint: world.consultation(endpoint).institution.teryt,
    "member_id": _network_member_id,
    "topic_id": _topic_id,
    "intervention_id": _intervention_id,
    "advice_id": _advice_id,
    "record_id": _record_id,
    "diagnosis_id": _diagnosis_id,
    "group_id": lambda world, endpoint: _research_ref(world, endpoint).group_id,
    "area_id": lambda world, endpoint: _research_ref(world, endpoint).area_id,
    "indicator_id": lambda world, endpoint: _research_ref(world, endpoint).indicator_id,
    "item_id": lambda world, endpoint: _library_material(world).id,
    "post_id": lambda world, endpoint: _news_post(world).id,
    "post_slug": lambda world, endpoint: _news_post(world).slug,
}


# --- helpers ----------------------------------------------------------------------------


def signed_in_client(app: Flask, user: User | None):
    """A client with a sign-in of its own: one route signing out (or everywhere else)
    ends it on the server, and must not sign out the clients of the routes after it."""
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = start_detached_session(user)
            session["_fresh"] = True
    return client


def outcome_problem(response, expected, path: str, comment_form: str | None = None
                    ) -> str | None:
    """Why the response is not the expected outcome, or None.

    ``comment_form``: the path of the comment form, for LOGIN_TO_COMMENT_FORM.
    """
    location = response.headers.get("Location", "")
    if expected in (LOGIN, LOGIN_TO_COMMENT_FORM):
        if response.status_code != 302:
            return f"expected 302 to sign-in, got {response.status_code}"
        parts = urlsplit(location)
        if parts.netloc or parts.path != "/auth/login":
            return f"expected a redirect to /auth/login, got {location!r}"
        next_path = path if expected == LOGIN else comment_form
        if next_path is None:
            return "no comment form given to check next= against"
        if parse_qs(parts.query).get("next") != [next_path]:
            return f"expected next={next_path!r} in {location!r}"
        return None
    if expected == ONWARD:
        if response.status_code != 302:
            return f"expected 302, got {response.status_code}"
        if not location.startswith("/") or location.startswith("//"):
            return f"expected a local redirect, got {location!r}"
        if urlsplit(location).path == "/auth/login":
            return f"expected a redirect onward, not to sign-in: {location!r}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    if expected == 403 and not in_layout(response.get_data(as_text=True)):
        return "the 403 page is not in the site layout"
    return None


def in_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'class="site-footer"' in body


def routes(app: Flask):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


# --- tests ----------------------------------------------------------------------------------


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in routes(app)}
    unclassified = sorted(endpoints - EXPECTED.keys())
    assert not unclassified, f"add these endpoints to EXPECTED: {unclassified}"
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not stale, f"EXPECTED names endpoints that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_route_as_role(app, role, user_factory, institution_factory):
    world = World(app, user_factory, institution_factory)
    if role == MANAGER:
        person = user_factory(role=MANAGER, institutions=[institution_factory()])
    elif role is not None:
        person = user_factory(role=role)
    else:
        person = None
    adapter = app.url_map.bind("localhost")

    problems = []
    checked = 0
    for rule in routes(app):
        label = f"{rule.rule} ({rule.endpoint})"
        if rule.endpoint not in EXPECTED:
            problems.append(f"{label}: not classified in EXPECTED")
            continue
        if not is_walked(rule.endpoint):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        values = {arg: world.value(rule.endpoint, arg) for arg in sorted(rule.arguments)}
        path = adapter.build(rule.endpoint, values, method=method)
        assert adapter.match(path, method=method, return_rule=True)[0] is rule, path

        client = signed_in_client(app, person)
        response = client.open(path, method=method)
        expected = EXPECTED[rule.endpoint][role]
        comment_form = (adapter.build("consultations.comment_form", {"slug": values["slug"]})
                        if expected == LOGIN_TO_COMMENT_FORM else None)
        problem = outcome_problem(response, expected, path, comment_form)
        if problem:
            problems.append(f"{method} {path} ({rule.endpoint}): {problem}")
        checked += 1

    assert checked == len(walked(routes(app), key=lambda rule: rule.endpoint))
    assert not problems, f"as {role or 'anonymous'}:\n" + "\n".join(problems)


@pytest.mark.parametrize("endpoint", sorted(SIGNED_TOKENS))
def test_email_links_with_a_bad_token_show_the_invalid_link_page(app, client, endpoint,
                                                                 user_factory,
                                                                 institution_factory):
    world = World(app, user_factory, institution_factory)
    own = world.value(endpoint, "token")
    tampered = own[:-3] + ("abc" if not own.endswith("abc") else "xyz")
    # Real tokens made for another kind of link must not open this one.
    other_purposes = [world.value(other, "token") for other in SIGNED_TOKENS if other != endpoint]
    client.set_cookie("lang", "en")
    adapter = app.url_map.bind("localhost")
    assert client.get(adapter.build(endpoint, {"token": own})).status_code == 200  # control
    for token in ("not-a-token", tampered, *other_purposes):
        path = adapter.build(endpoint, {"token": token})
        response = client.get(path)
        assert response.status_code == 400, path
        body = response.get_data(as_text=True)
        assert in_layout(body), path
        assert INVALID_LINK_TEXT.get(
            endpoint, "The link is incomplete or has already been used.") in body, path


@pytest.mark.parametrize("endpoint", ["consultations.confirm_subscription",
                                      "consultations.unsubscribe", "network.unsubscribe",
                                      "mailing.unsubscribe"])
def test_subscription_links_with_a_wrong_token_are_404(app, client, endpoint, user_factory,
                                                       institution_factory):
    world = World(app, user_factory, institution_factory)
    own = world.value(endpoint, "token")
    adapter = app.url_map.bind("localhost")
    assert client.get(adapter.build(endpoint, {"token": own})).status_code == 200  # control
    for token in ("not-a-token", own[:-3] + ("abc" if not own.endswith("abc") else "xyz")):
        response = client.get(adapter.build(endpoint, {"token": token}))
        assert response.status_code == 404, token
        assert in_layout(response.get_data(as_text=True))


def test_a_manager_runs_the_consultations_of_their_own_institution(app, user_factory,
                                                                  institution_factory):
    """The other side of OTHER_INSTITUTIONS: Płock's manager gets what staff get on every
    staff page of Płock's consultation, and only the managers of Płock see it listed."""
    world = World(app, user_factory, institution_factory)
    adapter = app.url_map.bind("localhost")
    rules = [rule for rule in routes(app) if rule.endpoint.startswith("consultations_manage.")]
    plock = _consultation_institution(world)
    title = world.consultation("consultations_manage.index").title
    manager = user_factory(role=MANAGER, institutions=[plock])

    problems = []
    for rule in rules:
        method = "GET" if "GET" in rule.methods else "POST"
        values = {arg: world.value(rule.endpoint, arg) for arg in sorted(rule.arguments)}
        path = adapter.build(rule.endpoint, values, method=method)
        response = signed_in_client(app, manager).open(path, method=method)
        problem = outcome_problem(response, EXPECTED[rule.endpoint][STAFF], path)
        if problem:
            problems.append(f"{method} {path} ({rule.endpoint}): {problem}")
    assert not problems, "\n".join(problems)

    listed = signed_in_client(app, manager).get("/manage/consultations/")
    assert title in listed.get_data(as_text=True)
    other = user_factory(role=MANAGER, institutions=[institution_factory()])  # Płońsk's
    listed = signed_in_client(app, other).get("/manage/consultations/")
    assert listed.status_code == 200 and title not in listed.get_data(as_text=True)


def test_outbox_retry_is_refused_to_non_staff_and_changes_nothing(app, user_factory,
                                                                 institution_factory):
    world = World(app, user_factory, institution_factory)
    message_id = world.value("manage.outbox_retry", "message_id")
    path = f"/manage/outbox/{message_id}/retry"

    def status():
        db.session.expire_all()
        return db.session.get(OutboxMessage, message_id).status

    manager = user_factory(role=MANAGER, institutions=[institution_factory()])
    for person, expected in ((None, LOGIN), (user_factory(), 403), (manager, 403)):
        response = signed_in_client(app, person).post(path)
        assert outcome_problem(response, expected, path) is None
        assert status() == OutboxStatus.FAILED

    response = signed_in_client(app, user_factory(role=STAFF)).post(path)
    assert response.status_code == 302
    assert status() == OutboxStatus.QUEUED


def test_a_network_member_opens_their_own_entry(app, user_factory, institution_factory):
    """The other side of the ONWARD outcomes of the network's member pages: someone with
    an entry gets their pages, and the join form sends them on to their entry."""
    world = World(app, user_factory, institution_factory)
    member = _network_member(world)
    client = signed_in_client(app, db.session.get(User, member.user_id))
    assert client.get("/network/me").status_code == 200
    assert client.get("/network/me/leave").status_code == 200
    response = client.get("/network/join")
    assert response.status_code == 302 and response.headers["Location"] == "/network/me"
    # An approved entry has no link to send again: back to the entry, nothing queued.
    response = client.post("/network/me/resend-link")
    assert response.status_code == 302 and response.headers["Location"] == "/network/me"
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_network_approval_is_refused_to_non_staff_and_changes_nothing(app, user_factory,
                                                                      institution_factory):
    world = World(app, user_factory, institution_factory)
    member_id = world.value("network_manage.approve", "member_id")
    path = f"/manage/network/members/{member_id}/approve"

    def status():
        db.session.expire_all()
        return db.session.get(NetworkMember, member_id).status

    # The manager of the member's own institution is refused too: the network is staff's.
    manager = user_factory(role=MANAGER, institutions=[_network_institution(world)])
    for person, expected in ((None, LOGIN), (user_factory(), 403), (manager, 403)):
        response = signed_in_client(app, person).post(path)
        assert outcome_problem(response, expected, path) is None
        assert status() == MemberStatus.PENDING

    response = signed_in_client(app, user_factory(role=STAFF)).post(path)
    assert response.status_code == 302
    assert status() == MemberStatus.APPROVED


def test_sign_out_and_language_are_posts_that_work_for_anyone(app, user_factory):
    person = user_factory()
    client = signed_in_client(app, person)
    assert client.get("/account").status_code == 200
    assert client.get("/auth/logout").status_code == 405  # a link cannot sign anyone out
    assert client.get("/account").status_code == 200
    response = client.post("/auth/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 302

    assert '<html lang="pl">' in client.get("/about").get_data(as_text=True)
    response = client.post("/language", data={"language": "en", "next": "/about"})
    assert response.status_code == 302 and response.headers["Location"] == "/about"
    assert '<html lang="en">' in client.get("/about").get_data(as_text=True)


def _role_of(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).role


@pytest.mark.parametrize(
    ("target_role", "new_role"),
    [(USER, ADMIN), (USER, STAFF), (STAFF, ADMIN), (STAFF, USER), (ADMIN, USER)],
)
def test_staff_cannot_give_or_take_privileged_roles(app, client, login_as, user_factory,
                                                    target_role, new_role):
    login_as(STAFF)
    target = user_factory(role=target_role)
    client.set_cookie("lang", "en")
    response = client.post(
        f"/manage/users/{target.id}", data={"role": new_role, "institutions": ""}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "Only an administrator can give or take this role." in response.get_data(as_text=True)
    assert _role_of(target.id) == target_role


def test_staff_can_make_institution_managers(app, client, login_as, user_factory,
                                            institution_factory):
    """The control for the test above: the same form works for a change staff may make."""
    login_as(STAFF)
    inst = institution_factory(teryt="1465011", name="Warszawa")
    target = user_factory()
    response = client.post(
        f"/manage/users/{target.id}", data={"role": MANAGER, "institutions": inst.teryt}
    )
    assert response.status_code == 302
    assert _role_of(target.id) == MANAGER


def test_admin_can_give_the_staff_role(app, client, login_as, user_factory):
    login_as(ADMIN)
    target = user_factory()
    response = client.post(f"/manage/users/{target.id}", data={"role": STAFF, "institutions": ""})
    assert response.status_code == 302
    assert _role_of(target.id) == STAFF


def test_nobody_changes_their_own_role(app, client, login_as):
    me = login_as(ADMIN)
    response = client.post(f"/manage/users/{me.id}", data={"role": USER, "institutions": ""})
    assert response.status_code == 200
    assert _role_of(me.id) == ADMIN


def test_manager_dashboard_shows_only_their_institutions(app, client, login_as,
                                                         institution_factory, user_factory):
    mine = institution_factory(teryt="1420011", name="Płońsk")
    other = institution_factory(teryt="1465011", name="Warszawa")
    user_factory(role=MANAGER, institutions=[other])  # someone else manages Warszawa
    login_as(MANAGER, institutions=[mine])

    client.set_cookie("lang", "en")
    response = client.get("/manage/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Płońsk" in body and "1420011" in body
    assert "Warszawa" not in body and "1465011" not in body
    # No way into the staff-only pages from there.
    assert 'href="/manage/users"' not in body
    assert 'href="/manage/outbox"' not in body


def test_staff_dashboard_links_to_staff_pages(app, client, login_as):
    login_as(STAFF)
    body = client.get("/manage/").get_data(as_text=True)
    assert 'href="/manage/users"' in body


def test_session_ends_when_the_password_changes_elsewhere(app, client, login_as):
    me = login_as(USER, password=PASSWORD)
    assert client.get("/account").status_code == 200

    me.set_password("Inne-Haslo-Na-Innym-Urzadzeniu-7")  # e.g. a reset from another device
    db.session.commit()

    response = client.get("/account")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    client.set_cookie("lang", "en")
    home = client.get("/").get_data(as_text=True)
    assert "My account" not in home and 'href="/auth/register"' in home


def test_a_session_survives_when_nothing_changed(app, client, login_as):
    """The control for the test above."""
    login_as(USER)
    client.get("/account")
    assert client.get("/account").status_code == 200
