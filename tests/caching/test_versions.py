"""Table versions (consult.caching.versions) and the public fragments cached under them:
every kind of change shows on the next page view, and nothing personal is ever cached."""

import re
from datetime import timedelta

from sqlalchemy import delete, update

from consult.caching import declarations
from consult.caching.versions import versions
from consult.core.mail import OutboxMessage, deliver
from consult.core.timeutil import utcnow
from consult.events import queries, services
from consult.events.models import Event, EventQuota, EventStatus, Registration
from consult.extensions import db
from consult.institutions.models import Institution
from consult.network.models import Member, Topic

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def register(event, email):
    services.register(event, services.RegistrationData(
        full_name="Anna Nowak", email=email, category="ngo"), staff=object())
    db.session.commit()


def test_a_commit_gives_only_the_changed_tables_new_versions(app, event_factory):
    before = versions((Event, Institution))
    event_factory()
    after = versions((Event, Institution))
    assert after[0] != before[0]
    assert after[1] == before[1]


def test_a_rolled_back_change_keeps_the_versions(app, event_factory):
    event = event_factory()
    before = versions((Event,))
    event.title = "Zmieniony tytuł"
    db.session.flush()
    db.session.rollback()
    assert versions((Event,)) == before


def test_statements_and_database_cascades_count_as_changes(app, event_factory):
    event = event_factory()
    register(event, "anna@example.org")
    before = versions((Event, Registration))
    db.session.execute(update(Event).where(Event.id == event.id).values(title="Nowy"))
    db.session.commit()
    changed = versions((Event, Registration))
    assert changed[0] != before[0] and changed[1] == before[1]
    # Deleting the event deletes its registrations in the database (ON DELETE CASCADE).
    db.session.execute(delete(Event).where(Event.id == event.id))
    db.session.commit()
    assert versions((Registration,))[0] != changed[1]


def test_cache_bump_gives_every_table_a_new_version(app):
    before = versions((Event, Member, Topic))
    result = app.test_cli_runner().invoke(args=["cache", "bump"])
    assert result.exit_code == 0, result.output
    with app.app_context():  # as the next request would read them
        after = versions((Event, Member, Topic))
    assert all(old != new for old, new in zip(before, after, strict=True))


def seats_badge(client) -> str:
    return re.search(r'badge-ok">([^<]+)<', client.get("/events/").get_data(as_text=True))[1]


def test_the_events_list_follows_registrations_and_edits_at_once(client, event_factory):
    event = event_factory(capacity=3)
    assert seats_badge(client) == "3 wolne miejsca"
    register(event, "anna@example.org")
    assert seats_badge(client) == "2 wolne miejsca"
    event.quotas = [EventQuota(category="ngo", seats=2)]
    event.title = "Szkolenie po zmianie"
    db.session.commit()
    assert "Szkolenie po zmianie" in client.get("/events/").get_data(as_text=True)
    event.status = EventStatus.CANCELLED
    db.session.commit()
    assert "anulowane" in client.get("/events/").get_data(as_text=True)


def test_time_dependent_lists_are_at_most_a_minute_old(client, event_factory, monkeypatch):
    event_factory(title="Kończy się zaraz", starts_in=timedelta(hours=-1),
                  duration=timedelta(hours=1, seconds=30))
    assert "Kończy się zaraz" in client.get("/events/").get_data(as_text=True)
    later = utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(declarations, "utcnow", lambda: later)
    monkeypatch.setattr(queries, "utcnow", lambda: later)
    assert "Kończy się zaraz" not in client.get("/events/").get_data(as_text=True)
    assert "Kończy się zaraz" not in client.get("/").get_data(as_text=True)


def test_cached_fragments_hold_nothing_personal(client, login_as, event_factory):
    """The cached parts are the same for everyone; the page around them is each visitor's:
    their own CSRF token, their own menu."""
    event_factory()
    login_as("staff")
    pages = {path: client.get(path).get_data(as_text=True) for path in ("/", "/events/",
                                                                        "/network/")}
    other = client.application.test_client()  # the same process: the same cached fragments
    for path, signed_in in pages.items():
        anonymous = other.get(path).get_data(as_text=True)
        assert 'action="/auth/logout"' in signed_in, path
        assert 'action="/auth/logout"' not in anonymous and "/manage/" not in anonymous, path
        assert CSRF.search(anonymous)[1] != CSRF.search(signed_in)[1], path


def test_an_event_page_cached_for_staff_is_not_shown_to_others(client, login_as, event_factory):
    draft = event_factory(title="Szkic szkolenia", status="draft")
    login_as("staff")
    assert "Szkic szkolenia" in client.get(f"/events/{draft.slug}/").get_data(as_text=True)
    assert client.application.test_client().get(f"/events/{draft.slug}/").status_code == 404


def test_an_event_page_follows_registrations_at_once(client, event_factory):
    event = event_factory(capacity=2)
    assert "2 wolne miejsca" in client.get(f"/events/{event.slug}/").get_data(as_text=True)
    register(event, "anna@example.org")
    assert "1 wolne miejsce" in client.get(f"/events/{event.slug}/").get_data(as_text=True)


def test_the_registration_form_is_cached_blank_and_follows_new_questions(client, login_as,
                                                                       event_factory):
    from consult.events.models import Question

    event = event_factory()
    path = f"/events/{event.slug}/register"
    first = client.get(path).get_data(as_text=True)
    second = client.application.test_client().get(path).get_data(as_text=True)
    assert 'name="full_name"' in first and 'name="consent_rodo"' in second
    assert CSRF.search(first)[1] != CSRF.search(second)[1]  # each visitor's own token
    event.questions.append(Question(position=0, kind="text", label="Skąd wiesz o szkoleniu?"))
    db.session.commit()
    assert "Skąd wiesz o szkoleniu?" in client.get(path).get_data(as_text=True)
    event.questions[0].label = "Skąd się dowiedziałaś?"
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Skąd się dowiedziałaś?" in page and "Skąd wiesz o szkoleniu?" not in page
    person = login_as("user")
    signed_in = client.get(path).get_data(as_text=True)
    assert f'value="{person.email}"' in signed_in  # their own details, not the blank form


def test_the_blank_registration_form_follows_the_event(client, event_factory):
    """The form's heading is cached for people who are not signed in, and each event asks
    only its own questions (the fields are cached per set of questions)."""
    asked = event_factory(title="Szkolenie z budżetu",
                          questions=[{"kind": "text", "label": "Pytanie o budżet",
                                      "required": True}])
    plain = event_factory(title="Szkolenie z ustawy")
    path = f"/events/{asked.slug}/register"
    assert "Zapisy: Szkolenie z budżetu" in client.get(path).get_data(as_text=True)
    asked.title = "Szkolenie z budżetu obywatelskiego"
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert "<h1>Zapisy: Szkolenie z budżetu obywatelskiego</h1>" in page
    other = event_factory(title="Szkolenie z konsultacji")
    for event in (plain, other):  # the same cached fields, each event's own sign-in link
        form = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
        assert "Pytanie o budżet" not in form and 'name="consent_rodo"' in form
        assert f"next=/events/{event.slug}/register" in form.replace("%2F", "/")
    token = CSRF.search(page)[1]
    answer = client.post(f"/events/{plain.slug}/register", data={
        "csrf_token": token, "full_name": "Anna Nowak", "email": "anna@example.org",
        "category": "resident", "consent_rodo": "y"})
    assert answer.status_code == 200 and 'name="consent_rodo"' not in answer.get_data(
        as_text=True)


def test_the_cached_menu_marks_the_page_in_the_visitor_s_language(client):
    """The menus are cached per language and page: each page marks its own item."""
    events = client.get("/events/").get_data(as_text=True)
    assert '<a href="/events/" aria-current="page">Szkolenia i spotkania</a>' in events
    consultations = client.get("/consultations/").get_data(as_text=True)
    assert '<a href="/consultations/" aria-current="page">' in consultations
    assert '<a href="/events/" aria-current="page">' not in consultations
    client.set_cookie("lang", "en")
    english = client.get("/events/").get_data(as_text=True)
    assert '<a href="/events/" aria-current="page">Trainings and meetings</a>' in english
    assert "Szkolenia i spotkania" not in english


def test_an_event_page_changes_exactly_when_registration_opens(client, event_factory,
                                                               monkeypatch):
    """The page is cached until the next moment it changes by itself, not for a minute."""
    from tests.conftest import counted_queries

    opens_at = utcnow().replace(microsecond=0) + timedelta(seconds=30)
    event = event_factory(registration_opens_at=opens_at)
    path = f"/events/{event.slug}/"
    assert "Zapisy rozpoczną się" in client.get(path).get_data(as_text=True)
    for moment in (opens_at - timedelta(seconds=1), opens_at):
        monkeypatch.setattr(declarations, "utcnow", lambda moment=moment: moment)
        monkeypatch.setattr(services, "utcnow", lambda moment=moment: moment)
        page = client.get(path).get_data(as_text=True)
    assert "Zapisy rozpoczną się" not in page and f"/events/{event.slug}/register" in page
    later = opens_at + timedelta(minutes=5)  # nothing changes by itself until the start
    monkeypatch.setattr(declarations, "utcnow", lambda: later)
    with counted_queries() as statements:
        assert f"/events/{event.slug}/register" in client.get(path).get_data(as_text=True)
    assert not any("agenda_items" in statement for statement in statements)  # cached


def test_changes_are_counted_on_the_application_s_session_not_on_every_session(app):
    """The app factory registers the listeners on its own session, once; other sessions of
    the process (another library's, say) are left alone."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from consult.caching import versions as changes

    for name, listener in (("after_flush", changes._after_flush),
                           ("before_commit", changes._before_commit)):
        assert event.contains(db.session, name, listener)
        assert not event.contains(Session, name, listener)


def test_a_delivery_gives_the_outbox_a_new_version(app, mailbox):
    """Delivery runs in a session of its own, after the request's commit; its change of a
    message's status still counts as a change of outbox_messages."""
    message = OutboxMessage(recipient="anna@example.org", subject="Temat", text_body="Treść.",
                            html_body="<p>Treść.</p>")
    db.session.add(message)
    db.session.commit()
    before = versions((OutboxMessage,))
    assert deliver(message.id)
    assert versions((OutboxMessage,)) != before
    assert mailbox.last_to("anna@example.org")
