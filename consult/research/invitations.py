"""Personal single-use links: the addresses staff paste, import as CSV or take from the
network, each invited once per diagnosis, the e-mails that carry the links, and one
reminder.

The token of a link exists only in the e-mail: it is made when the message is written, and
only its ``invitation_hash`` is stored. So the link is made at sending, not at adding (an
invitation added but not sent has a placeholder hash nobody holds), and the reminder, which
cannot repeat a token nobody kept, carries a new link: the earlier one stops working.

E-mails go only while the diagnosis takes answers (open, between its days); invitations
added before stay waiting and staff send them once it opens. Each invitation is claimed
with one UPDATE … WHERE sent_at IS NULL (reminded_at for the reminder), as the events'
notices are, so two clicks or two staff members never send one twice.
"""

import csv
import io
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from consult.core.mail import queue_mail
from consult.core.timeutil import utcnow
from consult.core.urls import external_url
from consult.extensions import db
from consult.network.models import Member, MemberStatus
from consult.research.links import invitation_hash, new_token
from consult.research.models import Diagnosis, DiagnosisStatus, Invitation, RespondentGroup
from consult.research.services import ResearchError
from consult.research.status import accepting_answers

MAX_ADDRESSES = 2000  # one batch; a JST's NGOs, officials and councillors are far fewer
MAIL_LOCALE = "pl"  # the addressees' language is unknown; the questionnaire has a switch


@dataclass(frozen=True)
class Entry:
    email: str
    group: RespondentGroup


@dataclass
class Parsed:
    """The addresses read from a list, and what was wrong with the other lines."""

    entries: list[Entry]
    errors: list[str]


def _address(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _entry(number: int, email: str, key: str, groups: dict[str, RespondentGroup],
           default: RespondentGroup | None, errors: list[str]) -> Entry | None:
    address = _address(email.strip())
    if address is None:
        errors.append(_("Line %(line)d: %(value)s is not a valid e-mail address.",
                        line=number, value=email.strip()[:100]))
        return None
    key = key.strip()
    group = groups.get(key) if key else default
    if group is None:
        errors.append(_("Line %(line)d: no group \"%(key)s\"; the groups are: %(keys)s.",
                        line=number, key=key[:40], keys=", ".join(groups)) if key else
                      _("Line %(line)d: choose the group.", line=number))
        return None
    return Entry(address, group)


def parse_list(text: str, diagnosis: Diagnosis, default: RespondentGroup | None) -> Parsed:
    """One address a line, optionally "address;group-key"; empty lines are skipped."""
    groups = {group.key: group for group in diagnosis.groups}
    entries, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        email, _sep, key = line.partition(";")
        entry = _entry(number, email, key, groups, default, errors)
        if entry is not None:
            entries.append(entry)
    return _limited(Parsed(entries, errors))


def parse_csv(data: bytes, diagnosis: Diagnosis, default: RespondentGroup | None) -> Parsed:
    """A CSV file with the columns ``email`` and (optionally) ``group``, comma or semicolon
    separated (Excel in Poland writes semicolons), UTF-8 with or without a BOM."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Parsed([], [_("The file is not a UTF-8 text file: save it from the spreadsheet "
                             "as \"CSV UTF-8\".")])
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
        else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        return Parsed([], [_("The file has no column \"email\" in its first line.")])
    reader.fieldnames = header
    groups = {group.key: group for group in diagnosis.groups}
    entries, errors = [], []
    for number, row in enumerate(reader, start=2):
        if not (row.get("email") or "").strip():
            continue
        entry = _entry(number, row["email"], row.get("group") or "", groups, default, errors)
        if entry is not None:
            entries.append(entry)
    return _limited(Parsed(entries, errors))


def _limited(parsed: Parsed) -> Parsed:
    if len(parsed.entries) > MAX_ADDRESSES:
        parsed.errors.append(_("At most %(count)d addresses at once.", count=MAX_ADDRESSES))
        parsed.entries = []
    return parsed


def network_entries(diagnosis: Diagnosis, group: RespondentGroup) -> list[Entry]:
    """The approved members of the officials' network working in the diagnosis's JST."""
    addresses = db.session.scalars(
        select(Member.work_email).where(Member.institution_id == diagnosis.institution_id,
                                        Member.status == MemberStatus.APPROVED)
        .order_by(Member.id))
    return [Entry(address, group) for address in addresses if _address(address)]


def add_invitations(diagnosis: Diagnosis, entries: list[Entry]) -> tuple[int, int]:
    """Invite each new address once (the same address twice in a diagnosis is skipped, in
    whatever group it was); returns (added, skipped)."""
    if diagnosis.status == DiagnosisStatus.CLOSED:
        raise ResearchError(_l("The diagnosis is closed."))
    known = set(db.session.scalars(select(func.lower(Invitation.email))
                                   .where(Invitation.diagnosis_id == diagnosis.id)))
    added = 0
    for entry in entries:
        if entry.email.lower() in known:
            continue
        known.add(entry.email.lower())
        # A placeholder nobody holds: the real link is made when the e-mail is written.
        db.session.add(Invitation(diagnosis_id=diagnosis.id, group_id=entry.group.id,
                                  email=entry.email, token_hash=invitation_hash(new_token())))
        added += 1
    return added, len(entries) - added


def _claim(flag, *conditions) -> list[Invitation]:
    claimed = db.session.scalars(
        update(Invitation).where(*conditions).values({flag: utcnow()})
        .returning(Invitation.id).execution_options(synchronize_session=False)).all()
    return list(db.session.scalars(
        select(Invitation).where(Invitation.id.in_(claimed)).order_by(Invitation.id)))


def _mail(invitation: Invitation, diagnosis: Diagnosis, reminder: bool) -> None:
    """A new link for the invitation, in its e-mail only; a reminder's link is new too, and
    the first one keeps working (the answers started through it are found by it)."""
    token = new_token()
    if reminder:
        invitation.previous_token_hash = invitation.token_hash
    invitation.token_hash = invitation_hash(token)
    with force_locale(MAIL_LOCALE):
        name = diagnosis.institution.name
        subject = (_("Reminder: a survey on cooperation in %(name)s", name=name) if reminder
                   else _("A survey on cooperation in %(name)s", name=name))
        queue_mail(invitation.email, subject, "research/mail/invitation",
                   contains_secret=True, diagnosis=diagnosis, reminder=reminder,
                   url=external_url("research_respond.personal", token=token))


def _check_accepting(diagnosis: Diagnosis) -> None:
    if not accepting_answers(diagnosis):
        raise ResearchError(_l("Invitations are sent only while the diagnosis takes answers "
                               "(open, between its opening and closing day)."))


def send_invitations(diagnosis: Diagnosis) -> int:
    """One e-mail to every invitation not sent yet; returns how many."""
    _check_accepting(diagnosis)
    claimed = _claim(Invitation.sent_at, Invitation.diagnosis_id == diagnosis.id,
                     Invitation.sent_at.is_(None))
    for invitation in claimed:
        _mail(invitation, diagnosis, reminder=False)
    return len(claimed)


def send_reminders(diagnosis: Diagnosis) -> int:
    """Once, to every invitation sent and not used; returns how many."""
    _check_accepting(diagnosis)
    claimed = _claim(Invitation.reminded_at, Invitation.diagnosis_id == diagnosis.id,
                     Invitation.sent_at.is_not(None), Invitation.reminded_at.is_(None),
                     Invitation.used.is_(False))
    for invitation in claimed:
        _mail(invitation, diagnosis, reminder=True)
    return len(claimed)


@dataclass(frozen=True)
class GroupSummary:
    group: RespondentGroup
    invited: int
    sent: int
    reminded: int
    used: int


def summary(diagnosis: Diagnosis) -> list[GroupSummary]:
    """Invitations per group: added, sent, reminded, used (one query)."""
    rows = db.session.execute(
        select(Invitation.group_id, func.count(), func.count(Invitation.sent_at),
               func.count(Invitation.reminded_at),
               func.sum(db.case((Invitation.used.is_(True), 1), else_=0)))
        .where(Invitation.diagnosis_id == diagnosis.id).group_by(Invitation.group_id))
    counts = {row[0]: row[1:] for row in rows}
    return [GroupSummary(group, *[int(n or 0) for n in counts.get(group.id, (0, 0, 0, 0))])
            for group in diagnosis.groups]
