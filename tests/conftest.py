"""Fixtures: a fresh app and empty database per test, a strict SMTP server, users by role.

SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (.ci/run does that).
`make test` runs the suite in parallel with pytest-xdist (-n): each worker process gets its
own database, Redis database, SMTP server and live-server ports; the controller process runs
the Nu HTML checker once over the pages of all workers.
"""

import gc
import os
import socket
from contextlib import contextmanager
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, exists, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash

from consult import create_app
from consult.auth import models as auth_models
from consult.auth import services as auth_services
from consult.auth.models import MANAGER, USER
from consult.auth.services import create_user
from consult.extensions import db, limiter
from consult.manage.services import set_role
from tests import compiled, walks
from tests.clients.nu_pages import html_pages
from tests.mail_server import Mailbox

os.environ.setdefault("SECRET_KEY", "test-secret-key")  # before any create_app()

# "gw0", "gw1" … in the worker processes of pytest-xdist (-n); empty in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

PASSWORD = "correct-horse-battery-staple"

TEST_PASSWORD_HASH = "scrypt:1024:8:1"
"""The passwords of the tests are hashed with werkzeug's scrypt as in production, at a
32nd of its work (N = 2^10 instead of 2^15): a production hash costs about 0.1 s of CPU
by design, and the tests make and check a few thousand of them (a third of the suite's
time). The parameters are written into each hash, so checking one costs as little.
tests/test_password_hashing.py checks that the application itself still hashes at
werkzeug's full default."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A SQLite file of this test process, or TEST_DATABASE_URL; under pytest-xdist each
    worker uses a database of its own on that server (``test`` -> ``test_gw0``, …)."""
    wanted = os.environ.get("TEST_DATABASE_URL")
    if not wanted:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    elif not WORKER:
        yield wanted
    else:
        with fresh_database(wanted, suffix=WORKER) as url:
            yield url


@contextmanager
def fresh_database(server_url: str, suffix: str):
    """An empty PostgreSQL database ``<name>_<suffix>`` on the server of ``server_url``
    (the URL's own database name with the suffix), dropped afterwards; yields its URL."""
    url = make_url(server_url)
    name = f"{url.database}_{suffix}"
    server = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def redis_url():
    """A Redis database of this test process on the local Redis (.ci/run starts it): 15 in
    a plain run, 15, 14, … for the xdist workers gw0, gw1, …; tests empty it (FLUSHDB)."""
    number = 15 - int(WORKER.removeprefix("gw") or 0)
    assert number >= 0, "Redis has 16 databases: run at most 16 xdist workers"
    return f"redis://127.0.0.1:6379/{number}"


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Hash at ``TEST_PASSWORD_HASH`` in every test (see there), also the sign-in's
    stand-in hash for unknown addresses (it keeps their answer as slow as a real check)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_models, "generate_password_hash", cheap_password_hash)
        patch.setattr(auth_services, "_DUMMY_HASH",
                      cheap_password_hash("not a real password"))
        yield


def cheap_password_hash(password: str, method: str = TEST_PASSWORD_HASH,
                        salt_length: int = 16) -> str:
    return generate_password_hash(password, method=method, salt_length=salt_length)


@pytest.fixture(scope="session", autouse=True)
def shared_url_builders(request):
    """The test apps of this process share their URL-building code (tests/compiled.py)."""
    if request.config.getoption(compiled.OPTION):
        yield
    else:
        with compiled.shared_url_builders():
            yield


@pytest.fixture(scope="session")
def test_config(database_url, smtp_server, tmp_path_factory):
    controller, _mailbox = smtp_server
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_USE_TLS": False,
        "MAIL_DELIVERY": "sync",
        "MAIL_SUPPRESS_SEND": False,  # Flask-Mail would skip SMTP when TESTING
        "RATELIMIT_ENABLED": False,
        # Tests post forms at once; tests/security/test_bots.py turns the minimum time on.
        "ANTIBOT_MIN_FILL_SECONDS": 0,
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def _schema(test_config):
    app = create_app(test_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    del app
    # What is loaded by now (the application's modules and the libraries' ones) lives
    # until the end: Python's full garbage collections need no longer walk it.
    gc.collect()
    gc.freeze()


def _empty_all_tables() -> None:
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        return
    # SQLite: one query tells which tables hold rows (a test writes to a few of the ~45),
    # and only those are emptied, children first. Around the session, so the app's
    # listeners note no change (a new test starts with no table versions either).
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        used = connection.execute(select(*(exists().select_from(t) for t in tables))).one()
        for table, has_rows in zip(tables, used, strict=True):
            if has_rows:
                connection.execute(table.delete())


class IsolatedClient(FlaskClient):
    """Tests keep an app context open, and a request reuses it (Flask shares it when the
    app matches), so ``g`` would carry the signed-in user and the locale from one request
    to the next. Each request starts with an empty ``g``, as in production."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        response = super().open(*args, **kwargs)
        html_pages.keep(response)
        return response


@pytest.fixture
def make_app(request, test_config, _schema):
    """Build an app with extra settings; tables are emptied after the test."""
    apps = []

    def factory(**overrides):
        app = create_app({**test_config, **overrides})
        app.test_client_class = IsolatedClient
        if not request.config.getoption(compiled.OPTION):
            app.jinja_env.bytecode_cache = compiled.compiled_templates
        apps.append(app)
        return app

    yield factory
    for app in apps[:1]:
        with app.app_context():
            db.session.remove()
            _empty_all_tables()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def mailbox(smtp_server):
    _controller, box = smtp_server
    box.clear()
    return box


@pytest.fixture
def user_factory(app):
    counter = iter(range(1, 10_000))

    def factory(role=USER, email=None, full_name=None, password=PASSWORD, verified=True,
                institutions=()):
        n = next(counter)
        user = create_user(
            full_name or f"Osoba Testowa {n}",
            email or f"person{n}-{role}@example.org",
            password,
            verified=verified,
        )
        set_role(user, role, [inst.teryt for inst in institutions])
        db.session.commit()
        return user

    return factory


@pytest.fixture
def institution_factory(app):
    from datetime import date

    from consult.institutions.models import URBAN_GMINA, Institution

    def factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA, domains="", parent=None):
        inst = Institution(teryt=teryt, name=name, kind=kind, email_domains=domains,
                           register_date=date(2024, 1, 1), parent=parent)
        db.session.add(inst)
        db.session.commit()
        return inst

    return factory


@pytest.fixture
def login_as(client, user_factory, institution_factory):
    """Sign the test client in as a new user of the role; returns the user."""

    def login(role=USER, **kwargs):
        if role == MANAGER and "institutions" not in kwargs:
            kwargs["institutions"] = [institution_factory()]
        user = user_factory(role=role, **kwargs)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login


@pytest.fixture
def staff(client, login_as):
    """A staff member signed in on ``client``, with the interface in English."""
    user = login_as("staff", full_name="Anna Organizatorka")
    client.post("/language", data={"language": "en", "next": "/"})
    return user


@pytest.fixture
def rate_limited(make_app):
    """An app with rate limits on (they are off elsewhere), counters reset."""
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        limiter.reset()
        yield app



@pytest.fixture
def event_factory(app):
    """A published event starting in a week (UTC times), 20 seats, registration open."""
    from consult.core.timeutil import utcnow
    from consult.events.lifecycle import slugify
    from consult.events.models import Event, EventQuota, EventStatus, Question

    def factory(title="Szkolenie z programu współpracy", capacity=20, quotas=None,
                questions=(), starts_in=timedelta(days=7), duration=timedelta(hours=6),
                status=EventStatus.PUBLISHED, **fields):
        starts_at = fields.pop("starts_at", None) or utcnow().replace(microsecond=0) + starts_in
        event = Event(
            slug=fields.pop("slug", None) or slugify(title), title=title,
            type=fields.pop("type", "training"),
            starts_at=starts_at, ends_at=fields.pop("ends_at", None) or starts_at + duration,
            capacity=capacity, status=status, venue_name="Urząd Miasta Płońsk",
            venue_address="ul. Płocka 39, 09-100 Płońsk",
            quotas=[EventQuota(category=c, seats=n) for c, n in (quotas or {}).items()],
            questions=[Question(position=i, **q) for i, q in enumerate(questions)],
            **fields,
        )
        db.session.add(event)
        db.session.commit()
        return event

    return factory


@pytest.fixture
def consultation_factory(app, institution_factory):
    """An announced consultation of Płońsk, open from a day ago for another week, with
    three sections (a chapter with two paragraphs) unless ``sections`` is given."""

    from consult.consultations.models import Consultation, Section
    from consult.consultations.services import slugify
    from consult.core.timeutil import utcnow

    def factory(title="Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 r.",
                institution=None, sections=None, opens_in=timedelta(days=-1),
                closes_in=timedelta(days=7), announced=True, **fields):
        now = utcnow().replace(microsecond=0)
        consultation = Consultation(
            slug=fields.pop("slug", None) or slugify(title), title=title,
            institution=institution or institution_factory(),
            opens_at=fields.pop("opens_at", None) or now + opens_in,
            closes_at=fields.pop("closes_at", None) or now + closes_in,
            announced_at=now if announced else None,
            legal_basis=fields.pop("legal_basis", "Uchwała nr XII/85/2011 Rady Miejskiej w "
                                   "Płońsku w sprawie szczegółowego sposobu konsultowania"),
            **fields,
        )
        rows = sections if sections is not None else [
            (1, "Rozdział I", "Postanowienia ogólne", ""),
            (2, "§ 1", "Cel główny", "Celem głównym programu jest budowanie partnerstwa."),
            (2, "§ 2", "Zasady współpracy", "Współpraca opiera się na zasadzie pomocniczości."),
        ]
        consultation.sections = [
            Section(position=i, level=level, number=number, title=heading, text=text)
            for i, (level, number, heading, text) in enumerate(rows)
        ]
        db.session.add(consultation)
        db.session.commit()
        return consultation

    return factory


REGISTRATION_FORM = {
    "full_name": "Maria Łęcka",
    "email": "maria@example.org",
    "category": "ngo",
    "organisation": "Stowarzyszenie Aktywni Razem",
    "position": "prezeska",
    "phone": "",
    "needs": "",
    "consent_rodo": "y",
}


class QueryCounter:
    """Counts the SQL statements the app sends while the ``with`` block runs."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        from sqlalchemy import event

        self.statements.clear()
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    return QueryCounter(db.engine)


def forget_kept_values(app) -> None:
    """Empty the app's per-process caches (consult.caching.store), so that a query count
    measures the work of building what they keep, not of serving it kept."""
    for cache in app.extensions.get("consult.caches", {}).values():
        cache.clear()


@contextmanager
def counted_queries():
    """The SQL statements sent inside the ``with`` block, as a list."""
    with QueryCounter(db.engine) as counter:
        yield counter.statements


def pytest_addoption(parser):
    walks.add_option(parser)
    compiled.add_option(parser)


def pytest_configure(config):
    walks.configure(config)
    # Every test builds an app (tens of thousands of objects in reference cycles): at
    # Python's default (a collection every 700 new objects) the garbage collector ran
    # every few milliseconds and a full collection every few tests, a quarter of the
    # suite's CPU time. Collecting every 10,000 new objects keeps a few apps' worth of
    # garbage a little longer instead.
    gc.set_threshold(10_000, 10, 10)


def pytest_report_header(config):
    return walks.header()


def pytest_sessionfinish(session, exitstatus):
    """Every HTML page the tests received goes through the Nu HTML checker, in one run of
    it; an error in any of them fails the run (listed in the summary). A pytest-xdist
    worker hands its pages to the controller (pytest_testnodedown), which checks them all."""
    config = session.config
    if hasattr(config, "workerinput"):
        config.workeroutput["html_pages"] = html_pages.pages
        return
    config.nu_errors = html_pages.errors()
    if config.nu_errors:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist
def pytest_testnodedown(node, error):
    html_pages.pages.update(getattr(node, "workeroutput", {}).get("html_pages", {}))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    checked = len(html_pages.pages)
    errors = getattr(config, "nu_errors", [])
    if checked and not hasattr(config, "workerinput"):
        terminalreporter.section("Nu HTML checker")
        terminalreporter.line(f"{checked} distinct pages checked, {len(errors)} errors")
        for error in errors:
            terminalreporter.line(error, red=True)
