"""The load scenarios, one locust user class each; `bench.load` runs one class at a time.

Every simulated client sends its next request as soon as the last one is answered (no
think time), so a run measures throughput at the given concurrency. What a client does
before it is measured (signing in, fetching the first ETag) is its `prepare`; the
measurement starts once every client has prepared. BENCH_FIXTURE names the JSON file
`bench.prepare` wrote (slugs, logins, search words).
"""

import itertools
import json
import os
import random
import uuid
from pathlib import Path

from gevent.event import Event
from locust import FastHttpUser, constant, task

from bench import forms

FIXTURE = json.loads(Path(os.environ["BENCH_FIXTURE"]).read_text())
LOGINS = itertools.count()
PREPARED = itertools.count(1)
ALL_PREPARED = Event()


def csrf_token(response) -> str:
    return forms.csrf_token(response.text)


class Scenario(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        """Prepare, then wait for the other clients. The last one to be ready resets the
        statistics: locust's --reset-stats resets them once the clients are started,
        before they have prepared, and 20 sign-ins (a password hash each, ~130 ms of CPU)
        would otherwise be measured as the first submits' wait."""
        self.prepare()
        if next(PREPARED) == self.environment.runner.target_user_count:
            self.environment.stats.reset_all()
            ALL_PREPARED.set()
        ALL_PREPARED.wait()

    def prepare(self) -> None:
        """What a client does before it is measured."""

    def expect(self, path: str, name: str, status: int = 200, **kwargs):
        """A GET that counts as failed unless it answers with `status`."""
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code} instead of {status}")
        return response

    def sign_in(self) -> None:
        logins = FIXTURE["logins"]
        email = logins[next(LOGINS) % len(logins)]
        form = self.client.get("/auth/login", name="sign-in form")
        self.client.post("/auth/login", name="sign-in", allow_redirects=False,
                         data=forms.login_data(csrf_token(form), email, FIXTURE["password"]))


class Ceiling(Scenario):
    @task
    def ping(self):
        self.expect("/ping", "ceiling")


class Home(Scenario):
    @task
    def home(self):
        self.expect("/", "home")


class EventsList(Scenario):
    @task
    def events(self):
        self.expect("/events/", "events list")


class EventPage(Scenario):
    @task
    def event(self):
        self.expect(f"/events/{random.choice(FIXTURE['upcoming_events'])}/", "event page")


class RegistrationSubmit(Scenario):
    """A guest opens the form and sends it (the page then says: check your inbox)."""

    request_name = "registration submit"

    def slug(self) -> str:
        return random.choice(FIXTURE["open_events"])

    @task
    def register(self):
        path = f"/events/{self.slug()}/register"
        form = self.client.get(path, name="registration form")
        data = forms.registration_data(csrf_token(form),
                                       f"gosc-{uuid.uuid4().hex}@bench.example.org")
        with self.client.post(path, data=data, name=self.request_name,
                              catch_response=True) as response:
            if response.status_code != 200 or 'name="consent_rodo"' in (response.text or ""):
                response.failure(f"status {response.status_code} or the form shown again")


class BigEventRegistrationSubmit(RegistrationSubmit):
    """The same, for the one event that already has 10,000 registrations."""

    request_name = "registration submit (big event)"

    def slug(self) -> str:
        return FIXTURE["big_event"]


class IcsFeed(Scenario):
    @task
    def feed(self):
        self.expect("/events/calendar.ics", "ICS feed")


class IcsFeedConditional(Scenario):
    """A calendar client polling with the ETag it got: nothing changed, so 304."""

    def prepare(self):
        self.etag = self.client.get("/events/calendar.ics", name="ICS feed (first)").headers[
            "ETag"]

    @task
    def feed(self):
        self.expect("/events/calendar.ics", "ICS feed 304", status=304,
                    headers={"If-None-Match": self.etag})


class ConsultationPage(Scenario):
    @task
    def consultation(self):
        self.expect(f"/consultations/{FIXTURE['consultation']}/", "consultation page")


class CommentSubmit(Scenario):
    """A signed-in resident comments on a section of the open consultation."""

    def prepare(self):
        self.sign_in()

    @task
    def comment(self):
        slug = FIXTURE["consultation"]
        section = random.choice(FIXTURE["open_sections"])
        form = self.client.get(f"/consultations/{slug}/comment?section={section}",
                               name="comment form")
        data = forms.comment_data(csrf_token(form), section)
        with self.client.post(f"/consultations/{slug}/comments", data=data, name="comment submit",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code not in (302, 303):
                response.failure(f"status {response.status_code}")


class ReportXlsx(Scenario):
    @task
    def report(self):
        self.expect(f"/consultations/{FIXTURE['reported_consultation']}/report.xlsx",
                    "report XLSX")


class DirectorySearch(Scenario):
    @task
    def search(self):
        self.expect(f"/network/?q={random.choice(FIXTURE['search_words'])}", "directory search")


API_LISTS = ("/api/v1/events", "/api/v1/consultations", "/api/v1/network/members")


class ApiLists(Scenario):
    @task
    def lists(self):
        self.expect(random.choice(API_LISTS), "API lists")


class ApiListsConditional(Scenario):
    def prepare(self):
        self.etags = {path: self.client.get(path, name="API lists (first)").headers["ETag"]
                      for path in API_LISTS}

    @task
    def lists(self):
        path = random.choice(API_LISTS)
        self.expect(path, "API lists 304", status=304, headers={"If-None-Match": self.etags[path]})
