"""Certificates of attendance (issue 23, item 4): issued only after the event and only for
attendance, the hours of the days attended, an unguessable code, a verification page that
shows nothing beyond the certificate, withdrawal when the attendance is corrected, sending
once, the PDF read back with pdftotext."""

import io
import re
import zipfile
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from consult.core.timeutil import local_day, local_to_utc, utcnow
from consult.events import attendance, certificates, services
from consult.events.attendance import days_of
from consult.events.certificate_pdf import certificate_pdf, hours_text
from consult.events.certificates import Certificate, CertificateError, WithdrawalReason
from consult.events.funding import FundingProject
from consult.events.models import AgendaItem, Registration, RegistrationStatus
from consult.extensions import db
from tests.clients.office import pdf_text
from tests.conftest import text_of
from tests.events.test_impact import attendee
from tests.html import page_of

NOTICE = ("Projekt dofinansowany z Funduszy EOG w ramach programu Aktywni Obywatele – "
          "Fundusz Krajowy.")
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")


def at_nine(days_ago: int) -> datetime:
    """9:00 in Warsaw ``days_ago`` days ago: an event's days do not hang on the hour the
    tests run at."""
    return local_to_utc(datetime.combine(local_day(utcnow()) - timedelta(days=days_ago),
                                         time(9)))


@pytest.fixture
def past_event(app, event_factory):
    project = FundingProject(name="Aktywni Razem", funder="EOG", notice=NOTICE)
    return event_factory(title="Szkolenie z programu współpracy", starts_at=at_nine(10),
                         hours=Decimal("6"), organiser="Federacja Organizacji Pozarządowych",
                         funding_project=project)


@pytest.fixture
def seminar(app, event_factory):
    """Two days, 16 hours."""
    return event_factory(title="Seminarium dwudniowe", starts_at=at_nine(10),
                         duration=timedelta(days=1, hours=7), hours=Decimal("16"))


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def maria(event, days=1, **fields):
    return attendee(event, "maria@example.org", full_name="Maria Łęcka", days=days,
                    organisation="Stowarzyszenie Tajne", phone="600 100 200", **fields)


# ---------------------------------------------------------------- the rules


def test_the_code_has_80_random_bits_in_groups_without_ambiguous_letters(app):
    assert len(certificates.ALPHABET) == 32 and not set("ILOU") & set(certificates.ALPHABET)
    codes = [certificates.new_code() for _ in range(3000)]
    assert all(CODE.fullmatch(code) for code in codes)
    assert len(set(codes)) == len(codes)
    # Every character about equally often: nothing in the code is fixed or skewed.
    counts = Counter("".join(codes).replace("-", ""))
    expected = 3000 * 16 / 32
    assert set(counts) == set(certificates.ALPHABET)
    assert all(0.8 * expected < n < 1.2 * expected for n in counts.values())
    # Read aloud or typed: any case, no dashes, O for 0, I or L for 1.
    assert certificates.normalise_code("k7qx m2pd 9rta wv3c") == "K7QX-M2PD-9RTA-WV3C"
    assert certificates.normalise_code("0I1L-0000-1111-ABCD") == "0111-0000-1111-ABCD"
    assert certificates.normalise_code("O11l0000ili1abcd") == "0111-0000-1111-ABCD"
    assert certificates.normalise_code("K7QX-M2PD") == ""


def test_two_certificates_never_share_a_code(app, past_event):
    people = [attendee(past_event, f"osoba{n}@example.org") for n in range(30)]
    issued = [certificates.issue(registration) for registration in people]
    db.session.commit()
    assert len({certificate.code for certificate in issued}) == 30
    assert Certificate.__table__.c.code.unique


def test_issued_only_after_the_event_and_only_with_attendance(app, event_factory, past_event):
    upcoming = event_factory(title="Szkolenie w przyszłości")
    future = attendee(upcoming, "przyszla@example.org", days=0)
    absent = attendee(past_event, "nieobecna@example.org", days=0)
    cancelled = attendee(past_event, "odwolana@example.org",
                         status=RegistrationStatus.CANCELLED)
    for registration, reason in ((future, certificates.NOT_OVER),
                                 (absent, certificates.NO_ATTENDANCE),
                                 (cancelled, certificates.NOT_CONFIRMED)):
        with pytest.raises(CertificateError) as refused:
            certificates.issue(registration)
        assert refused.value.reason == reason
    present = maria(past_event)
    first = certificates.issue(present)
    again = certificates.issue(present)  # idempotent: one live certificate
    db.session.commit()
    assert again.id == first.id
    assert [c.code for c in certificates.issue_all(past_event)] == [first.code]
    assert db.session.scalar(select(db.func.count()).select_from(Certificate)) == 1
    assert first.hours == Decimal("6") and first.full_name == "Maria Łęcka"
    assert first.organiser == "Federacja Organizacji Pozarządowych"


def test_hours_are_those_of_the_days_attended(app, event_factory, seminar):
    one_day = certificates.issue(maria(seminar, days=1))
    both = certificates.issue(attendee(seminar, "jan@example.org", days=2))
    assert (one_day.hours, one_day.days_attended, one_day.days_total) == (Decimal("8"), 1, 2)
    assert (both.hours, both.days_attended) == (Decimal("16"), 2)
    three = event_factory(title="Trzy dni", starts_at=at_nine(15),
                          duration=timedelta(days=2, hours=7), hours=Decimal("10"))
    assert certificates.issue(attendee(three, "ola@example.org")).hours == Decimal("3.3")
    no_hours = event_factory(title="Spotkanie bez godzin", starts_at=at_nine(3))
    assert certificates.issue(attendee(no_hours, "ewa@example.org")).hours is None


def test_a_later_edit_of_the_event_leaves_the_certificate_as_issued(client, past_event):
    certificate = certificates.issue(maria(past_event))
    past_event.agenda = [AgendaItem(starts_at=past_event.starts_at, title="Wprowadzenie")]
    db.session.commit()
    code = certificate.code
    past_event.title, past_event.hours = "Zmieniony tytuł", Decimal("2")
    db.session.commit()
    page = client.get(f"/certificates/{code}").get_data(as_text=True)
    assert "Szkolenie z programu współpracy" in page and "Zmieniony tytuł" not in page
    assert fresh(Certificate, certificate.id).programme == ""


# ---------------------------------------------------------------- the verification page


def test_the_verification_page_shows_only_what_the_certificate_states(client, past_event):
    client.set_cookie("lang", "en")  # the assertions read the English wording
    registration = maria(past_event, position="skarbniczka")
    certificate = certificates.issue(registration)
    db.session.commit()
    response = client.get(f"/certificates/{certificate.code}")
    assert response.status_code == 200
    page = page_of(response)
    text = page.text_by_id("certificate-details")
    for shown in ("Maria Łęcka", "Szkolenie z programu współpracy",
                  "Federacja Organizacji Pozarządowych"):
        assert shown in text
    html = response.get_data(as_text=True)
    for hidden in ("maria@example.org", "600 100 200", "Stowarzyszenie Tajne", "skarbniczka",
                   registration.token, registration.checkin_code):
        assert hidden not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "genuine" in page.text_by_id("certificate-state")
    # Typed in lower case, without dashes: the same certificate.
    assert client.get(f"/certificates/{certificate.code.lower().replace('-', '')}") \
        .status_code == 200
    assert client.get("/certificates/AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert client.get("/certificates/nonsense").status_code == 404


def test_guessing_codes_is_rate_limited(rate_limited):
    client = rate_limited.test_client()
    statuses = [client.get(f"/certificates/AAAA-BBBB-CCCC-{n:04d}").status_code
                for n in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[-1] == 429


# ---------------------------------------------------------------- corrections


def test_a_corrected_attendance_replaces_then_withdraws_the_certificate(client, seminar):
    client.set_cookie("lang", "en")  # the assertions read the English wording
    registration = maria(seminar, days=2)
    first, second = days_of(seminar)
    old = certificates.issue(registration)
    db.session.commit()
    assert attendance.undo_check_in(registration, second)
    db.session.commit()
    old = fresh(Certificate, old.id)
    assert old.withdrawal_reason == WithdrawalReason.REPLACED and old.withdrawn_at
    new = certificates.live_certificate(registration)
    assert new.hours == Decimal("8") and new.code != old.code
    page = page_of(client.get(f"/certificates/{old.code}"))
    assert "replaced" in page.text_by_id("certificate-state")
    assert "Maria Łęcka" not in page.text_by_id("certificate-state")

    attendance.undo_check_in(registration, first)
    db.session.commit()
    assert certificates.live_certificate(registration) is None
    state = page_of(client.get(f"/certificates/{new.code}")).text_by_id("certificate-state")
    assert "withdrawn on" in state and "no attendance is recorded" in state

    attendance.check_in(registration, first, None)  # the day was right after all
    db.session.commit()
    assert certificates.live_certificate(registration) is None  # issued again on request
    assert certificates.issue(registration).hours == Decimal("8")


def test_cancelling_the_registration_withdraws_the_certificate(client, past_event):
    client.set_cookie("lang", "en")  # the assertions read the English wording
    registration = maria(past_event)
    certificate = certificates.issue(registration)
    db.session.commit()
    services.cancel(registration, reason="Pomyłka w liście obecności.")
    db.session.commit()
    assert fresh(Certificate, certificate.id).withdrawal_reason == WithdrawalReason.CANCELLED
    state = page_of(client.get(f"/certificates/{certificate.code}")).text_by_id(
        "certificate-state")
    assert "registration was cancelled" in state


# ---------------------------------------------------------------- the holder and staff


def test_the_holder_downloads_their_certificate_by_their_link_only(client, past_event):
    registration = maria(past_event)
    absent = attendee(past_event, "nieobecna@example.org", days=0)
    page = client.get(f"/registrations/{registration.token}").get_data(as_text=True)
    assert f"/registrations/{registration.token}/certificate.pdf" in page
    response = client.get(f"/registrations/{registration.token}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert certificates.live_certificate(registration) is not None  # issued on first download
    assert "certificate.pdf" not in client.get(
        f"/registrations/{absent.token}").get_data(as_text=True)
    assert client.get(f"/registrations/{absent.token}/certificate.pdf").status_code == 404
    assert client.get("/registrations/not-a-token/certificate.pdf").status_code == 404


def test_my_activity_links_the_certificate(client, login_as, past_event):
    user = login_as(email="maria@example.org")
    registration = maria(past_event, user_id=user.id)
    page = client.get("/account/activity").get_data(as_text=True)
    assert f"/registrations/{registration.token}/certificate.pdf" in page


def test_staff_routes_are_staff_only(client, login_as, past_event):
    maria(past_event)
    paths = [f"/manage/events/{past_event.id}/certificates",
             f"/manage/events/{past_event.id}/certificates.zip"]
    for path in paths:
        assert client.get(path).status_code == 302  # to sign in
    login_as()
    for path in paths:
        assert client.get(path).status_code == 403
    assert client.post(f"/manage/events/{past_event.id}/certificates/send").status_code == 403
    assert certificates.live_certificate(db.session.scalars(select(Registration)).first()) \
        is None


def test_staff_send_every_attendee_their_certificate_once(client, staff, past_event, mailbox):
    registration = maria(past_event)
    attendee(past_event, "nieobecna@example.org", days=0)
    page = client.get(f"/manage/events/{past_event.id}/certificates")
    assert page.status_code == 200
    client.post(f"/manage/events/{past_event.id}/certificates/send")
    assert [m["To"] for m in mailbox.messages] == ["maria@example.org"]
    message = mailbox.last_to("maria@example.org")
    certificate = certificates.live_certificate(registration)
    body = text_of(message)
    assert f"/registrations/{registration.token}/certificate.pdf" in body
    assert f"/certificates/{certificate.code}" in body
    (attached,) = [part for part in message.iter_attachments()]
    assert attached.get_content_type() == "application/pdf"
    assert "Maria Łęcka" in pdf_text(attached.get_payload(decode=True))

    mailbox.clear()
    client.post(f"/manage/events/{past_event.id}/certificates/send")
    assert mailbox.messages == []  # nobody twice
    listing = page_of(client.get(f"/manage/events/{past_event.id}/certificates"))
    assert certificate.code in listing.text_by_id("certificates")

    archive = zipfile.ZipFile(io.BytesIO(
        client.get(f"/manage/events/{past_event.id}/certificates.zip").data))
    (name,) = archive.namelist()
    assert certificate.code.lower() in name
    assert "Maria Łęcka" in pdf_text(archive.read(name))


def test_staff_cannot_issue_before_the_end(client, staff, event_factory, mailbox):
    upcoming = event_factory(title="Szkolenie przyszłe")
    attendee(upcoming, "ktos@example.org", days=0)
    client.post(f"/manage/events/{upcoming.id}/certificates/send")
    assert mailbox.messages == [] and db.session.scalar(select(Certificate)) is None


def test_the_staff_list_queries_do_not_grow_with_attendees(client, staff, past_event,
                                                           count_queries):
    path = f"/manage/events/{past_event.id}/certificates"

    def measured() -> int:
        client.get(path)
        with count_queries as counter:
            assert client.get(path).status_code == 200
        return counter.count

    for n in range(2):
        certificates.issue(attendee(past_event, f"a{n}@example.org"))
    db.session.commit()
    few = measured()
    for n in range(2, 22):
        registration = attendee(past_event, f"a{n}@example.org")
        if n % 2:
            certificates.issue(registration)
    db.session.commit()
    assert measured() == few


# ---------------------------------------------------------------- the PDF


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_the_pdf_states_name_hours_and_the_funders_notice(app, seminar, locale):
    seminar.funding_project = FundingProject(name="Aktywni Razem", notice=NOTICE)
    seminar.agenda = [AgendaItem(starts_at=seminar.starts_at, title="Konsultacje społeczne "
                                 "w gminie: zażółć gęślą jaźń")]
    certificate = certificates.issue(maria(seminar, days=1, locale=locale))
    db.session.commit()
    with app.test_request_context(), force_locale(locale):
        text = " ".join(pdf_text(certificate_pdf(certificate)).split())
        hours = hours_text(Decimal("8"))
    for expected in ("Maria Łęcka", "Seminarium dwudniowe", hours, certificate.code,
                     "zażółć gęślą jaźń", f"/certificates/{certificate.code}"):
        assert expected in text, expected
    assert " ".join(NOTICE.split()) in text


# ---------------------------------------------------------------- the account


def test_the_account_export_and_deletion_cover_certificates(client, login_as, past_event):
    client.set_cookie("lang", "en")  # the assertions read the English wording
    user = login_as(email="maria@example.org")
    registration = maria(past_event, user_id=user.id)
    registration.email_confirmed_at = registration.created_at
    certificate = certificates.issue(registration)
    db.session.commit()
    exported = client.get("/account/export.json").get_json()
    (entry,) = exported["event_certificates"]
    assert entry["code"] == certificate.code and entry["full_name"] == "Maria Łęcka"
    assert "Certificates of attendance" in client.get("/account/export.html").get_data(
        as_text=True)

    from consult.account.services import delete_account

    delete_account(user)
    db.session.commit()
    erased = fresh(Certificate, certificate.id)
    assert erased.withdrawal_reason == WithdrawalReason.ERASED and erased.full_name == ""
    state = page_of(client.get(f"/certificates/{certificate.code}")).text_by_id(
        "certificate-state")
    assert "personal data was erased" in state and "Łęcka" not in state


# ---------------------------------------------------------------- the demo


def test_the_demo_issues_the_past_trainings_certificates_once(app):
    from consult.events.demo import seed_events

    seed_events()
    db.session.commit()
    issued = db.session.scalar(select(db.func.count()).select_from(Certificate))
    seed_events()
    db.session.commit()
    assert issued == 15  # 18 registered, three did not come
    assert db.session.scalar(select(db.func.count()).select_from(Certificate)) == issued
