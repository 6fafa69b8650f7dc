"""Reminders of the programme's deadlines (issue 22, item 4): in the COOPERATION_REMINDER_DAYS
before 30 November and 31 May (Warsaw calendar days), the managers and coordinators of each
JST of the region get one e-mail per step not recorded, however many runs meet."""

from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from consult.auth.models import MANAGER
from consult.cooperation import reminders
from consult.cooperation.models import ProgrammeReminder, Step
from consult.core.mail import OutboxMessage
from consult.extensions import db
from consult.network.models import MemberStatus
from tests.conftest import text_of

# 20 November 2026, noon in Warsaw: in the window of 30 November (the programme for 2027).
NOVEMBER = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
# 20 May 2027, noon in Warsaw: in the window of 31 May (the report on 2026's programme).
MAY = datetime(2027, 5, 20, 10, 0, tzinfo=UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def outbox(recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def send(now: datetime) -> int:
    sent = reminders.send_reminders(now)
    db.session.commit()
    return sent


@pytest.fixture
def people(jst, user_factory, member_factory):
    """Płońsk's manager and its coordinator in the network."""
    manager = user_factory(role=MANAGER, email="kierowniczka@plonsk.pl",
                           full_name="Anna Kierowniczka", institutions=[jst["plonsk"]])
    coordinator = member_factory(institution=jst["plonsk"], is_coordinator=True,
                                 full_name="Jan Koordynator", work_email="ngo@plonsk.pl")
    return {"manager": manager, "coordinator": coordinator}


# --- the window, in Warsaw ----------------------------------------------------------------

@pytest.mark.parametrize(("now", "due"), [
    # 30 November 2026 (winter time, UTC+1): the window opens on 9 November in Warsaw.
    ("2026-11-08T22:30:00", []),  # 23:30 on 8 November in Warsaw
    ("2026-11-08T23:30:00", [(Step.ADOPTED, 2027)]),  # 00:30 on 9 November
    ("2026-11-30T22:30:00", [(Step.ADOPTED, 2027)]),  # 23:30 on the deadline day
    ("2026-11-30T23:30:00", []),  # 00:30 on 1 December
    # 31 May 2027 (summer time, UTC+2): the window opens on 10 May in Warsaw.
    ("2027-05-09T21:30:00", []),  # 23:30 on 9 May
    ("2027-05-09T22:30:00", [(Step.REPORT_PUBLISHED, 2026)]),  # 00:30 on 10 May
    ("2027-05-31T21:30:00", [(Step.REPORT_PUBLISHED, 2026)]),  # 23:30 on the deadline day
    ("2027-05-31T22:30:00", []),  # 00:30 on 1 June
])
def test_the_window_runs_from_21_days_before_to_the_deadline_day_in_warsaw(
        app, jst, people, now, due):
    with freeze_time(utc(now)):
        assert [(d.step, d.year) for d in reminders.deadlines_near(
            reminders.warsaw_today(), app.config["COOPERATION_REMINDER_DAYS"])] == due
        sent = reminders.send_reminders()
        db.session.commit()
    assert sent == 2 * len(due)
    assert {message.recipient for message in outbox()} == (
        {"kierowniczka@plonsk.pl", "ngo@plonsk.pl"} if due else set())


def test_the_window_follows_the_setting(app, jst, people):
    app.config["COOPERATION_REMINDER_DAYS"] = 5
    assert send(NOVEMBER) == 0  # ten days before
    app.config["COOPERATION_REMINDER_DAYS"] = 10
    assert send(NOVEMBER) == 2


# --- what is recorded ---------------------------------------------------------------------

def test_a_recorded_step_means_no_reminder(app, jst, people, user_factory, record_factory):
    record_factory(jst["plonsk"], Step.ADOPTED, 2027, date(2026, 11, 18), "XX/1/2026")
    raciaz = user_factory(role=MANAGER, email="wojt@raciaz.pl", institutions=[jst["raciaz"]])
    record_factory(jst["raciaz"], Step.ADOPTED, 2026, date(2025, 11, 18))  # another year

    assert send(NOVEMBER) == 1
    assert [message.recipient for message in outbox()] == [raciaz.email]


def test_a_report_recorded_means_no_reminder_of_it(app, jst, people, record_factory):
    record_factory(jst["plonsk"], Step.REPORT_PUBLISHED, 2026, date(2027, 5, 15))
    assert send(MAY) == 0
    record_factory(jst["plonsk"], Step.ADOPTED, 2026, date(2025, 11, 15))  # not the report
    record_factory(jst["plonsk"], Step.REPORT_PUBLISHED, 2025, date(2026, 5, 15))
    db.session.execute(ProgrammeReminder.__table__.delete())
    assert send(MAY) == 0


def test_a_withdrawn_record_means_the_step_is_due_again(app, jst, people, record_factory):
    record_factory(jst["plonsk"], Step.ADOPTED, 2027, date(2026, 11, 5), "XIX/1/2026")
    record_factory(jst["plonsk"], Step.ADOPTED, 2027, withdrawn=True,
                   note="uchwała unieważniona przez wojewodę")
    assert send(NOVEMBER) == 2


# --- who, and once ------------------------------------------------------------------------

def test_one_mail_per_address_and_step_even_for_a_manager_who_is_a_coordinator(
        app, jst, user_factory, member_factory, mailbox):
    manager = user_factory(role=MANAGER, email="ewa@plonsk.pl", full_name="Ewa Obie Role",
                           institutions=[jst["plonsk"], jst["raciaz"]])
    member_factory(institution=jst["plonsk"], user=manager, is_coordinator=True,
                   full_name="Ewa Obie Role", work_email="Ewa@Plonsk.pl")

    assert send(NOVEMBER) == 2  # one for each JST she manages
    messages = outbox("ewa@plonsk.pl")
    assert len(messages) == 2
    assert {"/manage/cooperation/1420011/", "/manage/cooperation/1420043/"} == {
        path for message in messages for path in ("/manage/cooperation/1420011/",
                                                  "/manage/cooperation/1420043/")
        if path in message.text_body}
    assert len(mailbox.to("ewa@plonsk.pl")) == 2

    # The next day's run, and the runs of the other deadline, add nothing for this one.
    assert send(NOVEMBER.replace(day=21)) == 0
    assert len(outbox()) == 2
    assert send(MAY) == 2  # the report is another step


def test_a_claim_held_by_another_run_is_not_mailed_again(app, jst, people):
    """Two runs meeting: the claim the other run inserted (and committed) wins."""
    db.session.add(ProgrammeReminder(institution_id=jst["plonsk"].id, year=2027,
                                     step=Step.ADOPTED, email="ngo@plonsk.pl"))
    db.session.commit()
    assert send(NOVEMBER) == 1
    assert [message.recipient for message in outbox()] == ["kierowniczka@plonsk.pl"]
    assert db.session.scalar(select(func.count(ProgrammeReminder.id))) == 2


def test_only_the_regions_managers_and_approved_coordinators_who_want_mail(
        app, jst, user_factory, member_factory):
    plonsk = jst["plonsk"]
    user_factory(role=MANAGER, email="niepotwierdzony@plonsk.pl", verified=False,
                 institutions=[plonsk])
    user_factory(role=MANAGER, email="starosta@poznanski.pl", institutions=[jst["poznanski"]])
    member_factory(institution=plonsk, is_coordinator=False, work_email="inny@plonsk.pl")
    member_factory(institution=plonsk, is_coordinator=True, work_email="czeka@plonsk.pl",
                   status=MemberStatus.PENDING)
    member_factory(institution=plonsk, is_coordinator=True, work_email="wypisana@plonsk.pl",
                   announcements_opt_out=True)
    member_factory(institution=jst["baboszewo"], is_coordinator=True, user=None,
                   work_email="ngo@baboszewo.pl")
    user_factory(role="staff", email="biuro@federacja.org")

    assert send(NOVEMBER) == 1
    assert [message.recipient for message in outbox()] == ["ngo@baboszewo.pl"]


def test_the_query_count_does_not_grow_with_the_number_of_jst(
        app, jst, user_factory, member_factory, count_queries):
    def counted() -> tuple[int, int]:
        db.session.execute(ProgrammeReminder.__table__.delete())
        db.session.execute(OutboxMessage.__table__.delete())
        db.session.commit()
        db.session.expire_all()
        with count_queries:
            sent = reminders.send_reminders(NOVEMBER)
        db.session.commit()
        return sent, count_queries.count

    user_factory(role=MANAGER, institutions=[jst["plonsk"]])
    member_factory(institution=jst["plonsk"], is_coordinator=True)
    one = counted()
    for unit in ("raciaz", "baboszewo", "plonski", "plock", "woj"):
        user_factory(role=MANAGER, institutions=[jst[unit]])
        member_factory(institution=jst[unit], is_coordinator=True)
    six = counted()
    assert (one[0], six[0]) == (2, 12)
    assert six[1] == one[1]


# --- the messages -------------------------------------------------------------------------

def test_the_managers_reminder_names_the_jst_the_deadline_the_law_and_the_link(
        app, jst, people, mailbox):
    send(NOVEMBER)
    received = mailbox.last_to("kierowniczka@plonsk.pl")
    text = text_of(received)
    assert "Gmina Miasto Płońsk" in received["Subject"] and "2027" in received["Subject"]
    assert "30 listopada 2026" in received["Subject"]
    assert "Anna Kierowniczka" in text and "30 listopada 2026" in text
    assert "art. 5a ust. 1" in text
    assert "o działalności pożytku publicznego i o wolontariacie" in text
    assert f"{app.config['BASE_URL']}/manage/cooperation/1420011/" in text
    assert "/unsubscribe" not in text and received["List-Unsubscribe"] is None
    [message] = outbox("kierowniczka@plonsk.pl")
    assert not message.contains_secret and message.user_id == people["manager"].id
    assert "/manage/cooperation/1420011/" in message.html_body


def test_the_coordinators_reminder_links_the_public_page_and_the_unsubscribe(
        app, jst, people, mailbox):
    send(MAY)
    received = mailbox.last_to("ngo@plonsk.pl")
    text = text_of(received)
    assert "Gmina Miasto Płońsk" in received["Subject"] and "2026" in received["Subject"]
    assert "31 maja 2027" in received["Subject"] and "31 maja 2027" in text
    assert "Jan Koordynator" in text and "art. 5a ust. 3" in text
    assert f"{app.config['BASE_URL']}/cooperation/1420011/" in text
    assert "/manage/" not in text
    token = people["coordinator"].announcements_token
    assert f"/network/announcements/unsubscribe/{token}" in text
    assert token in received["List-Unsubscribe"]


def test_the_reminder_is_in_the_recipients_language(app, jst, people, mailbox):
    people["manager"].locale = "en"
    db.session.commit()
    send(NOVEMBER)
    english = text_of(mailbox.last_to("kierowniczka@plonsk.pl"))
    assert "30 November 2026" in english and "Gmina Miasto Płońsk" in english
    assert "30 listopada 2026" in text_of(mailbox.last_to("ngo@plonsk.pl"))


def test_the_command_queues_once_for_cron(app, jst, people):
    def run() -> str:
        result = app.test_cli_runner().invoke(args=["cooperation", "send-reminders"])
        assert result.exit_code == 0, result.output
        return result.output

    with freeze_time(NOVEMBER):
        assert run() == "2 reminders queued\n"
        assert run() == "0 reminders queued\n"
