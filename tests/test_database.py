"""The schema: migrations build it on an empty database and agree with the models."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

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
