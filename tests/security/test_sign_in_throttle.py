"""Guessing a password is slowed down; the owner is never locked out (issue 18, finding 10).

A stranger who knows an address sends wrong passwords for it from many addresses (a
botnet: here ``X-Forwarded-For`` behind one trusted proxy). Past the account's allowance
every further guess must wait, longer and longer. The owner, in a browser that has signed
in to the account before, signs in all the same; in a browser that has not, they can set a
new password at any time, and that browser then signs in at once.
"""

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from consult.auth import throttle
from consult.auth.models import SignInThrottle
from consult.extensions import db, limiter
from tests.conftest import PASSWORD
from tests.security.conftest import count, rows
from tests.test_security_baseline import in_site_layout, set_cookies

FREE = throttle.ACCOUNT.free  # wrong passwords for an account before anyone must wait
PER_ADDRESS = throttle.ADDRESS.free  # … from one IP address
NEW_PASSWORD = "violet-lantern-orbits-quietly"


@pytest.fixture
def proxied(make_app, app):
    """Rate limits on, behind one trusted proxy (each request says who it is for)."""
    proxied = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    with proxied.app_context():
        limiter.reset()
        yield proxied


def attempt(client, email, password, ip):
    return client.post("/auth/login", data={"email": email, "password": password},
                       headers={"X-Forwarded-For": ip})


def stranger(app, email, n, password=None):
    """The n-th guess of the botnet: a new connection each time, from its own address."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    return attempt(client, email, password or f"zgaduje-{n}",
                   f"198.51.{100 + n // 250}.{n % 250 + 1}")


def owner_browser(app, email, ip="203.0.113.10"):
    """The owner's browser, which has signed in to the account before (and signed out)."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert attempt(client, email, PASSWORD, ip).status_code == 302
    assert client.get_cookie("known_device", path="/auth") is not None
    assert client.post("/auth/logout").status_code == 302
    return client


def wait_is_over(email=None) -> None:
    """As if the wait had passed (instead of sleeping through it)."""
    stmt = update(SignInThrottle).values(blocked_until=SignInThrottle.last_attempt_at)
    if email is not None:
        stmt = stmt.where(SignInThrottle.account == throttle.account_key(email))
    db.session.execute(stmt)
    db.session.commit()


def test_a_strangers_guesses_from_many_addresses_do_not_keep_the_owner_out(
        proxied, user_factory):
    person = user_factory()
    laptop = owner_browser(proxied, person.email)

    statuses = [stranger(proxied, person.email, n).status_code for n in range(FREE + 30)]

    # Guessing is throttled: the allowance, then only waiting.
    assert statuses[:FREE] == [200] * FREE, statuses
    assert set(statuses[FREE:]) == {429}, statuses
    # Even the right password, from a browser the account does not know, must wait ...
    assert stranger(proxied, person.email, 999, PASSWORD).status_code == 429
    # ... but the owner's own browser signs in at once, from wherever it is now.
    response = attempt(laptop, person.email, PASSWORD, "192.0.2.55")
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200


def test_the_owners_typos_in_their_own_browser_are_ordinary_errors(proxied, user_factory):
    person = user_factory()
    laptop = owner_browser(proxied, person.email)
    for n in range(FREE + 5):
        stranger(proxied, person.email, n)
    response = attempt(laptop, person.email, "literowka", "203.0.113.10")
    assert response.status_code == 200
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert attempt(laptop, person.email, PASSWORD, "203.0.113.10").status_code == 302


def test_a_known_browser_is_slowed_down_too_when_it_keeps_guessing(proxied, user_factory):
    person = user_factory()
    laptop = owner_browser(proxied, person.email)
    statuses = [attempt(laptop, person.email, f"zle-{n}", f"192.0.2.{n + 1}").status_code
                for n in range(throttle.DEVICE.free + 2)]
    assert statuses[:throttle.DEVICE.free] == [200] * throttle.DEVICE.free, statuses
    assert statuses[throttle.DEVICE.free:] == [429, 429], statuses
    # Its own guesses cost strangers' browsers nothing, nor the other way round.
    assert stranger(proxied, person.email, 1, PASSWORD).status_code == 302


def test_waiting_slows_down_and_does_not_lock(proxied, user_factory):
    person = user_factory()
    for n in range(FREE):
        stranger(proxied, person.email, n)
    response = stranger(proxied, person.email, 100)
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert in_site_layout(body)
    assert re.search(r"Too many attempts to sign in with this address\. Try again in "
                     r"(29|30) seconds\.", body)
    assert 'id="password-error"' in body
    assert 'value="' + person.email + '"' in body  # what was typed stays
    # At least the wait (Flask-Limiter may name a later moment: its own window's end).
    assert int(response.headers["Retry-After"]) >= 29

    # After the wait one more guess is checked (and counted), then a longer wait.
    wait_is_over()
    assert stranger(proxied, person.email, 101).status_code == 200
    response = stranger(proxied, person.email, 102)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 59
    assert "Try again in 1 minute." in response.get_data(as_text=True)
    # The owner, after the wait, even from a browser the account does not know.
    wait_is_over()
    assert stranger(proxied, person.email, 103, PASSWORD).status_code == 302


def test_the_waits_double_up_to_a_cap():
    rule = throttle.ACCOUNT
    waits = [rule.wait_after(n) for n in range(rule.free - 1, rule.free + 8)]
    assert waits[0] is None
    assert waits[1:6] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2),
                          timedelta(minutes=4), timedelta(minutes=8)]
    assert waits[6:] == [timedelta(minutes=15)] * 3
    assert rule.wait_after(10**6) == rule.longest_wait


def test_one_connection_gets_much_less_than_the_accounts_allowance(proxied, user_factory):
    person = user_factory()
    client = proxied.test_client()
    statuses = [attempt(client, person.email, f"zle-{n}", "198.51.100.7").status_code
                for n in range(PER_ADDRESS + 2)]
    assert statuses == [200] * PER_ADDRESS + [429, 429], statuses
    # Another connection still gets its turn: one address does not use up the account.
    assert stranger(proxied, person.email, 5).status_code == 200


SIGN_INS_PER_CONNECTION = 60  # a minute, consult/auth/routes/public.py


def test_the_limit_per_connection_of_all_sign_ins_stays(proxied, user_factory):
    """Many accounts from one address: Flask-Limiter's limit per connection."""
    people = [user_factory() for _ in range(SIGN_INS_PER_CONNECTION + 1)]
    client = proxied.test_client()
    statuses = [attempt(client, p.email, "zle", "198.51.100.8").status_code for p in people]
    assert statuses[:-1] == [200] * SIGN_INS_PER_CONNECTION and statuses[-1] == 429, statuses


def test_a_new_password_lets_the_owner_in_at_once_from_a_browser_not_known_before(
        proxied, user_factory, mailbox):
    from tests.auth.test_auth import link_in

    person = user_factory(email="ela@example.org")
    for n in range(FREE + 3):
        stranger(proxied, person.email, n)
    phone = proxied.test_client()
    ip = "203.0.113.77"
    assert attempt(phone, person.email, PASSWORD, ip).status_code == 429

    # Password reset is never held up by the guesses at the account ...
    response = phone.post("/auth/reset", data={"email": person.email},
                          headers={"X-Forwarded-For": ip})
    assert response.status_code == 200
    url = link_in(mailbox.last_to(person.email), "/auth/reset/")
    response = phone.post(url, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
                          headers={"X-Forwarded-For": ip})
    assert response.status_code == 302
    assert set_cookies(response, "known_device")
    # ... which are forgotten with the old password; and this browser is now a known one.
    assert count(SignInThrottle, SignInThrottle.account == throttle.account_key(
        person.email)) == 0
    assert attempt(phone, person.email, NEW_PASSWORD, ip).status_code == 302


def test_addresses_without_an_account_answer_the_same(proxied, user_factory):
    """Throttling does not tell which addresses have an account."""
    person = user_factory()
    real = [stranger(proxied, person.email, n).status_code for n in range(FREE + 2)]
    made_up = [stranger(proxied, "nikt-taki@example.org", n).status_code
               for n in range(FREE + 2)]
    assert real == made_up == [200] * FREE + [429, 429]


def test_no_address_is_stored(proxied, user_factory):
    person = user_factory()
    stranger(proxied, person.email, 7)
    attempt(proxied.test_client(), person.email, "zle", "192.0.2.200")
    stored = [(r.key, r.account) for r in rows(SignInThrottle, order_by=SignInThrottle.key)]
    assert len(stored) == 3  # the account, and the account with each of the two addresses
    text = repr(stored)
    for secret in (person.email, person.email.split("@")[0], "198.51.100.8", "192.0.2.200"):
        assert secret not in text


def test_a_forged_or_foreign_known_browser_cookie_is_not_trusted(proxied, make_app,
                                                                 user_factory):
    person = user_factory()
    laptop = owner_browser(proxied, person.email)
    genuine = laptop.get_cookie("known_device", path="/auth").value
    for n in range(FREE + 1):
        stranger(proxied, person.email, n)

    forged = proxied.test_client()
    forged.set_cookie("known_device", genuine + "x", path="/auth")
    assert attempt(forged, person.email, PASSWORD, "192.0.2.9").status_code == 429

    # The cookie of a browser known to another account does not help with this one.
    other = user_factory()
    colleague = owner_browser(proxied, other.email, ip="192.0.2.10")
    assert attempt(colleague, person.email, PASSWORD, "192.0.2.10").status_code == 429
    assert attempt(laptop, person.email, PASSWORD, "192.0.2.11").status_code == 302


def test_the_known_browser_cookie_is_kept_to_the_sign_in_pages(proxied, user_factory):
    person = user_factory()
    client = proxied.test_client()
    response = attempt(client, person.email, PASSWORD, "192.0.2.12")
    [cookie] = set_cookies(response, "known_device")
    attributes = {part.strip().split("=")[0].lower(): part.strip()
                  for part in cookie.split(";")[1:]}
    assert attributes["path"] == "Path=/auth"
    assert "httponly" in attributes and attributes["samesite"].lower() == "samesite=lax"


def test_a_day_without_attempts_forgets_them_and_their_rows_go(proxied, user_factory):
    person = user_factory()
    for n in range(FREE + 2):
        stranger(proxied, person.email, n)
    # The account, and each address whose attempt was counted (not the two kept waiting).
    assert count(SignInThrottle) == FREE + 1
    for row in rows(SignInThrottle, order_by=SignInThrottle.key):
        db.session.execute(update(SignInThrottle).where(SignInThrottle.key == row.key).values(
            last_attempt_at=row.last_attempt_at - throttle.FORGET_AFTER - timedelta(minutes=1),
            blocked_until=row.blocked_until - throttle.FORGET_AFTER - timedelta(minutes=1)))
    db.session.commit()

    assert stranger(proxied, person.email, 500).status_code == 200  # no wait any more
    account_row = throttle._hmac(f"account:{throttle.account_key(person.email)}")
    [account] = rows(SignInThrottle, SignInThrottle.key == account_row,
                     order_by=SignInThrottle.key)
    assert account.failures == 1  # counting starts again
    # Each attempt removes a few forgotten rows (as many as it could add, and more).
    assert count(SignInThrottle) <= FREE + 1 - throttle.PURGE_BATCH + 2
    for n in range(3):
        stranger(proxied, "someone-else@example.org", n)
    assert count(SignInThrottle, SignInThrottle.account == throttle.account_key(
        person.email)) == 2  # the account and the address of the last attempt


def test_with_rate_limits_off_nothing_is_counted(app, client, user_factory):
    person = user_factory()
    for n in range(FREE + 3):
        client.post("/auth/login", data={"email": person.email, "password": f"zle-{n}"})
    assert client.post("/auth/login", data={"email": person.email,
                                            "password": PASSWORD}).status_code == 302
    assert count(SignInThrottle) == 0


AT_ONCE = 30


@pytest.fixture
def concurrent(make_app, app):
    proxied = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1,
                       SQLALCHEMY_ENGINE_OPTIONS={"pool_size": AT_ONCE + 5, "max_overflow": 10,
                                                  "pool_pre_ping": True})
    with proxied.app_context():
        limiter.reset()
        yield proxied


def test_guesses_arriving_at_the_same_moment_get_no_more_than_the_allowance(
        concurrent, user_factory):
    email = user_factory().email
    barrier = threading.Barrier(AT_ONCE)
    statuses: dict[int, int] = {}

    def guess(n: int) -> None:
        client = concurrent.test_client()
        barrier.wait()
        statuses[n] = attempt(client, email, f"zle-{n}", f"198.51.100.{n + 1}").status_code

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == AT_ONCE
    assert sorted(statuses.values()) == [200] * FREE + [429] * (AT_ONCE - FREE), statuses
