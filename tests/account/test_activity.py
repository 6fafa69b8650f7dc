"""My activity (/account/activity), the registrant's change of details and the readable
own-data download (/account/export.html)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from consult.account import readable_export
from consult.auth.models import User
from consult.consultations import following
from consult.consultations import services as consultations
from consult.core.timeutil import utcnow
from consult.events import registrant_details, services
from consult.events.models import Registration, RegistrationLog
from consult.extensions import db
from tests.conftest import PASSWORD, text_of
from tests.html import page_of


@pytest.fixture
def client(client):
    """English pages, so messages can be checked word for word."""
    client.set_cookie("lang", "en")
    return client


def register(event, email, name="Maria Łęcka", category="ngo", guest=False, **fields):
    """A registration as a guest (the address not confirmed) or by staff (confirmed)."""
    fields.setdefault("organisation", "Stowarzyszenie Aktywni Razem" if category == "ngo"
                      else "")
    registration = services.register(event, services.RegistrationData(
        full_name=name, email=email, category=category, **fields),
        staff=None if guest else object())
    db.session.commit()
    return registration


def reloaded(registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


# --- the registrant changes their details ------------------------------------------------


def test_registrant_changes_organisation_and_needs_before_the_event(client, event_factory):
    registration = register(event_factory(title="Warsztat grantowy"), "maria@example.org")
    page = client.get(f"/registrations/{registration.token}")
    assert f"/registrations/{registration.token}/edit" in page.get_data(as_text=True)
    form = page_of(client.get(f"/registrations/{registration.token}/edit"))
    assert form.value_of("organisation") == "Stowarzyszenie Aktywni Razem"

    response = client.post(f"/registrations/{registration.token}/edit", data={
        "organisation": "Fundacja Nowa", "position": "koordynatorka", "phone": "600 100 200",
        "needs": "tłumacz PJM", "consent_needs": "y"})
    assert response.status_code == 302
    shown = page_of(client.get(response.headers["Location"]))
    assert "Your details are saved." in shown.content
    assert "Fundacja Nowa" in shown.content
    assert shown.text_by_id("registration-needs") == "tłumacz PJM"
    changed = reloaded(registration)
    assert (changed.organisation, changed.position, changed.phone, changed.needs,
            changed.consent_needs) == ("Fundacja Nowa", "koordynatorka", "600 100 200",
                                       "tłumacz PJM", True)
    (log,) = db.session.scalars(select(RegistrationLog).where(
        RegistrationLog.registration_id == registration.id,
        RegistrationLog.note.like("details changed%")))
    # The history says what changed, never the needs themselves (RODO art. 9).
    assert "needs" in log.note and "PJM" not in log.note


def test_needs_without_consent_and_ngo_without_organisation_are_refused(client,
                                                                        event_factory):
    registration = register(event_factory(), "maria@example.org")
    response = client.post(f"/registrations/{registration.token}/edit", data={
        "organisation": "", "needs": "dieta wegańska"})
    assert response.status_code == 200
    page = page_of(response)
    assert "Tick this box" in page.text_by_id("consent_needs-error")
    assert "organisation" in page.text_by_id("organisation-error")
    assert "dieta wegańska" in page.content  # what was typed is kept
    assert reloaded(registration).needs == ""
    assert reloaded(registration).organisation == "Stowarzyszenie Aktywni Razem"


def test_details_cannot_change_once_the_event_has_started(client, event_factory):
    event = event_factory(starts_in=timedelta(hours=1))
    registration = register(event, "maria@example.org")
    event.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert "/edit" not in client.get(f"/registrations/{registration.token}").get_data(
        as_text=True)
    response = client.post(f"/registrations/{registration.token}/edit", data={
        "organisation": "Inna", "needs": "", "position": "", "phone": ""})
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert "can no longer be changed" in follow.get_data(as_text=True)
    assert reloaded(registration).organisation == "Stowarzyszenie Aktywni Razem"
    with pytest.raises(services.RegistrationError) as refused:
        registrant_details.change_registration_details(
            reloaded(registration), registrant_details.RegistrationDetails(organisation="X"))
    assert refused.value.reason == registrant_details.EVENT_STARTED


def test_a_cancelled_registration_cannot_be_changed(client, event_factory):
    registration = register(event_factory(), "maria@example.org")
    services.cancel(registration)
    db.session.commit()
    response = client.get(f"/registrations/{registration.token}/edit")
    assert response.status_code == 302


# --- My activity -----------------------------------------------------------------------


def activity(client):
    """My activity as the person sees it (``.content``) and its HTML (``.html``)."""
    response = client.get("/account/activity")
    assert response.status_code == 200
    page = page_of(response)
    page.html = response.get_data(as_text=True)
    return page


def test_my_activity_needs_sign_in(client):
    response = client.get("/account/activity")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_guest_registration_appears_once_the_account_address_is_proved(
        client, app, event_factory, mailbox, user_factory):
    """Matched on the account's proven address only: someone who signs up with another
    person's address sees nothing of theirs until they open the link sent to it."""
    registration = register(event_factory(title="Debata o budżecie"), "maria@example.org",
                            guest=True, category="resident")
    client.post("/auth/register", data={
        "full_name": "Maria Łęcka", "email": "Maria@example.org", "password": PASSWORD,
        "password_confirm": PASSWORD, "consent_rodo": "y"})
    # Signed in before the address is proved (sign-in itself waits for it).
    user = db.session.scalar(select(User).where(User.email == "maria@example.org"))
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    before = activity(client)
    assert "Debata o budżecie" not in before.content
    assert registration.token not in before.html
    assert "Confirm your e-mail address to see here" in before.content

    link = re.search(r"https?://[^/\s]+(/auth/verify/\S+)", text_of(
        mailbox.last_to("maria@example.org")))[1]
    assert client.post(link).status_code == 302
    after = activity(client)
    assert "Debata o budżecie" in after.content
    assert f"/registrations/{registration.token}" in after.html

    other = app.test_client()
    other.set_cookie("lang", "en")
    with other.session_transaction() as session:
        session["_user_id"] = user_factory(email="jan@example.org").get_id()
    assert "Debata o budżecie" not in activity(other).content


def test_activity_shows_waiting_list_position_and_the_actions(client, login_as,
                                                              event_factory):
    login_as(email="maria@example.org")
    full = event_factory(title="Szkolenie z ustawy", capacity=1, format="hybrid",
                         online_url="https://meet.example.org/szkolenie")
    register(full, "jan@example.org", name="Jan")
    waiting = register(full, "maria@example.org")
    seat = register(event_factory(title="Warsztat KRS", format="online",
                                  online_url="https://meet.example.org/krs"),
                    "maria@example.org")
    past = register(event_factory(title="Dawna konferencja", starts_in=timedelta(days=-40)),
                    "maria@example.org")
    page = activity(client)
    waiting_entry = page.text_by_id(f"registration-{waiting.id}")
    assert "on the waiting list" in waiting_entry
    assert "Your position on the waiting list: 1" in waiting_entry
    assert "meet.example.org/szkolenie" not in page.html  # no seat: no link
    seat_entry = page.text_by_id(f"registration-{seat.id}")
    assert "confirmed" in seat_entry and "https://meet.example.org/krs" in seat_entry
    assert f"/registrations/{seat.token}/calendar.ics" in page.html
    assert f"/registrations/{seat.token}/edit" in page.html
    assert f"/registrations/{seat.token}/cancel" in page.html
    # The past one is listed, without the actions that no longer apply.
    assert "Dawna konferencja" in page.text_by_id(f"registration-{past.id}")
    assert f"/registrations/{past.token}/edit" not in page.html
    assert f"/registrations/{past.token}/cancel" not in page.html
    assert page.html.index("Warsztat KRS") < page.html.index("Dawna konferencja")


def comment_on(consultation, user, body="Proponujemy dodać konsultacje online."):
    comment = consultations.submit_comment(consultation, user, consultations.CommentData(
        section_id=consultation.sections[1].id, body=body))
    db.session.commit()
    return comment


def test_activity_shows_comments_with_changes_only_while_allowed_and_the_published_answer(
        client, login_as, consultation_factory, user_factory):
    user = login_as()
    official = user_factory(role="staff")
    open_one = consultation_factory(title="Program na 2027 r.")
    comment = comment_on(open_one, user)
    page = activity(client)
    entry = page.text_by_id(f"comment-{comment.id}")
    assert "Program na 2027 r." in entry and "published" in entry
    assert f"/comments/{comment.id}/edit" in page.html
    assert f"/comments/{comment.id}/withdraw" in page.html

    # Closed and answered: no more changes; the answer shows once the report is out.
    open_one.closes_at = utcnow() - timedelta(hours=1)
    consultations.answer_comment(comment, official, "partially_accepted",
                                 "Uwzględniono w § 4 ust. 2.")
    db.session.commit()
    page = activity(client)
    assert f"/comments/{comment.id}/edit" not in page.html
    assert f"/comments/{comment.id}/withdraw" not in page.html
    assert "Uwzględniono w § 4 ust. 2." not in page.html
    open_one.report_published_at = utcnow()
    db.session.commit()
    entry = activity(client).text_by_id(f"comment-{comment.id}")
    assert "partially accepted" in entry and "Uwzględniono w § 4 ust. 2." in entry


def test_activity_shows_the_moderators_reason_and_follows_with_unfollow(
        client, login_as, consultation_factory, user_factory):
    user = login_as(email="maria@example.org")
    consultation = consultation_factory(title="Program na 2027 r.")
    comment = comment_on(consultation, user)
    consultations.hide_comment(comment, user_factory(role="staff"), "Treść obraźliwa.")
    subscription = following.subscribe("maria@example.org", consultation=consultation,
                                       user=user)
    db.session.commit()
    page = activity(client)
    assert "Treść obraźliwa." in page.text_by_id(f"comment-{comment.id}")
    assert f"/comments/{comment.id}/edit" not in page.html
    assert f"/subscriptions/{subscription.token}/unsubscribe" in page.html


def test_activity_costs_the_same_queries_for_few_or_many(client, login_as, event_factory,
                                                        consultation_factory,
                                                        institution_factory, count_queries):
    user = login_as(email="maria@example.org")
    institution = institution_factory()

    def add_some(n):
        for i in range(n):
            event = event_factory(title=f"Szkolenie {n}-{i}", capacity=1)
            register(event, f"other{n}-{i}@example.org", name="Ktoś")
            register(event, "maria@example.org")  # waiting
            consultation = consultation_factory(title=f"Program {n}-{i}",
                                                institution=institution)
            comment_on(consultation, user)
            following.subscribe("maria@example.org", consultation=consultation, user=user)
        db.session.commit()

    def counted():
        client.get("/account/activity")
        with count_queries as counter:
            assert client.get("/account/activity").status_code == 200
        return counter.count

    add_some(1)
    few = counted()
    add_some(6)
    assert counted() == few


# --- the readable own-data download -------------------------------------------------------


def test_export_page_shows_own_data_in_warsaw_time_and_nobody_elses(
        client, login_as, event_factory, user_factory, consultation_factory):
    user = login_as(email="maria@example.org", full_name="Maria Łęcka")
    event = event_factory(title="Warsztat grantowy",
                          starts_at=datetime(2027, 1, 9, 9, 0, tzinfo=UTC))
    register(event, "maria@example.org", needs="tłumacz PJM", consent_needs=True)
    register(event, "jan@example.org", name="Jan Obcy", needs="dieta bezglutenowa",
             consent_needs=True)
    comment_on(consultation_factory(), user, body="Nasza uwaga do § 1.")
    user_factory(email="obcy@example.org", full_name="Ktoś Obcy")

    assert "/account/export.html" in client.get("/account").get_data(as_text=True)
    response = client.get("/account/export.html")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    page = page_of(response)
    for heading in ("Account", "Registrations for events", "Your comments in consultations",
                    "Where you are signed in", "E-mails sent to you"):
        assert heading in page.content
    assert "maria@example.org" in page.content and "Maria Łęcka" in page.content
    assert "tłumacz PJM" in page.content
    assert "Nasza uwaga do § 1." in page.content
    assert "9 January 2027, 10:00" in page.content  # 09:00 UTC is 10:00 in Warsaw
    assert "confirmed" in page.content and "NGO" in page.content  # codes written out
    for someone_else in ("Jan Obcy", "jan@example.org", "dieta bezglutenowa",
                         "obcy@example.org", "Ktoś Obcy"):
        assert someone_else not in page.content
    # The same data as the JSON download.
    exported = client.get("/account/export.json").get_json()
    assert exported["event_registrations"][0]["needs"] == "tłumacz PJM"


def test_export_page_needs_sign_in(client):
    response = client.get("/account/export.html")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_readable_export_writes_out_nested_fields_codes_and_moments(app):
    data = {
        "account": {"email": "maria@example.org", "role": "user",
                    "managed_institutions": [{"teryt": "1420011", "name": "Płońsk"}]},
        "event_registrations": [{"event": "Warsztat", "status": "waitlisted",
                                 "answers": {"Skąd wiesz o warsztacie?": "strona"},
                                 "days_attended": ["2027-01-09"]}],
        "network_member": {"status": "approved", "topics": ["budżet obywatelski"],
                           "visibility": {"work_email": "members"},
                           "consents": [{"given_at": "2026-12-01T08:00:00+00:00",
                                         "choices": {"work_email": "staff"}}]},
        "messages": [],
        "exported_at": "2026-12-06T08:00:00+00:00",
    }
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        areas = readable_export.readable(data)
        assert readable_export.exported_at(data) == "6 December 2026, 09:00"

    def texts(rows):
        for row in rows:
            yield row.label, row.text
            yield from texts(row.rows or [])
            for item in row.items or []:
                yield from ([(row.label, item)] if isinstance(item, str) else texts(item))

    shown = {key: dict(texts(record.rows)) for area in areas for record in area.records
             for key in [area.key]}
    assert shown["account"]["TERYT code"] == "1420011"
    registration = shown["event_registrations"]
    assert registration["Status"] == "on the waiting list"
    assert registration["Skąd wiesz o warsztacie?"] == "strona"
    assert registration["Days attended"] == "9 January 2027"
    member = shown["network_member"]
    assert member["Work e-mail"] == "the federation's staff only"  # the consent's choice
    assert member["Given"] == "1 December 2026, 09:00"
    assert member["Topics"] == "budżet obywatelski"
    assert [area.records for area in areas if area.key == "messages"] == [[]]


def test_waitlist_positions_agree_with_the_position_of_each(event_factory):
    """Confirmed addresses go before unconfirmed ones, in arrival order (promote_waiting)."""
    event = event_factory(capacity=1)
    register(event, "first@example.org")
    waiting = [register(event, "guest1@example.org", guest=True),
               register(event, "staff1@example.org"),
               register(event, "guest2@example.org", guest=True),
               register(event, "staff2@example.org")]
    expected = {r.id: services.waitlist_position(r) for r in waiting}
    assert services.waitlist_positions(waiting) == expected
    assert sorted(expected.values()) == [1, 2, 3, 4]


@pytest.mark.parametrize("role, offered", [("staff", True), ("user", False)])
def test_account_page_links_my_activity_and_for_staff_the_notifications(client, login_as,
                                                                        role, offered):
    login_as(role)
    html = client.get("/account").get_data(as_text=True)
    assert 'href="/account/activity"' in html
    assert ('href="/account/notifications"' in html) is offered
