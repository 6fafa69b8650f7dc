"""Rate limits under a burst: beyond the limit, 429 and nothing more stored or sent.

The limiter is one object configured by the last app built: each test asks for the
factories (which build the shared ``app``) before ``rate_limited``, so that the app with
the limits on is built last.

The baseline (tests/test_security_baseline.py) shows that sign-in, sign-up and password
reset answer 429 at some point. Here: exactly how much gets through a burst of event
registrations, comments and sign-ups (also when the requests arrive at the same moment),
and that spreading sign-in attempts over many addresses does not get around the limit
per account.
"""

import threading

import pytest

from consult.auth.models import User
from consult.consultations.models import Comment
from consult.core.mail import OutboxMessage
from consult.events.models import Registration
from consult.extensions import limiter
from tests.conftest import PASSWORD, REGISTRATION_FORM, free_port
from tests.security.conftest import count, signed_in
from tests.test_security_baseline import NEW_PASSWORD, in_site_layout

# Per visitor (network address): enough for a room of 30 behind one office address
# (tests/security/test_bots.py); per e-mail address or account: what one person does.
REGISTER_PER_MINUTE = 60  # consult/events/routes/public.py
REGISTER_PER_ADDRESS = 5
COMMENTS_PER_MINUTE = 10  # per account, consult/consultations/routes.py
SIGN_UPS_PER_MINUTE = 60  # consult/auth/routes/public.py
SIGN_INS_PER_ACCOUNT = 20  # per hour, whatever the address


def assert_limited(statuses: list[int], allowed: int, ok: set[int]) -> None:
    assert all(status in ok for status in statuses[:allowed]), statuses
    assert all(status == 429 for status in statuses[allowed:]), statuses


def test_a_burst_of_registrations(event_factory, mailbox, rate_limited):
    event = event_factory(capacity=100)
    client = signed_in(rate_limited)
    responses = [client.post(f"/events/{event.slug}/register", data={
        **REGISTRATION_FORM, "email": f"osoba{n}@example.org"})
        for n in range(REGISTER_PER_MINUTE + 3)]
    assert_limited([r.status_code for r in responses], REGISTER_PER_MINUTE, {200})
    assert in_site_layout(responses[-1].get_data(as_text=True))
    assert count(Registration) == REGISTER_PER_MINUTE
    assert count(OutboxMessage) == REGISTER_PER_MINUTE
    assert len(mailbox.messages) == REGISTER_PER_MINUTE


@pytest.fixture
def silent_redis(make_app):
    """Rate limits on, stored in a Redis that does not answer."""
    app = make_app(RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")  # nobody there
    yield app
    # The limiter is one shared object: it would go on counting in memory until it next
    # finds its storage alive, seconds later, and the next test's limits would miss that.
    limiter._storage_dead = False


def test_limits_hold_while_their_redis_does_not_answer(event_factory, silent_redis):
    """The limits' Redis is down: registering still works, and each process keeps
    counting in its own memory until Redis is back."""
    event = event_factory(capacity=100)
    app = silent_redis
    with app.app_context():
        client = signed_in(app)
        statuses = [client.post(f"/events/{event.slug}/register", data={
            **REGISTRATION_FORM, "email": f"osoba{n}@example.org"}).status_code
            for n in range(REGISTER_PER_MINUTE + 3)]
    assert_limited(statuses, REGISTER_PER_MINUTE, {200})
    assert count(Registration) == REGISTER_PER_MINUTE


def test_a_burst_of_comments(consultation_factory, user_factory, rate_limited):
    consultation = consultation_factory()
    client = signed_in(rate_limited, user_factory())
    statuses = [client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": "", "body": f"Uwaga numer {n}.", "on_behalf": "self"}).status_code
        for n in range(14)]
    assert_limited(statuses, COMMENTS_PER_MINUTE, {302})
    assert count(Comment) == COMMENTS_PER_MINUTE


def test_a_burst_of_sign_ups(mailbox, rate_limited):
    client = signed_in(rate_limited)
    statuses = [client.post("/auth/register", data={
        "full_name": f"Osoba {n}", "email": f"nowa{n}@example.org", "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD, "consent_rodo": "y"}).status_code
        for n in range(SIGN_UPS_PER_MINUTE + 3)]
    assert_limited(statuses, SIGN_UPS_PER_MINUTE, {200})
    assert count(User) == SIGN_UPS_PER_MINUTE
    assert len(mailbox.messages) == SIGN_UPS_PER_MINUTE


def test_sign_in_attempts_from_many_addresses_hit_the_limit_per_account(user_factory,
                                                                       rate_limited):
    """Credential stuffing from a botnet: every attempt from another address."""
    person = user_factory()
    statuses = []
    for n in range(SIGN_INS_PER_ACCOUNT + 3):
        client = rate_limited.test_client()
        statuses.append(client.post(
            "/auth/login", data={"email": person.email.upper(), "password": f"zle-{n}"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"}).status_code)
    assert_limited(statuses, SIGN_INS_PER_ACCOUNT, {200})
    # Even the right password, from an address never seen before, waits.
    client = rate_limited.test_client()
    response = client.post("/auth/login", data={"email": person.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "203.0.113.99"})
    assert response.status_code == 429
    assert client.get("/account").status_code == 302


AT_ONCE = 25


@pytest.fixture
def concurrent_app(make_app):
    """Rate limits on, and a database connection for every simultaneous request."""
    app = make_app(RATELIMIT_ENABLED=True,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_size": AT_ONCE + 5, "max_overflow": 10,
                                              "pool_pre_ping": True})
    with app.app_context():
        limiter.reset()
        yield app


def test_registrations_arriving_at_the_same_moment(event_factory, concurrent_app):
    """The counter holds when the requests race each other: exactly the limit per e-mail
    address gets an answer (one registration), the rest 429."""
    url = f"/events/{event_factory(capacity=100).slug}/register"
    barrier = threading.Barrier(AT_ONCE)
    statuses: dict[int, int] = {}

    def register(n: int) -> None:
        client = concurrent_app.test_client()
        form = {**REGISTRATION_FORM, "email": "osoba@example.org"}
        barrier.wait()
        statuses[n] = client.post(url, data=form).status_code

    threads = [threading.Thread(target=register, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == AT_ONCE
    assert sorted(statuses.values()).count(200) == REGISTER_PER_ADDRESS, statuses
    assert sorted(statuses.values()).count(429) == AT_ONCE - REGISTER_PER_ADDRESS, statuses
    assert count(Registration) == 1
