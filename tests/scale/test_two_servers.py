"""Two app servers behind nginx serve one site (issue 21, item 10; docs/operations.md,
"Several app servers behind a load balancer").

A change made through one server (an event edited, a comment published, a member
approved, a seat taken) shows at once through the other, kept page parts included; a
sign-in and its CSRF token work on both; the rate limits count the requests of both; and a
race for the last seats split between them sells no seat twice. The servers, nginx and the
data are set up in tests/scale/conftest.py.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from redis import Redis
from sqlalchemy import func, select

from consult.consultations.models import Comment
from consult.events.models import Registration
from consult.extensions import db
from tests.conftest import PASSWORD, REGISTRATION_FORM
from tests.scale.conftest import RACE_CAPACITY, RACE_CLIENTS, csrf_token, form_with, signed_in

pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("servers")]

TIMEOUT = 60  # seconds for one request on a busy machine


@pytest.fixture(autouse=True)
def _rate_limits_from_zero(cluster):
    """Every request here comes from 127.0.0.1, so the limits per connection would carry
    over from one test to the next: each test starts with Redis empty."""
    Redis.from_url(cluster.redis_url).flushdb()


def get(url: str, session=requests) -> requests.Response:
    response = session.get(url, timeout=TIMEOUT)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return response


def through_balancer(cluster, path: str) -> list[requests.Response]:
    """The page asked twice through nginx: once from each server."""
    answers = [get(f"{cluster.balancer}{path}") for _ in range(2)]
    assert {cluster.server_of(answer) for answer in answers} == {"a", "b"}
    return answers


def register(session: requests.Session, base: str, slug: str, email: str
             ) -> requests.Response:
    form = get(f"{base}/events/{slug}/register", session)
    return session.post(f"{base}/events/{slug}/register", timeout=TIMEOUT,
                        allow_redirects=False, data={
                            **REGISTRATION_FORM, "email": email,
                            "csrf_token": csrf_token(form.text)})


def test_nginx_sends_requests_to_both_servers_which_count_limits_in_redis(cluster):
    answers = [get(f"{cluster.balancer}/healthz") for _ in range(4)]
    assert [cluster.server_of(answer) for answer in answers] in (
        ["a", "b", "a", "b"], ["b", "a", "b", "a"])
    for base in (cluster.a, cluster.b):
        assert get(f"{base}/healthz").json() == {
            "status": "ok", "database": "ok", "rate_limits": "shared", "redis": "ok"}


def test_an_event_edited_through_one_server_shows_at_once_through_the_other(cluster):
    seeded = cluster.seeded
    old, new = "Szkolenie z budżetu obywatelskiego", "Budżet obywatelski od podstaw"
    pages = (f"/events/{seeded.edited_event_slug}/", "/events/")
    for base in (cluster.a, cluster.b):  # both servers keep the pages, in Redis and in memory
        for path in pages:
            assert old in get(f"{base}{path}").text

    staff = signed_in(cluster.a, seeded.staff_email)
    edit = f"/manage/events/{seeded.edited_event_id}/edit"
    action, fields = form_with(get(f"{cluster.a}{edit}", staff), "title")
    assert fields["title"] == old
    saved = staff.post(action, data={**fields, "title": new}, timeout=TIMEOUT,
                       allow_redirects=False)
    assert saved.status_code == 302, saved.status_code

    for path in pages:
        for page in (get(f"{cluster.b}{path}"), *through_balancer(cluster, path)):
            assert new in page.text and old not in page.text
    api = f"/api/v1/events/{seeded.edited_event_slug}"
    assert get(f"{cluster.b}{api}").json()["title"] == new


def test_a_comment_published_through_one_server_shows_at_once_through_the_other(cluster):
    seeded = cluster.seeded
    body = "Proponujemy dopisać małe granty do form współpracy."
    comment_form = f"/consultations/{seeded.consultation_slug}/comment?section={seeded.section_id}"
    author = signed_in(cluster.b, seeded.people[-1])
    action, fields = form_with(get(f"{cluster.b}{comment_form}", author), "body")
    assert fields["section"] == str(seeded.section_id)
    sent = author.post(action, timeout=TIMEOUT, allow_redirects=False, data={
        **fields, "body": body, "on_behalf": "self"})
    assert sent.status_code == 302, sent.status_code
    page = f"/consultations/{seeded.consultation_slug}/"
    for base in (cluster.a, cluster.b):  # waiting for a moderator; both keep the page
        assert body not in get(f"{base}{page}").text
    with cluster.app.app_context():
        comment_id = db.session.scalar(select(Comment.id).where(Comment.body == body))

    staff = signed_in(cluster.a, seeded.staff_email)
    comments = f"/manage/consultations/{seeded.consultation_id}/comments"
    token = csrf_token(get(f"{cluster.a}{comments}", staff).text)
    published = staff.post(f"{cluster.a}{comments}/{comment_id}/publish", timeout=TIMEOUT,
                           data={"csrf_token": token}, allow_redirects=False)
    assert published.status_code == 302, published.status_code

    for answer in (get(f"{cluster.b}{page}"), *through_balancer(cluster, page)):
        assert body in answer.text
    api = get(f"{cluster.b}/api/v1/consultations/{seeded.consultation_slug}").json()
    assert [comment["body"] for comment in api["comments"]] == [body]


def test_a_member_approved_through_one_server_is_listed_at_once_through_the_other(cluster):
    seeded = cluster.seeded
    profile = f"/network/{seeded.member_id}"
    for base in (cluster.a, cluster.b):  # waiting for approval; both keep the directory
        assert seeded.member_name not in get(f"{base}/network/").text
        assert requests.get(f"{base}{profile}", timeout=TIMEOUT).status_code == 404

    staff = signed_in(cluster.a, seeded.staff_email)
    member = f"/manage/network/members/{seeded.member_id}"
    token = csrf_token(get(f"{cluster.a}{member}", staff).text)
    approved = staff.post(f"{cluster.a}{member}/approve", data={"csrf_token": token},
                          timeout=TIMEOUT, allow_redirects=False)
    assert approved.status_code == 302, approved.status_code

    for answer in (get(f"{cluster.b}/network/"), *through_balancer(cluster, "/network/")):
        assert seeded.member_name in answer.text
    assert seeded.member_name in get(f"{cluster.b}{profile}").text


def test_a_seat_taken_through_one_server_shows_at_once_through_the_other(cluster):
    seeded = cluster.seeded
    api, page = (f"/api/v1/events/{seeded.seat_event_slug}",
                 f"/events/{seeded.seat_event_slug}/")
    for base in (cluster.a, cluster.b):  # both keep the page
        assert "3 wolne miejsca" in get(f"{base}{page}").text
        assert get(f"{base}{api}").json()["seats_left"] == 3

    person = signed_in(cluster.a, seeded.people[-2])
    registered = register(person, cluster.a, seeded.seat_event_slug, seeded.people[-2])
    assert registered.status_code == 302, registered.status_code

    assert get(f"{cluster.b}{api}").json()["seats_left"] == 2
    for answer in through_balancer(cluster, api):
        assert answer.json()["seats_left"] == 2
    for answer in (get(f"{cluster.b}{page}"), *through_balancer(cluster, page)):
        assert "2 wolne miejsca" in answer.text


def test_a_sign_in_and_its_csrf_token_work_on_both_servers(cluster):
    seeded, visitor = cluster.seeded, requests.Session()
    form = get(f"{cluster.balancer}/auth/login", visitor)
    signed = visitor.post(f"{cluster.balancer}/auth/login", timeout=TIMEOUT,
                          allow_redirects=False, data={
                              "csrf_token": csrf_token(form.text),
                              "email": seeded.people[-3], "password": PASSWORD})
    assert signed.status_code == 302
    assert cluster.server_of(signed) != cluster.server_of(form)
    accounts = [get(f"{cluster.balancer}/account", visitor) for _ in range(2)]
    assert {cluster.server_of(account) for account in accounts} == {"a", "b"}
    assert all(seeded.people[-3] in account.text for account in accounts)

    registration_form = get(f"{cluster.balancer}/events/{seeded.edited_event_slug}/register",
                            visitor)
    registered = visitor.post(
        f"{cluster.balancer}/events/{seeded.edited_event_slug}/register", timeout=TIMEOUT,
        allow_redirects=False, data={**REGISTRATION_FORM, "email": seeded.people[-3],
                                     "csrf_token": csrf_token(registration_form.text)})
    assert cluster.server_of(registered) != cluster.server_of(registration_form)
    assert registered.status_code == 302
    assert "/registrations/" in registered.headers["Location"]

    # A token this session was not given is refused by either server; its own token signs
    # it out on both.
    token = csrf_token(get(f"{cluster.a}/account", visitor).text)
    for base in (cluster.a, cluster.b):
        refused = visitor.post(f"{base}/auth/logout", data={"csrf_token": "x" + token[1:]},
                               timeout=TIMEOUT, allow_redirects=False)
        assert refused.status_code == 400
    assert seeded.people[-3] in get(f"{cluster.b}/account", visitor).text
    signed_out = visitor.post(f"{cluster.b}/auth/logout", data={"csrf_token": token},
                              timeout=TIMEOUT, allow_redirects=False)
    assert signed_out.status_code == 302
    for base in (cluster.a, cluster.b):
        account = visitor.get(f"{base}/account", timeout=TIMEOUT, allow_redirects=False)
        assert account.status_code == 302 and "/auth/login" in account.headers["Location"]


def test_the_sign_in_limit_per_connection_counts_the_attempts_on_both_servers(cluster):
    """60 failed sign-ins a minute from one address (Flask-Limiter, in Redis): spread over
    both servers they reach the limit, and the next attempt is refused on either."""
    visitor = requests.Session()
    token = csrf_token(get(f"{cluster.a}/auth/login", visitor).text)
    remaining = []
    for n in range(60):
        base = (cluster.a, cluster.b)[n % 2]
        # The first few are wrong passwords; the rest leave the password out (no hashing).
        password = f"zgadywane-haslo-{n}" if n < 4 else ""
        failed = visitor.post(f"{base}/auth/login", timeout=TIMEOUT, allow_redirects=False,
                              data={"csrf_token": token, "email": f"ktos{n}@example.org",
                                    "password": password})
        assert failed.status_code == 200, failed.status_code  # the form again, with the error
        remaining.append(int(failed.headers["X-RateLimit-Remaining"]))
    assert remaining == list(range(remaining[0], remaining[0] - 60, -1))
    for base in (cluster.a, cluster.b):
        refused = visitor.post(f"{base}/auth/login", timeout=TIMEOUT, allow_redirects=False,
                               data={"csrf_token": token, "email": cluster.seeded.people[0],
                                     "password": PASSWORD})
        assert refused.status_code == 429


def test_wrong_passwords_for_one_account_count_on_both_servers(cluster):
    """Guessing one account's password (consult/auth/throttle.py, in PostgreSQL): five
    wrong passwords spread over both servers, then even the right one must wait."""
    visitor, email = requests.Session(), cluster.seeded.people[-4]
    token = csrf_token(get(f"{cluster.b}/auth/login", visitor).text)
    for n in range(5):
        wrong = visitor.post(f"{(cluster.a, cluster.b)[n % 2]}/auth/login", timeout=TIMEOUT,
                             allow_redirects=False, data={
                                 "csrf_token": token, "email": email,
                                 "password": f"zgadywane-haslo-{n}"})
        assert wrong.status_code == 200
    waits = visitor.post(f"{cluster.b}/auth/login", timeout=TIMEOUT, allow_redirects=False,
                         data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert waits.status_code == 429 and "Retry-After" in waits.headers


def test_a_race_for_the_last_seats_split_over_both_servers_sells_each_seat_once(cluster):
    seeded = cluster.seeded
    slug, people = seeded.race_event_slug, seeded.people[:RACE_CLIENTS]
    servers = [(cluster.a, cluster.b)[n % 2] for n in range(RACE_CLIENTS)]

    def ready(n: int) -> tuple[requests.Session, str]:
        """Signed in and holding the form's token, on the server that will get the POST."""
        session = signed_in(servers[n], people[n])
        return session, csrf_token(get(f"{servers[n]}/events/{slug}/register", session).text)

    with ThreadPoolExecutor(max_workers=4) as pool:
        clients = list(pool.map(ready, range(RACE_CLIENTS)))
    barrier, answers = threading.Barrier(RACE_CLIENTS), [None] * RACE_CLIENTS

    def race(n: int) -> None:
        session, token = clients[n]
        barrier.wait()
        answers[n] = session.post(
            f"{servers[n]}/events/{slug}/register", timeout=TIMEOUT, allow_redirects=False,
            data={**REGISTRATION_FORM, "email": people[n], "csrf_token": token})

    threads = [threading.Thread(target=race, args=(n,)) for n in range(RACE_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [302] * RACE_CLIENTS
    statuses = [get(f"{cluster.balancer}{answer.headers['Location']}.json").json()["status"]
                for answer in answers]
    assert sorted(statuses) == (["confirmed"] * RACE_CAPACITY
                                + ["waitlisted"] * (RACE_CLIENTS - RACE_CAPACITY))
    for base in (cluster.a, cluster.b):
        event = get(f"{base}/api/v1/events/{slug}").json()
        assert (event["seats_left"], event["waitlist_length"]) == (
            0, RACE_CLIENTS - RACE_CAPACITY)
    with cluster.app.app_context():
        counts = dict(db.session.execute(
            select(Registration.status, func.count()).where(
                Registration.event_id == seeded.race_event_id).group_by(Registration.status)
        ).all())
    assert counts == {"confirmed": RACE_CAPACITY, "waitlisted": RACE_CLIENTS - RACE_CAPACITY}
