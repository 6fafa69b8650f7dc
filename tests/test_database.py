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
