"""Removing personal data: needs after the event, everything personal after retention."""

from datetime import timedelta

from sqlalchemy import func, select

from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import local_day, utcnow
from consult.events import impact, retention
from consult.events.funding import FundingProject
from consult.events.models import (
    Answer,
    Attendance,
    Event,
    EventStatus,
    Registration,
    RegistrationLog,
)
from consult.extensions import db
from tests.events.test_impact import PAST, attendee, hand_counted_world


def reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def test_needs_are_removed_once_the_event_has_ended(app, event_factory):
    ended = event_factory(title="Minione", starts_in=PAST)
    upcoming = event_factory(title="Przyszłe")
    called_off = event_factory(title="Odwołane", status=EventStatus.CANCELLED)
    past_needs = attendee(ended, "a@example.org", needs="tłumacz PJM", consent_needs=True)
    future_needs = attendee(upcoming, "b@example.org", needs="dieta bezglutenowa",
                            consent_needs=True)
    attendee(called_off, "c@example.org", days=0, needs="pętla indukcyjna",
             consent_needs=True)

    report = retention.purge_personal_data()
    db.session.commit()
    assert report.needs_cleared == 2 and report.needs_events == [ended, called_off]
    assert (reload(past_needs).needs, reload(past_needs).consent_needs) == ("", False)
    assert reload(future_needs).needs == "dieta bezglutenowa"
    assert reload(ended).needs_purged_at is not None
    assert reload(upcoming).needs_purged_at is None
    # The rest of the registration stays until the retention period ends.
    assert reload(past_needs).email == "a@example.org"


def test_after_retention_personal_data_goes_and_the_figures_stay(app, event_factory):
    app.config["EVENTS_RETENTION_DAYS"] = 5  # the world's events ended 10+ days ago
    training, workshop = hand_counted_world(event_factory)
    before = impact.figures()
    maria = db.session.scalar(select(Registration).where(
        Registration.email == "maria@example.org", Registration.event_id == training.id))
    maria.phone, maria.position, maria.staff_note = "600 100 200", "prezeska", "VIP"
    maria.answers.append(Answer(question_id=_question(training), value="wegetariańska"))
    maria.history.append(RegistrationLog(new_status="confirmed", note="znajoma prezesa"))
    resident = db.session.scalar(select(Registration).where(
        Registration.email == "ewa@example.org"))
    resident.organisation = "Osiedle Zielone 5"
    db.session.commit()
    old_token, old_code = maria.token, maria.checkin_code
    delivered = OutboxMessage(recipient="maria@example.org", subject="Potwierdzenie",
                              text_body="Maria Łęcka, link", html_body="", status=OutboxStatus.SENT)
    waiting = OutboxMessage(recipient="maria@example.org", subject="Jeszcze nie wysłana",
                            text_body="", html_body="")
    db.session.add_all([delivered, waiting])
    db.session.commit()
    attendance_rows = db.session.scalar(select(func.count()).select_from(Attendance))

    report = retention.purge_personal_data()
    db.session.commit()

    assert report.registrations_purged == 11
    assert {e.id for e in report.purged_events} >= {training.id, workshop.id}
    maria = reload(maria)
    assert (maria.full_name, maria.email, maria.phone, maria.position, maria.staff_note) == (
        "", None, "", "", "")
    assert maria.user_id is None and maria.answers == []
    assert maria.personal_data_purged_at is not None
    assert maria.token != old_token and maria.checkin_code != old_code
    assert maria.person_key.startswith("anon:")
    assert (maria.category, maria.organisation, maria.status) == (
        "ngo", "Stowarzyszenie Aktywni Razem", "confirmed")
    assert reload(resident).organisation == ""
    assert not db.session.scalars(select(Registration.email).where(
        Registration.email.is_not(None))).all()
    assert not db.session.scalars(select(RegistrationLog.note).where(
        RegistrationLog.note != "")).all()
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == attendance_rows
    assert reload(training).personal_data_purged_at is not None
    remaining = db.session.scalars(select(OutboxMessage.subject)).all()
    assert remaining == ["Jeszcze nie wysłana"]  # delivered copies go, queued mail still goes

    assert impact.figures() == before  # Maria, at two events, is still one person
    # Her old links no longer open anything.
    client = app.test_client()
    assert client.get(f"/registrations/{old_token}").status_code == 404

    again = retention.purge_personal_data()
    assert again.registrations_purged == 0 and again.purged_events == []


def _question(event) -> int:
    from consult.events.models import Question

    question = Question(event_id=event.id, label="Dieta")
    db.session.add(question)
    db.session.flush()
    return question.id


def test_project_retention_date_decides_and_undated_projects_are_kept(app, event_factory):
    app.config["EVENTS_RETENTION_DAYS"] = 1
    today = local_day(utcnow())
    expired = FundingProject(name="Zakończony", retention_until=today - timedelta(days=2))
    running = FundingProject(name="Trwa", retention_until=today + timedelta(days=365))
    undated = FundingProject(name="Bez daty")
    db.session.add_all([expired, running, undated])
    db.session.commit()
    events = {}
    for project in (expired, running, undated):
        events[project.name] = event_factory(title=project.name, starts_in=PAST,
                                             funding_project_id=project.id)
        attendee(events[project.name], f"{project.id}@example.org")
    recent = event_factory(title="Bez projektu, niedawno", starts_in=timedelta(hours=-3),
                           duration=timedelta(hours=1))
    attendee(recent, "recent@example.org")

    report = retention.purge_personal_data()
    db.session.commit()
    assert [e.title for e in report.purged_events] == ["Zakończony"]
    assert [e.title for e in report.kept_without_date] == ["Bez daty"]
    emails = set(db.session.scalars(select(Registration.email)))
    assert emails == {None, f"{running.id}@example.org", f"{undated.id}@example.org",
                      "recent@example.org"}


def test_dry_run_changes_nothing(app, event_factory):
    app.config["EVENTS_RETENTION_DAYS"] = 1
    event = event_factory(starts_in=PAST)
    attendee(event, "a@example.org", needs="pętla indukcyjna", consent_needs=True)
    report = retention.purge_personal_data(dry_run=True)
    db.session.rollback()
    assert (report.needs_cleared, report.registrations_purged) == (1, 1)
    registration = db.session.scalar(select(Registration))
    assert registration.email == "a@example.org" and registration.needs == "pętla indukcyjna"
    assert db.session.get(Event, event.id).needs_purged_at is None
