"""Staff tools for an event's registrations: list, decisions, adding by hand, messages."""

from datetime import datetime, time, timedelta

import sqlalchemy
from sqlalchemy import select

from consult.core.timeutil import local_to_utc, utcnow
from consult.events import services
from consult.events.attendance import days_of
from consult.events.models import Attendance, Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import text_of
from tests.events.conftest import add
from tests.html import page_of


def reloaded(registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def flashes(response) -> str:
    return " ".join(
        page_of(response).text(e) for e in page_of(response).elements
        if "flash" in e["attrs"].get("class", "")
    )


# ---------------------------------------------------------------- access


def routes(event, registration):
    base = f"/manage/events/{event.id}"
    reg = f"{base}/registrations/{registration.id}"
    gets = [f"{base}/registrations", reg, f"{base}/registrations/add", f"{base}/message",
            f"{base}/registrations.csv", f"{base}/registrations.xlsx", f"{base}/attendance.pdf",
            f"{base}/checkin", f"/manage/events/checkin/{registration.checkin_code}"]
    posts = [f"{reg}/approve", f"{reg}/reject", f"{reg}/cancel", f"{reg}/move",
             f"{base}/registrations/add", f"{base}/message", f"{base}/checkin/{registration.id}",
             f"/manage/events/checkin/{registration.checkin_code}"]
    return gets, posts


def test_ordinary_users_get_403_and_visitors_are_sent_to_sign_in(client, login_as,
                                                                  event_factory):
    event = event_factory(starts_in=timedelta(hours=1))
    registration = add(event, "Maria Łęcka", "maria@example.org", guest=True)
    gets, posts = routes(event, registration)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url
    login_as("user")
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data={"day": utcnow().date().isoformat()}).status_code == 403, url
    assert reloaded(registration).status == RegistrationStatus.PENDING
    assert db.session.scalar(select(sqlalchemy.func.count()).select_from(Registration)) == 1


def test_a_registration_of_another_event_is_not_found(client, staff, event_factory, mailbox):
    event = event_factory(title="Szkolenie A")
    other = event_factory(title="Szkolenie B")
    stranger = add(other, "Jan Obcy", "jan@example.org", guest=True)
    reg = f"/manage/events/{event.id}/registrations/{stranger.id}"
    assert client.get(reg).status_code == 404
    for action in ("approve", "reject", "cancel", "move"):
        assert client.post(f"{reg}/{action}", data={"target_event": other.id}).status_code == 404
    checkin_url = f"/manage/events/{event.id}/checkin/{stranger.id}"
    day = event.starts_at.date().isoformat()
    assert client.post(checkin_url, data={"day": day}).status_code == 404
    assert reloaded(stranger).status == RegistrationStatus.PENDING
    assert client.get("/manage/events/999999/registrations").status_code == 404


# ---------------------------------------------------------------- the list


def test_list_shows_statuses_positions_counts_and_filters(client, staff, event_factory):
    event = event_factory(capacity=3, quotas={"jst": 1}, requires_approval=True)
    add(event, "Maria Łęcka", "maria@example.org", organisation="Stowarzyszenie Żółw")
    guest = add(event, "Piotr Gość", "piotr@example.org", category="jst", guest=True)
    approval = add(event, "Ewa Czekająca", "ewa@example.org", guest=True)
    services.confirm_email(approval)
    db.session.commit()
    add(event, "Olga Rezerwowa", "olga@example.org", category="jst")  # jst quota full
    assert reloaded(guest).status == RegistrationStatus.PENDING

    response = client.get(f"/manage/events/{event.id}/registrations")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    page = page_of(response)
    rows = {r.email: page.text_by_id(f"r{r.id}") for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id))}
    assert "confirmed" in rows["maria@example.org"]
    assert "waiting for e-mail confirmation" in rows["piotr@example.org"]
    assert "waiting for approval" in rows["ewa@example.org"]
    assert "on the waiting list (no. 1 in line)" in rows["olga@example.org"]
    assert "Approve" in rows["ewa@example.org"] and "Approve" not in rows["maria@example.org"]
    assert page.text_by_id("seats-summary").startswith("Seats taken: 3 of 3.")
    counts_text = page.text_by_id("counts")
    # category × (pending, confirmed, waitlisted, cancelled, rejected), all, seats / quota
    assert "local government (JST) 1 0 1 0 0 2 1 / 1" in counts_text
    assert "All 2 1 1 0 0 4 3 / 3" in counts_text

    search = page_of(client.get(f"/manage/events/{event.id}/registrations?q=lecka"))
    assert search.text_by_id("found") == "1 registration"
    assert "Maria Łęcka" in search.text_by_id("registrations")
    by_org = page_of(client.get(f"/manage/events/{event.id}/registrations?q=zolw"))
    assert "Maria Łęcka" in by_org.text_by_id("registrations")
    waiting = page_of(client.get(f"/manage/events/{event.id}/registrations?status=waitlisted"))
    assert waiting.text_by_id("found") == "1 registration"
    assert "Olga Rezerwowa" in waiting.text_by_id("registrations")
    jst = page_of(client.get(f"/manage/events/{event.id}/registrations?category=jst"))
    assert jst.text_by_id("found") == "2 registrations"


def test_list_offers_files_and_one_attendance_list_per_day(client, staff, event_factory):
    # 10:00 on a day next week until 16:00 the day after: two days whatever the time now.
    day = (utcnow() + timedelta(days=7)).date()
    event = event_factory(starts_at=local_to_utc(datetime.combine(day, time(10))),
                          duration=timedelta(days=1, hours=6))
    links = page_of(client.get(f"/manage/events/{event.id}/registrations"))
    hrefs = [e["attrs"]["href"] for e in links.elements
             if e["tag"] == "a" and "attendance.pdf" in e["attrs"].get("href", "")]
    assert len(hrefs) == 2 and hrefs[0] != hrefs[1]
    for href in hrefs:
        assert client.get(href).headers["Content-Type"] == "application/pdf"
    actions = links.text_by_id("registration-actions")
    assert "Download CSV" in actions and "Add a participant" in actions


def test_list_needs_the_same_number_of_queries_for_5_and_60_people(client, staff,
                                                                    event_factory,
                                                                    count_queries):
    def queries_for(count):
        event = event_factory(title=f"Wydarzenie {count}", capacity=40,
                              questions=[{"kind": "text", "label": "Pytanie"}])
        for n in range(count):
            registration = add(event, f"Osoba {n}", f"p{count}-{n}@example.org",
                               category=("ngo", "jst", "resident")[n % 3],
                               answers={event.questions[0].id: "odpowiedź"})
            if n % 4 == 0 and registration.status == RegistrationStatus.CONFIRMED:
                db.session.add(Attendance(registration_id=registration.id,
                                          day=days_of(event)[0]))
        db.session.commit()
        url = f"/manage/events/{event.id}/registrations"
        client.get(url)  # warm-up: what is cached per process is not measured
        with count_queries as counter:
            response = client.get(url)
        assert response.status_code == 200
        rows = [e for e in page_of(response).elements
                if e["tag"] == "tr" and e["attrs"].get("id", "").startswith("r")]
        return counter.count, len(rows), event

    few, few_rows, _event = queries_for(5)
    many, many_rows, event = queries_for(60)
    assert (few_rows, many_rows) == (5, 25)  # a full page
    assert few == many, f"{few} queries for 5 registrations, {many} for 60"
    last_page = page_of(client.get(f"/manage/events/{event.id}/registrations?page=3"))
    assert "on the waiting list (no. 20 in line)" in last_page.content  # 40 seats, 60 people


# ---------------------------------------------------------------- one registration


def test_detail_shows_contact_needs_answers_and_history(client, staff, event_factory):
    event = event_factory(questions=[{"kind": "text", "label": "Oczekiwania"}])
    data = services.RegistrationData(
        full_name="Maria Łęcka", email="maria@example.org", category="ngo",
        organisation="Stowarzyszenie", phone="+48 600 100 200", needs="tłumacz PJM",
        consent_needs=True, consent_image=True,
        answers={event.questions[0].id: "Więcej o grantach"},
    )
    registration = services.register(event, data)
    db.session.commit()
    client.post(f"/manage/events/{event.id}/registrations/{registration.id}/approve")

    page = page_of(client.get(f"/manage/events/{event.id}/registrations/{registration.id}"))
    details = page.text_by_id("registration-details")
    assert "+48 600 100 200" in details and "Stowarzyszenie" in details
    assert page.text_by_id("registration-status") == "confirmed"
    needs = page.text_by_id("needs")
    assert "tłumacz PJM" in needs and "Special-category personal data" in needs
    assert page.text_by_id("answers") == "Oczekiwania Więcej o grantach"
    history = page.text_by_id("history")
    assert "Anna Organizatorka" in history and "approved" in history


# ---------------------------------------------------------------- decisions


def test_approving_confirms_and_tells_the_person(client, staff, event_factory, mailbox):
    event = event_factory(requires_approval=True)
    registration = add(event, "Ewa Czekająca", "ewa@example.org", guest=True)
    services.confirm_email(registration)
    db.session.commit()
    assert reloaded(registration).awaits_approval
    mailbox.clear()
    list_url = f"/manage/events/{event.id}/registrations?status=pending"
    response = client.post(
        f"/manage/events/{event.id}/registrations/{registration.id}/approve",
        data={"next": list_url},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(list_url)
    approved = reloaded(registration)
    assert approved.status == RegistrationStatus.CONFIRMED
    assert approved.history[-1].actor_id == staff.id
    attachments = [p.get_filename() for p in mailbox.last_to("ewa@example.org").iter_attachments()]
    assert "zaproszenie.ics" in attachments


def test_rejecting_sends_the_reason_and_frees_the_seat(client, staff, event_factory, mailbox):
    event = event_factory(capacity=1)
    first = add(event, "Adam Pierwszy", "adam@example.org")
    second = add(event, "Beata Druga", "beata@example.org")
    assert (first.status, reloaded(second).status) == (
        RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    mailbox.clear()
    client.post(f"/manage/events/{event.id}/registrations/{first.id}/reject",
                data={"reason": "Szkolenie jest tylko dla JST z powiatu."})
    assert reloaded(first).status == RegistrationStatus.REJECTED
    assert reloaded(second).status == RegistrationStatus.CONFIRMED
    assert "Szkolenie jest tylko dla JST z powiatu." in text_of(
        mailbox.last_to("adam@example.org"))
    assert reloaded(first).history[-1].note == "Szkolenie jest tylko dla JST z powiatu."


def test_cancelling_twice_explains_instead_of_failing(client, staff, event_factory, mailbox):
    event = event_factory()
    registration = add(event, "Adam Pierwszy", "adam@example.org")
    url = f"/manage/events/{event.id}/registrations/{registration.id}/cancel"
    response = client.post(url, data={"reason": "Zmiana grupy."}, follow_redirects=True)
    assert "is cancelled" in flashes(response)
    assert reloaded(registration).status == RegistrationStatus.CANCELLED
    mailbox.clear()
    response = client.post(url, data={"reason": "Zmiana grupy."}, follow_redirects=True)
    assert response.status_code == 200
    assert "This cannot be done" in flashes(response) and "cancelled" in flashes(response)
    assert mailbox.messages == []
    assert client.post(f"/manage/events/{event.id}/registrations/{registration.id}/approve",
                       follow_redirects=True).status_code == 200
    assert reloaded(registration).status == RegistrationStatus.CANCELLED


def test_moving_to_another_event(client, staff, event_factory, mailbox):
    event = event_factory(title="Szkolenie wiosenne")
    target = event_factory(title="Szkolenie jesienne", starts_in=timedelta(days=60),
                           status="draft")
    cancelled = event_factory(title="Odwołane", status="cancelled")
    past = event_factory(title="Minione", starts_in=timedelta(days=-30))
    registration = add(event, "Maria Łęcka", "maria@example.org")
    detail = page_of(client.get(f"/manage/events/{event.id}/registrations/{registration.id}"))
    offered = detail.options_of("target_event")
    assert str(target.id) in offered and "Szkolenie jesienne" in offered[str(target.id)]
    assert {str(cancelled.id), str(past.id), str(event.id)}.isdisjoint(offered)

    response = client.post(f"/manage/events/{event.id}/registrations/{registration.id}/move",
                           data={"target_event": cancelled.id}, follow_redirects=True)
    assert "Choose one of the upcoming events" in flashes(response)
    assert reloaded(registration).event_id == event.id

    response = client.post(f"/manage/events/{event.id}/registrations/{registration.id}/move",
                           data={"target_event": target.id})
    assert response.headers["Location"].endswith(
        f"/manage/events/{target.id}/registrations/{registration.id}")
    assert reloaded(registration).event_id == target.id


def test_moving_someone_already_registered_there_is_refused(client, staff, event_factory):
    event = event_factory(title="Szkolenie wiosenne")
    target = event_factory(title="Szkolenie jesienne", starts_in=timedelta(days=60))
    registration = add(event, "Maria Łęcka", "maria@example.org")
    add(target, "Maria Łęcka", "maria@example.org")
    response = client.post(f"/manage/events/{event.id}/registrations/{registration.id}/move",
                           data={"target_event": target.id}, follow_redirects=True)
    assert "already registered for the event you chose" in flashes(response)
    assert reloaded(registration).event_id == event.id
    assert reloaded(registration).status == RegistrationStatus.CONFIRMED


# ---------------------------------------------------------------- adding by hand


FORM = {"full_name": "Jan Dopisany", "email": "jan@example.org", "category": "jst",
        "organisation": "Gmina Płońsk", "position": "sekretarz", "phone": "",
        "note": "Zgłoszenie telefoniczne"}


def test_staff_add_someone_after_registration_closed(client, staff, event_factory, mailbox):
    event = event_factory(registration_closes_at=utcnow() - timedelta(days=1))
    response = client.post(f"/manage/events/{event.id}/registrations/add", data=FORM,
                           follow_redirects=True)
    assert "registered and confirmed" in flashes(response)
    registration = db.session.scalar(select(Registration).where(
        Registration.email == "jan@example.org"))
    assert registration.status == RegistrationStatus.CONFIRMED and registration.added_by_staff
    assert registration.staff_note == "Zgłoszenie telefoniczne"
    assert "zaproszenie.ics" in [
        p.get_filename() for p in mailbox.last_to("jan@example.org").iter_attachments()
    ]


def test_staff_add_to_a_full_event_goes_to_the_waiting_list(client, staff, event_factory):
    event = event_factory(capacity=1)
    add(event, "Adam Pierwszy", "adam@example.org")
    response = client.post(f"/manage/events/{event.id}/registrations/add", data=FORM,
                           follow_redirects=True)
    assert "waiting list (position 1)" in flashes(response)


def test_staff_add_of_a_registered_address_is_an_error_on_the_email(client, staff,
                                                                    event_factory):
    event = event_factory()
    existing = add(event, "Jan Dopisany", "jan@example.org")
    response = client.post(f"/manage/events/{event.id}/registrations/add",
                           data={**FORM, "email": "JAN@example.org"})
    page = page_of(response)
    assert response.status_code == 200
    assert "already registered" in page.text_by_id("email-error")
    assert page.value_of("full_name") == "Jan Dopisany"
    hrefs = [e["attrs"].get("href", "") for e in page.elements
             if e["tag"] == "a" and e["parents"] and e["parents"][-1]["attrs"].get("id")
             == "existing-registration"]
    assert hrefs == [f"/manage/events/{event.id}/registrations/{existing.id}"]
    assert db.session.scalar(select(sqlalchemy.func.count()).select_from(Registration)) == 1


# ---------------------------------------------------------------- messages


def test_message_goes_to_chosen_statuses_and_picked_people_only(client, staff, event_factory,
                                                                 mailbox):
    event = event_factory(capacity=2)
    confirmed = [add(event, f"Osoba {n}", f"c{n}@example.org") for n in range(2)]
    first_waiting = add(event, "Wanda Czeka", "w1@example.org")
    add(event, "Witold Czeka", "w2@example.org")
    cancelled = add(event, "Celina Rezygnuje", "gone@example.org")
    services.cancel(cancelled)
    db.session.commit()
    other_event = event_factory(title="Inne")
    outsider = add(other_event, "Obcy", "obcy@example.org")
    mailbox.clear()
    url = f"/manage/events/{event.id}/message"
    form = page_of(client.get(url))
    assert "confirmed participants (2)" in form.content

    message = {"subject": "Zmiana sali", "body": "Spotykamy się w sali 12.\r\n\r\nDo zobaczenia!",
               "statuses": "confirmed", "registration_ids": str(first_waiting.id)}
    preview = client.post(url, data={**message, "preview": "1"})
    assert "will go to 3 people" in page_of(preview).text_by_id("preview")
    assert mailbox.messages == []

    response = client.post(url, data={**message, "send": "1"}, follow_redirects=True)
    assert "queued for 3 people" in flashes(response)
    got = sorted(m["To"] for m in mailbox.messages)
    assert got == ["c0@example.org", "c1@example.org", "w1@example.org"]
    for registration in [*confirmed, first_waiting]:
        received = mailbox.last_to(registration.email)
        assert received["Subject"] == "Zmiana sali"
        body = text_of(received)
        assert "Spotykamy się w sali 12." in body and "Do zobaczenia!" in body
        assert f"/registrations/{registration.token}" in body
        assert registration.full_name in body

    mailbox.clear()
    response = client.post(url, data={**message, "statuses": "",
                                       "registration_ids": str(outsider.id)})
    assert response.status_code == 200
    assert page_of(response).by_id("registration_ids-error") is not None
    response = client.post(url, data={**message, "statuses": "", "registration_ids": ""})
    assert page_of(response).by_id("statuses-error") is not None
    assert mailbox.messages == []
