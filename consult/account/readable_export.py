"""The own-data download as a page to read and print (/account/export.html): the very data
of the JSON download (``services.export_user_data``), area by area, with labels in the
reader's language, codes written out and moments in the site's time zone.

It reads the export itself rather than the models, so whatever an area adds to the JSON
appears here too (under its field name until it is given a label below).
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.account.forms.public import LANGUAGE_CHOICES
from consult.account.status_history import BY_STAFF, BY_YOU
from consult.auth.models import ROLE_LABELS
from consult.consultations.forms.public import ON_BEHALF_LABELS
from consult.consultations.models import COMMENT_STATUS_LABELS, DECISION_LABELS
from consult.core.datetext import format_day, format_moment
from consult.core.mail import OutboxStatus
from consult.events.certificates import WITHDRAWAL_LABELS
from consult.events.choices import CATEGORY_LABELS
from consult.events.log_notes import readable_note
from consult.events.models import REGISTRATION_STATUS_LABELS
from consult.mailing.models import CONSENT_SOURCE_LABELS
from consult.network.models import FIELD_LABELS, MEMBER_STATUS_LABELS, VISIBILITY_LABELS

AREAS = {
    "account": _l("Account"),
    "sign_ins": _l("Where you are signed in"),
    "event_registrations": _l("Registrations for events"),
    "event_registration_history": _l("Changes of status of your registrations"),
    "event_certificates": _l("Certificates of attendance"),
    "consultation_comments": _l("Your comments in consultations"),
    "consultation_subscriptions": _l("What you follow"),
    "consultation_comment_history": _l("Changes of status of your comments"),
    "network_member": _l("Officials' network"),
    "network_member_history": _l("Changes of status of your entry in the network"),
    "mailing_consent": _l("News from the federation by e-mail"),
    "messages": _l("E-mails sent to you"),
}

# What each item of a list is called, by the field that names it.
ITEM_TITLES = {"event_registrations": "event", "consultation_comments": "consultation",
               "messages": "subject", "event_registration_history": "event",
               "event_certificates": "event",
               "consultation_comment_history": "consultation",
               "network_member_history": "institution", "mailing_consent": "email"}

LABELS = {
    "id": _l("Account number"),
    "email": _l("E-mail address"),
    "pending_email": _l("New address waiting for confirmation"),
    "full_name": _l("Full name"),
    "phone": _l("Phone"),
    "role": _l("Role"),
    "language": _l("Language of e-mails and pages"),
    "email_verified_at": _l("E-mail address confirmed"),
    "created_at": _l("Created"),
    "last_login_at": _l("Last signed in"),
    "comment_organisation": _l("Organisation offered in the comment form"),
    "name": _l("Name"),
    "register_number": _l("KRS or other register number"),
    "managed_institutions": _l("Institutions you manage"),
    "teryt": _l("TERYT code"),
    "started_at": _l("Signed in"),
    "last_used_at": _l("Last used"),
    "ends_at": _l("Sign-in ends"),
    "keep_me_signed_in": _l("Keep me signed in"),
    "for_someone_else": _l("Made for someone else"),
    "event": _l("Event"),
    "event_slug": _l("Address of the event page"),
    "starts_at": _l("Starts"),
    "status": _l("Status"),
    "category": _l("Taking part as"),
    "organisation": _l("Organisation or institution"),
    "position": _l("Position or role"),
    "needs": _l("Accessibility or dietary needs"),
    "consent_image": _l("Consent to photographs and recordings"),
    "consent_mailing": _l("Consent to the federation's news by e-mail"),
    "subscribed": _l("Receives the news"),
    "source": _l("Where the consent was given"),
    "consented_at": _l("Consent given"),
    "unsubscribed_at": _l("Stopped"),
    "registered_at": _l("Registered"),
    "answers": _l("Answers to the organisers' questions"),
    "days_attended": _l("Days attended"),
    "code": _l("Certificate code"),
    "verification_url": _l("Verification page"),
    "hours": _l("Hours"),
    "issued_at": _l("Issued"),
    "withdrawn_at": _l("Withdrawn"),
    "withdrawal_reason": _l("Reason for withdrawal"),
    "consultation": _l("Consultation"),
    "section": _l("Part of the document"),
    "on_behalf": _l("Submitted on behalf of"),
    "organisation_name": _l("Name of the organisation"),
    "organisation_register": _l("KRS or other register number"),
    "name_public": _l("Name shown publicly"),
    "body": _l("Comment"),
    "proposed_text": _l("Proposed wording"),
    "justification": _l("Justification"),
    "submitted_at": _l("Submitted"),
    "decision": _l("Decision"),
    "institution": _l("Institution"),
    "confirmed_at": _l("Confirmed"),
    "powiat": _l("Powiat"),
    "department": _l("Department"),
    "work_email": _l("Work e-mail"),
    "work_phone": _l("Work phone"),
    "is_coordinator": _l("Coordinator of cooperation with NGOs"),
    "topics": _l("Topics"),
    "bio": _l("About me"),
    "visibility": _l("Who sees what"),
    "announcements": _l("Network announcements by e-mail"),
    "joined_at": _l("Joined"),
    "approved_at": _l("Approved"),
    "rejected_at": _l("Rejected"),
    "rejection_reason": _l("Reason for rejection"),
    "consents": _l("Consents given"),
    "given_at": _l("Given"),
    "choices": _l("Choices"),
    "to": _l("Recipient"),
    "subject": _l("Subject"),
    "text": _l("Text"),
    "changes": _l("Status changes"),
    "changed_at": _l("Time"),
    "from_status": _l("From"),
    "to_status": _l("To"),
    "by": _l("By"),
    "note": _l("Note"),
}

# Who made a change, as the person may know it (consult.account.status_history).
CHANGED_BY_LABELS = {BY_YOU: _l("you"), BY_STAFF: _l("staff or a moderator")}

# Codes written out, by area and field.
VALUE_LABELS = {
    ("account", "role"): ROLE_LABELS,
    ("account", "language"): dict(LANGUAGE_CHOICES),
    ("event_registrations", "status"): REGISTRATION_STATUS_LABELS,
    ("event_registrations", "category"): CATEGORY_LABELS,
    ("event_certificates", "withdrawal_reason"): WITHDRAWAL_LABELS,
    ("consultation_comments", "status"): COMMENT_STATUS_LABELS,
    ("consultation_comments", "decision"): DECISION_LABELS,
    ("consultation_comments", "on_behalf"): ON_BEHALF_LABELS,
    ("network_member", "status"): MEMBER_STATUS_LABELS,
    ("messages", "status"): {OutboxStatus.QUEUED: _l("waiting to be sent"),
                             OutboxStatus.SENDING: _l("being sent"),
                             OutboxStatus.SENT: _l("sent"),
                             OutboxStatus.FAILED: _l("not delivered yet")},
    ("network_member", "visibility"): VISIBILITY_LABELS,
    ("network_member", "choices"): VISIBILITY_LABELS,
    ("event_registration_history", "from_status"): REGISTRATION_STATUS_LABELS,
    ("event_registration_history", "to_status"): REGISTRATION_STATUS_LABELS,
    ("event_registration_history", "by"): CHANGED_BY_LABELS,
    ("consultation_comment_history", "from_status"): COMMENT_STATUS_LABELS,
    ("consultation_comment_history", "to_status"): COMMENT_STATUS_LABELS,
    ("consultation_comment_history", "by"): CHANGED_BY_LABELS,
    ("network_member_history", "from_status"): MEMBER_STATUS_LABELS,
    ("network_member_history", "to_status"): MEMBER_STATUS_LABELS,
    ("network_member_history", "by"): CHANGED_BY_LABELS,
    ("mailing_consent", "source"): CONSENT_SOURCE_LABELS,
}


@dataclass
class Row:
    """A field: its value as text, or as a nested record (``rows``), or as a list of texts
    or records (``items``)."""

    label: str
    text: str | None = None
    rows: list["Row"] | None = None
    items: list["str | list[Row]"] | None = None


@dataclass
class Record:
    title: str | None
    rows: list[Row]


@dataclass
class Area:
    key: str
    title: str
    records: list[Record]  # empty: nothing kept


def readable(data: dict) -> list[Area]:
    """The export's areas (everything but the moment it was made) as labelled records."""
    areas = []
    for key, value in data.items():
        if key == "exported_at":
            continue
        items = value if isinstance(value, list) else [value] if value else []
        title_key = ITEM_TITLES.get(key)
        records = [Record(title=item.get(title_key) if title_key else None,
                          rows=_rows(key, item)) for item in items]
        areas.append(Area(key=key, title=str(AREAS.get(key, key)), records=records))
    return areas


def exported_at(data: dict) -> str:
    return format_moment(datetime.fromisoformat(data["exported_at"]))


def _rows(area: str, record: dict, values_of: str | None = None) -> list[Row]:
    """A record's fields; ``values_of``: the field whose codes its values are (a dict of
    visibility choices keyed by field)."""
    return [_row(area, name, _label(name), value, values_of) for name, value in record.items()]


def _row(area: str, name: str, label: str, value, values_of: str | None = None) -> Row:
    if not value and isinstance(value, dict | list):
        return Row(label, text="—")
    if name == "answers":  # keyed by the organisers' questions, as they wrote them
        return Row(label, rows=[_row(area, "", question, answer)
                                for question, answer in value.items()])
    if isinstance(value, dict):
        coded = (area, name) in VALUE_LABELS
        return Row(label, rows=_rows(area, value, name if coded else None))
    if isinstance(value, list):
        return Row(label, items=[_rows(area, item) if isinstance(item, dict)
                                 else _text(area, name, item) for item in value])
    return Row(label, text=_text(area, values_of or name, value))


# Values written by the platform in English and shown in the reader's language.
VALUE_READERS = {("event_registration_history", "note"): readable_note}


def _label(name: str) -> str:
    return str(LABELS.get(name) or FIELD_LABELS.get(name) or name)


def _text(area: str, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if (area, name) in VALUE_READERS:
        return VALUE_READERS[(area, name)](value)
    labels = VALUE_LABELS.get((area, name), {})
    if value in labels:
        return str(labels[value])
    if isinstance(value, str) and name.endswith("_at"):
        return format_moment(datetime.fromisoformat(value))
    if isinstance(value, str) and name == "days_attended":
        return format_day(date.fromisoformat(value))
    return str(value)
