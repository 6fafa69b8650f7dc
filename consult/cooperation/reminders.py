"""Reminders of the programme of cooperation's deadlines (issue 22, item 4): in the
COOPERATION_REMINDER_DAYS before 30 November and before 31 May (Warsaw calendar days, the
deadline day included), the managers of each monitored JST and its network members who are
its coordinators get one e-mail about the step not recorded yet:

- before 30 November of Y: the annual programme for Y+1 is to be adopted (UDPP art. 5a
  ust. 1), unless a current ADOPTED record exists;
- before 31 May of Y: the report on the execution of Y−1's programme is to be published
  (ust. 3), unless a current REPORT_PUBLISHED record exists.

A withdrawn record is no record: the step is due again. Each address is reminded once per
JST, year and step, even when it is both a manager and a member and when two cron runs meet:
the claims are rows of ``cooperation_reminders`` inserted with ON CONFLICT DO NOTHING, and
only the rows a run inserted are mailed, in the same transaction as the claims.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consult.auth.models import MANAGER, User, institution_managers, normalise_email
from consult.cooperation import mail, queries
from consult.cooperation.models import ProgrammeReminder, Step
from consult.cooperation.services import adoption_deadline, report_deadline, warsaw_today
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.places import region_prefix
from consult.network.models import Member, MemberStatus


@dataclass(frozen=True)
class Deadline:
    """A step of a programme's year and the last day to take it."""

    step: Step
    year: int  # the programme's year
    day: date


@dataclass(frozen=True)
class Recipient:
    """Who is reminded: an institution manager (``member`` None) or a coordinator in the
    officials' network; ``user`` is the account the message is about, if any."""

    email: str
    name: str
    locale: str
    user: User | None = None
    member: Member | None = None


def next_deadlines(today: date) -> list[Deadline]:
    """The next deadline of each step, on or after ``today``."""
    adopted_for = today.year + 1 if today <= adoption_deadline(today.year + 1) else today.year + 2
    reported_for = today.year - 1 if today <= report_deadline(today.year - 1) else today.year
    return [Deadline(Step.ADOPTED, adopted_for, adoption_deadline(adopted_for)),
            Deadline(Step.REPORT_PUBLISHED, reported_for, report_deadline(reported_for))]


def deadlines_near(today: date, days: int) -> list[Deadline]:
    """The deadlines whose reminder window holds ``today``: from ``days`` days before up to
    the deadline day itself."""
    return [deadline for deadline in next_deadlines(today)
            if deadline.day - timedelta(days=days) <= today]


def _not_recorded(institutions: list[Institution], deadline: Deadline) -> list[Institution]:
    """The JST with no current record of the step (none, or the newest one withdrawn)."""
    records = queries.current_records([unit.id for unit in institutions], deadline.year)
    return [unit for unit in institutions
            if (found := records.get((unit.id, deadline.step))) is None or found.withdrawn]


def recipients(institution_ids: set[int]) -> dict[int, list[Recipient]]:
    """The JSTs' managers (with a confirmed address) and approved network members who are
    coordinators and did not opt out of the network's e-mails, keyed by institution id:
    each address once per JST (a manager's message, with the link to record, wins). Two
    queries whatever the number of JST."""
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    found: dict[int, dict[str, Recipient]] = {}
    managers = db.session.execute(
        select(institution_managers.c.institution_id, User)
        .join(User, User.id == institution_managers.c.user_id)
        .where(institution_managers.c.institution_id.in_(institution_ids),
               User.role == MANAGER, User.email_verified_at.is_not(None))
        .order_by(User.id))
    for institution_id, user in managers:
        email = normalise_email(user.email)
        found.setdefault(institution_id, {})[email] = Recipient(
            email, user.full_name, user.locale or default_locale, user=user)
    members = db.session.execute(
        select(Member, User).outerjoin(User, User.id == Member.user_id)
        .where(Member.institution_id.in_(institution_ids),
               Member.status == MemberStatus.APPROVED, Member.is_coordinator.is_(True),
               Member.announcements_opt_out.is_(False))
        .order_by(Member.id))
    for member, user in members:
        email = normalise_email(member.work_email)
        found.setdefault(member.institution_id, {}).setdefault(email, Recipient(
            email, member.full_name, (user.locale if user else None) or default_locale,
            user=user, member=member))
    return {institution_id: list(by_email.values())
            for institution_id, by_email in found.items()}


def _claim(claims: list[dict]) -> set[tuple]:
    """Insert the claims in one statement; the (institution id, year, step, e-mail) of those
    this run inserted. A claim another run holds is skipped (on PostgreSQL the insert waits
    for that run to commit or roll back; SQLite lets one writer in at a time)."""
    if not claims:
        return set()
    table = ProgrammeReminder.__table__
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    inserted = db.session.execute(
        insert(table).values(claims)
        .on_conflict_do_nothing(
            index_elements=[table.c.institution_id, table.c.year, table.c.step, table.c.email])
        .returning(table.c.institution_id, table.c.year, table.c.step, table.c.email))
    return {tuple(row) for row in inserted}


def send_reminders(now: datetime | None = None) -> int:
    """Queue the reminders due today (Europe/Warsaw) not sent yet; how many were queued.
    The caller commits. A fixed number of queries whatever the number of JST."""
    now = now or utcnow()
    due = deadlines_near(warsaw_today(now), current_app.config["COOPERATION_REMINDER_DAYS"])
    if not due:
        return 0
    institutions = queries.monitored_institutions(region_prefix())
    pending = [(deadline, unit) for deadline in due
               for unit in _not_recorded(institutions, deadline)]
    if not pending:
        return 0
    people = recipients({unit.id for _deadline, unit in pending})
    planned = {(unit.id, deadline.year, str(deadline.step), person.email):
               (deadline, unit, person)
               for deadline, unit in pending for person in people.get(unit.id, ())}
    claimed = _claim([{"institution_id": key[0], "year": key[1], "step": key[2],
                       "email": key[3], "sent_at": now} for key in planned])
    for key, (deadline, unit, person) in planned.items():
        if key in claimed:
            mail.programme_reminder(person, unit, deadline)
    return len(claimed)
