"""The schema (migrations build it on an empty database and agree with the models), and
when PostgreSQL transactions begin."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from consult import create_app
from consult.core.models import include_in_migrations
from consult.extensions import db


def test_suite_runs_on_the_requested_database(app):
    """In CI's second run the suite must really talk to PostgreSQL."""
    wanted = os.environ.get("TEST_DATABASE_URL")
    expected = make_url(wanted).get_backend_name() if wanted else "sqlite"
    assert db.engine.dialect.name == expected


@pytest.fixture
def empty_database(tmp_path, database_url):
    """A brand-new empty database of the same kind as the suite's."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"consult_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_build_the_schema_that_the_models_describe(empty_database, test_config):
    app = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True,
                            "include_object": include_in_migrations}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == [], f"models and migrations differ: {differences}"


def test_upgrade_keeps_the_organisation_people_last_commented_for(empty_database, test_config):
    """The comment form used to look it up among the person's comments; the account now
    holds it, filled in from the comments the database already has."""
    app = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    at = {"at": "2026-11-01 10:00:00"}
    with app.app_context():
        upgrade(revision="9b3eefac2fc2")
        with db.engine.begin() as conn:
            for user_id in (1, 2):
                conn.execute(text(
                    "INSERT INTO users (id, email, full_name, search_name, password_hash, role,"
                    " session_version, created_at, updated_at) VALUES"
                    " (:id, :email, 'U', 'u', 'x', 'user', 1, :at, :at)"),
                    {"id": user_id, "email": f"u{user_id}@example.org", **at})
            conn.execute(text(
                "INSERT INTO institutions (id, teryt, name, search_name, kind, email_domains,"
                " register_date, in_register, created_at, updated_at) VALUES"
                " (1, '1465011', 'Warszawa', 'warszawa', 'gmina', '', '2026-01-01', true,"
                " :at, :at)"), at)
            conn.execute(text(
                "INSERT INTO consultations (id, slug, institution_id, title, kind, summary,"
                " legal_basis, participation, moderation, opens_at, closes_at,"
                " close_time_given, contact_name, contact_email, contact_phone, report_forms,"
                " report_conclusion, report_prepared_by, final_note, created_at, updated_at)"
                " VALUES (1, 'p', 1, 'P', 'programme', '', '', 'everyone', 'post', :at, :at,"
                " false, '', '', '', '', '', '', '', :at, :at)"), at)
            for comment_id, on_behalf, name, krs in (
                    (1, "organisation", "Fundacja Pierwsza", None),
                    (2, "organisation", "Stowarzyszenie Drugie", "0000123456"),
                    (3, "self", None, None)):
                conn.execute(text(
                    "INSERT INTO consultation_comments (id, consultation_id, author_id,"
                    " show_name, on_behalf, organisation_name, organisation_krs, body,"
                    " proposed_text, justification, status, submitted_at, decision_text,"
                    " created_at, updated_at) VALUES (:id, 1, 1, false, :on_behalf, :name,"
                    " :krs, 'b', '', '', 'published', :at, '', :at, :at)"),
                    {"id": comment_id, "on_behalf": on_behalf, "name": name, "krs": krs, **at})
        upgrade()
        with db.engine.connect() as conn:
            remembered = conn.execute(text(
                "SELECT id, comment_organisation_name, comment_organisation_krs FROM users"
                " ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in remembered] == [
        (1, "Stowarzyszenie Drugie", "0000123456"), (2, None, None)]


def test_dropping_the_lock_version_keeps_events_and_their_registrations(empty_database,
                                                                        test_config):
    """On SQLite a batch migration copies the table and drops the old one, which with
    foreign keys on would delete every registration (migrations/env.py turns them off
    meanwhile, and on again for the app afterwards)."""
    from consult.core.timeutil import utcnow
    from consult.events.models import Event, Registration

    app = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        starts_at = utcnow().replace(microsecond=0)
        event = Event(slug="szkolenie", title="Szkolenie", type="training",
                      starts_at=starts_at, ends_at=starts_at, capacity=10, status="published")
        db.session.add(event)
        db.session.flush()
        db.session.add(Registration(event_id=event.id, full_name="Anna Nowak", category="ngo",
                                    email="anna@example.org", status="confirmed",
                                    token="t" * 43, checkin_code="c" * 32))
        db.session.commit()
        db.session.remove()
        downgrade(revision="be8ba655c43e")  # the column comes back, 0 for every event
        upgrade()
        with db.engine.connect() as conn:
            columns = {column["name"] for column in inspect(conn).get_columns("events")}
            registrations = conn.execute(text(
                "SELECT e.slug, r.full_name FROM registrations r"
                " JOIN events e ON e.id = r.event_id")).all()
            foreign_keys = (conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
                            if conn.dialect.name == "sqlite" else 1)
        db.engine.dispose()
    assert "lock_version" not in columns
    assert foreign_keys == 1
    assert [tuple(row) for row in registrations] == [("szkolenie", "Anna Nowak")]


# --- How statements meet the driver --------------------------------------------------


def test_the_driver_s_methods_are_its_own(app):
    """Issue 21: nothing replaces the dialect's ping, commit or rollback."""
    assert not {"do_ping", "do_commit", "do_rollback"} & vars(db.engine.dialect).keys()


def _transaction_status():
    from psycopg.pq import TransactionStatus

    status = db.session.connection().connection.driver_connection.info.transaction_status
    return TransactionStatus(status).name


def test_by_default_reads_run_in_the_request_s_transaction(app):
    from consult.events.models import Event

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the setting changes nothing on SQLite")
    db.session.scalars(select(Event.title)).all()
    assert _transaction_status() == "INTRANS"


def _registration(event, email: str):
    from consult.events.models import Registration

    return Registration(event_id=event.id, full_name="Anna Nowak", category="ngo", email=email,
                        status="confirmed", token=uuid.uuid4().hex, checkin_code=uuid.uuid4().hex)


def _emails() -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT email FROM registrations ORDER BY email")).scalars())


@pytest.mark.usefixtures("app")
class TestReadsOutsideTransactions:
    """DATABASE_READS_OUTSIDE_TRANSACTIONS (PostgreSQL): a transaction starts at its first
    write."""

    @pytest.fixture
    def app(self, make_app):
        app = make_app(DATABASE_READS_OUTSIDE_TRANSACTIONS=True)
        with app.app_context():
            if db.engine.dialect.name != "postgresql":
                pytest.skip("PostgreSQL only: on SQLite a transaction begins at the first "
                            "write anyway")
            yield app

    def test_reads_hold_no_transaction_and_writes_are_still_all_or_nothing(self,
                                                                          event_factory):
        from consult.events.models import Event

        event = event_factory()
        db.session.scalars(select(Event.title)).all()
        assert _transaction_status() == "IDLE"  # nothing held open between reads
        db.session.add(_registration(event, "a@example.org"))
        db.session.flush()
        db.session.add(_registration(event, "b@example.org"))
        db.session.flush()
        db.session.scalars(select(Event.title)).all()
        assert _transaction_status() == "INTRANS"
        db.session.rollback()
        assert _emails() == []

        db.session.add(_registration(event, "c@example.org"))
        db.session.commit()
        db.session.scalars(select(Event.title)).all()
        assert _transaction_status() == "IDLE"  # after the commit, reads are outside again
        db.session.add(_registration(event, "d@example.org"))
        db.session.flush()
        db.session.rollback()
        assert _emails() == ["c@example.org"]

    def test_select_for_update_holds_its_lock_until_the_commit(self, event_factory,
                                                               database_url):
        from consult.events.models import Event

        event = event_factory()
        db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update()).one()
        other = create_engine(database_url)
        try:
            with other.connect() as conn, pytest.raises(OperationalError, match="lock"):
                conn.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE NOWAIT"),
                             {"id": event.id})
            db.session.commit()
            with other.connect() as conn:
                assert conn.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE NOWAIT"),
                                    {"id": event.id}).scalar() == event.id
        finally:
            other.dispose()

    def test_a_connection_asked_for_autocommit_keeps_it(self):
        """VACUUM (the benchmark's data set, operations) cannot run in a transaction; once
        the connection is back in the pool, its reads are outside transactions again."""
        from consult.events.models import Event

        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE table_versions")
        db.session.scalars(select(Event.title)).all()
        assert _transaction_status() == "IDLE"


def test_people_waiting_from_before_the_short_holds_keep_their_place(empty_database,
                                                                   test_config):
    """Issue 18: freed seats now go only to confirmed addresses and unconfirmed waiting
    entries lapse; a guest waiting from before was told the seat would come by itself, so
    the upgrade takes their address as confirmed. Nobody else's status changes."""
    from consult.core.timeutil import utcnow
    from consult.events.models import Event, Registration

    app = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        starts_at = utcnow().replace(microsecond=0)
        event = Event(slug="szkolenie", title="Szkolenie", type="training",
                      starts_at=starts_at, ends_at=starts_at, capacity=1, status="published")
        db.session.add(event)
        db.session.flush()
        for name, status in (("Czeka", "waitlisted"), ("Trzyma", "pending")):
            db.session.add(Registration(
                event_id=event.id, full_name=name, category="ngo", status=status,
                email=f"{status}@example.org", token=status * 5, checkin_code=status * 3))
        db.session.commit()
        db.session.remove()
        downgrade(revision="5e55a0d1e001")
        upgrade()
        with db.engine.connect() as conn:
            confirmed = dict(conn.execute(text(
                "SELECT full_name, email_confirmed_at IS NOT NULL FROM registrations")).all())
        db.engine.dispose()
    assert confirmed == {"Czeka": True, "Trzyma": False}
