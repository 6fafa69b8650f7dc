"""Two app servers behind a load balancer, as in production (docs/operations.md, "Several
app servers behind a load balancer"): two gunicorn servers on one PostgreSQL database and
one Redis, behind Debian's nginx with an upstream of both (round robin).

The servers run the real thing: the schema built by ``flask db upgrade``, production
settings (one SECRET_KEY, REDIS_URL, TRUSTED_PROXIES=1, rate limits and CSRF on, mail kept
in the outbox). The test process seeds what the scenarios need through the app's models,
then talks HTTP only: to nginx, and to each gunicorn directly when a scenario must say
which server does what. nginx names the server that answered in an ``X-Upstream`` header.

Skipped, saying why, without PostgreSQL (TEST_DATABASE_URL), Redis or nginx (`make servers`
installs it). Under pytest-xdist the module runs in one worker (``xdist_group``, with
``--dist loadgroup``); any worker that runs it has its own database (``<name>_servers_gw0``),
Redis database (7 for gw0 or a plain run, 6 for gw1 …: the rest of the suite uses 15 down
to 8, tests/conftest.py) and ports.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
import requests
from gunicorn.config import KNOWN_SETTINGS
from redis import Redis
from redis.exceptions import RedisError

from consult import create_app
from consult.auth.models import STAFF, User
from consult.auth.services import create_user
from consult.consultations.models import Consultation, Section
from consult.core.timeutil import utcnow
from consult.events.models import Event
from consult.extensions import db
from consult.institutions.models import COUNTY, URBAN_GMINA, VOIVODESHIP, Institution
from consult.network.models import Member
from tests.conftest import PASSWORD, WORKER, free_port, fresh_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT = 90  # seconds; a busy 2-core machine starts four gunicorn workers slowly
RACE_CAPACITY, RACE_CLIENTS = 6, 16  # the seats of the raced event, and the people racing

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Seeded:
    """What the scenarios act on, in the database before the servers are used."""

    staff_email: str
    people: list[str]  # e-mail addresses of verified accounts, one per scenario or racer
    edited_event_slug: str
    edited_event_id: int
    seat_event_slug: str
    race_event_slug: str
    race_event_id: int
    consultation_slug: str
    consultation_id: int
    section_id: int
    member_id: int
    member_name: str


@dataclass
class Cluster:
    a: str  # gunicorn A, directly
    b: str  # gunicorn B, directly
    balancer: str  # nginx, round robin over A and B
    redis_url: str
    seeded: Seeded
    app: object  # an app on the servers' database, for looking at it from the test

    def server_of(self, response: requests.Response) -> str:
        """Which gunicorn answered a request made through nginx: "a" or "b"."""
        upstream = response.headers["X-Upstream"]
        return {urlsplit(self.a).netloc: "a", urlsplit(self.b).netloc: "b"}[upstream]


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def signed_in(base: str, email: str) -> requests.Session:
    """A visitor signed in through the form at ``base`` (a server, or nginx)."""
    session = requests.Session()
    form = session.get(f"{base}/auth/login", timeout=60)
    answer = session.post(f"{base}/auth/login", timeout=60, allow_redirects=False, data={
        "csrf_token": csrf_token(form.text), "email": email, "password": PASSWORD})
    assert answer.status_code == 302, f"{email} could not sign in: {answer.status_code}"
    return session


class _FormReader(HTMLParser):
    """The forms of a page: each one's action and the fields a browser would send with it,
    as the page fills them in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.fields: dict[str, str] | None = None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.fields = {}
            self.forms.append((attrs.get("action") or "", self.fields))
        if self.fields is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields[name] = attrs.get("value", "on")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs
                                                   or self._select not in self.fields):
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.fields is not None:
            self.fields[self._textarea] += data.removeprefix("\n")


def form_with(page: requests.Response, field: str) -> tuple[str, dict[str, str]]:
    """The URL the page's form with a ``field`` posts to, and what it sends as shown."""
    reader = _FormReader()
    reader.feed(page.text)
    for action, fields in reader.forms:
        if field in fields:
            return urljoin(page.url, action), fields
    raise AssertionError(f"no form with a field {field!r} on {page.url}")


# --- what must be there -------------------------------------------------------------------

def _postgresql_url() -> str:
    wanted = os.environ.get("TEST_DATABASE_URL", "")
    if not wanted.startswith("postgresql"):
        pytest.skip("two app servers need one PostgreSQL: set TEST_DATABASE_URL "
                    "(.ci/run does on its second run)")
    return wanted


def _redis_url() -> str:
    """REDIS_URL's server (or the local one), with this worker's database of its own."""
    number = 7 - int(WORKER.removeprefix("gw") or 0)
    assert number >= 0, "the two-server test has Redis databases 7 … 0: at most 8 workers"
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    url = urlunsplit((parts.scheme, parts.netloc, f"/{number}", "", ""))
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisError as exc:
        pytest.skip(f"two app servers need a Redis that answers at {url}: {exc}")
    return url


def _nginx() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)
    if found is None:
        pytest.skip("nginx is not installed: `make servers` installs Debian's package "
                    "(as root), or apt-get install nginx")
    return found


@pytest.fixture(scope="module")
def prerequisites() -> tuple[str, str, str]:
    """TEST_DATABASE_URL, this worker's Redis URL and nginx; a skip names what is missing."""
    return _postgresql_url(), _redis_url(), _nginx()


# --- the servers' database ----------------------------------------------------------------

@pytest.fixture(scope="module")
def servers_database(prerequisites):
    """An empty database of its own on the TEST_DATABASE_URL server, dropped afterwards."""
    with fresh_database(prerequisites[0], suffix=f"servers{'_' + WORKER if WORKER else ''}") as url:
        yield url


def _upgrade(environment: dict[str, str]) -> None:
    """The schema as a deployment builds it: `flask db upgrade` (migrations/)."""
    result = subprocess.run(  # noqa: S603 - our own flask, fixed arguments
        [str(BIN / "flask"), "--app", "consult", "db", "upgrade"], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"flask db upgrade failed:\n{result.stderr}"


def _seed() -> Seeded:
    """Accounts, an event to edit, one to take a seat of, one to race for, a consultation
    whose comments wait for a moderator, and a network member waiting for approval."""
    now = utcnow().replace(microsecond=0)
    staff = create_user("Anna Organizatorka", "staff@example.org", PASSWORD, role=STAFF,
                        verified=True)
    # One scrypt hash for everybody: hashing each password would take seconds.
    people = [f"osoba{n}@example.org" for n in range(RACE_CLIENTS + 4)]
    db.session.add_all(User(full_name=f"Osoba Testowa {n}", email=email,
                            password_hash=staff.password_hash, email_verified_at=now)
                       for n, email in enumerate(people))

    woj = Institution(teryt="14", name="Województwo mazowieckie", kind=VOIVODESHIP,
                      register_date=date(2024, 1, 1))
    powiat = Institution(teryt="1420", name="Powiat płoński", kind=COUNTY, parent=woj,
                         register_date=date(2024, 1, 1))
    plonsk = Institution(teryt="1420011", name="Płońsk", kind=URBAN_GMINA, parent=powiat,
                         email_domains="plonsk.pl", register_date=date(2024, 1, 1))

    def event(slug: str, title: str, capacity: int) -> Event:
        starts_at = now + timedelta(days=7)
        return Event(slug=slug, title=title, type="training", capacity=capacity,
                     starts_at=starts_at, ends_at=starts_at + timedelta(hours=6),
                     status="published", venue_name="Urząd Miasta Płońsk",
                     venue_address="ul. Płocka 39, 09-100 Płońsk")

    edited = event("szkolenie-z-budzetu", "Szkolenie z budżetu obywatelskiego", 30)
    seat = event("warsztaty-grantowe", "Warsztaty grantowe", 3)
    race = event("ostatnie-miejsca", "Ostatnie miejsca", RACE_CAPACITY)
    consultation = Consultation(
        slug="program-wspolpracy-2027", institution=plonsk, moderation="pre",
        title="Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 r.",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7),
        announced_at=now, legal_basis="Uchwała nr XII/85/2011 Rady Miejskiej w Płońsku",
        sections=[Section(position=0, level=2, number="§ 1", title="Cel główny",
                          text="Celem głównym programu jest budowanie partnerstwa.")])
    member = Member(institution=plonsk, powiat=powiat, full_name="Jadwiga Urzędnicza",
                    position="inspektorka ds. współpracy", work_email="jadwiga@plonsk.pl",
                    status="pending", full_name_visibility="public",
                    position_visibility="public", announcements_token=secrets.token_urlsafe(32))
    db.session.add_all([edited, seat, race, consultation, member])
    db.session.commit()
    return Seeded(
        staff_email=staff.email, people=people,
        edited_event_slug=edited.slug, edited_event_id=edited.id, seat_event_slug=seat.slug,
        race_event_slug=race.slug, race_event_id=race.id,
        consultation_slug=consultation.slug, consultation_id=consultation.id,
        section_id=consultation.sections[0].id, member_id=member.id,
        member_name=member.full_name)


# --- the processes ------------------------------------------------------------------------

def _wait_for(url: str, processes: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs, strict=True):
            assert process.poll() is None, f"{process.args[0]} exited:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {START_TIMEOUT} s")


# gunicorn 25 and later listen on a control socket, by default one per user (~/.gunicorn):
# two servers (and whoever else runs gunicorn) would take it from each other.
NO_CONTROL_SOCKET = (["--no-control-socket"] if any(
    setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS) else [])


def _gunicorn(port: int, environment: dict[str, str], log: Path) -> subprocess.Popen:
    """As the systemd unit of docs/operations.md runs it (gunicorn.conf.py included)."""
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--timeout", "60", "--graceful-timeout", "2", *NO_CONTROL_SOCKET,
             "consult:create_app()"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)


NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream consult {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 20m;
        location / {{
            proxy_pass http://consult;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def _nginx_process(nginx: str, directory: Path, port: int, a: int, b: int
                   ) -> subprocess.Popen:
    """nginx in the foreground with everything (pid, logs, temporary files) in
    ``directory``; as root its worker runs as nobody, as nginx always does."""
    (directory / "nginx.conf").write_text(NGINX_CONF.format(dir=directory, port=port, a=a, b=b))
    log = directory / "error.log"
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - Debian's nginx, our own configuration
            [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(log),
             "-g", "daemon off;"],
            stdout=output, stderr=subprocess.STDOUT)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(prerequisites, servers_database, tmp_path_factory):
    """The servers start while the schema is built and the data seeded (the app does no
    I/O when it is created); they are used once all three answer."""
    _, redis_url, nginx = prerequisites
    directory = tmp_path_factory.mktemp("servers")
    Redis.from_url(redis_url).flushdb()
    ports = {name: free_port() for name in ("a", "b", "balancer")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "RATELIMIT_"))},
        "DATABASE_URL": servers_database, "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(32),  # one key for both servers
        "BASE_URL": urls["balancer"], "TRUSTED_PROXIES": "1",
    }
    logs = [directory / "gunicorn-a.log", directory / "gunicorn-b.log", directory / "error.log"]
    processes = [_gunicorn(ports["a"], environment, logs[0]),
                 _gunicorn(ports["b"], environment, logs[1])]
    app = create_app({"SQLALCHEMY_DATABASE_URI": servers_database, "TESTING": True})
    try:
        processes.append(_nginx_process(nginx, directory, ports["balancer"], ports["a"],
                                        ports["b"]))
        _upgrade(environment)
        with app.app_context():
            seeded = _seed()
        for name in ("a", "b", "balancer"):
            _wait_for(urls[name], processes, logs)
        yield Cluster(a=urls["a"], b=urls["b"], balancer=urls["balancer"],
                      redis_url=redis_url, seeded=seeded, app=app)
    finally:
        _stop(processes)
        with app.app_context():
            db.engine.dispose()
        Redis.from_url(redis_url).flushdb()
