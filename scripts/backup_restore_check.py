#!/usr/bin/env python3
"""Prove that a backup of the consult database can be restored and served.

Takes a fresh ``pg_dump`` of the source database (or uses a dump file you give it),
restores it into a new scratch database on the same server, runs ``flask db upgrade``
against it, asks the app (the Flask test client, in this process) for /healthz and a few
pages, compares the row counts of every table with the source, and drops the scratch
database again, whatever happened.

    .venv/bin/python scripts/backup_restore_check.py                  # DATABASE_URL
    .venv/bin/python scripts/backup_restore_check.py --dump /var/backups/consult/latest.dump
    .venv/bin/python scripts/backup_restore_check.py --source postgresql+psycopg://… --strict

Exit status 0 when the restored database works. Row counts that differ from the source are
reported; with ``--strict`` they fail the check (use it when nothing writes to the source
meanwhile, as in the test suite). Needs pg_dump, pg_restore and the right to create a
database (CREATEDB) on the server; run it from the project folder with its virtualenv.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/healthz", "/", "/events/", "/consultations/", "/network/", "/api/v1/events",
         "/api/v1/consultations", "/api/v1/network/members")


class CheckFailed(Exception):
    pass


def libpq_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, with the password in the environment
    (never on a command line that `ps` shows)."""
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    for key, value in url.query.items():  # e.g. ?sslmode=require
        if key in {"sslmode", "sslrootcert", "sslcert", "sslkey"}:
            env[f"PG{key.upper()}"] = value if isinstance(value, str) else value[0]
    return args, env


def run(command: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise CheckFailed(f"{command[0]} failed ({done.returncode}):\n{done.stderr.strip()}")


def row_counts(url: URL) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return {name: conn.execute(select(func.count()).select_from(table(name)))
                    .scalar_one() for name in names}
    finally:
        engine.dispose()


def dump(source: URL, path: Path) -> None:
    args, env = libpq_args(source)
    run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
         "--file", str(path), source.database], env)


def restore(path: Path, scratch: URL) -> None:
    args, env = libpq_args(scratch)
    run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
         "--dbname", scratch.database, str(path)], env)


def upgrade(scratch: URL) -> None:
    env = {**os.environ, "DATABASE_URL": scratch.render_as_string(hide_password=False)}
    run([sys.executable, "-m", "flask", "--app", "consult", "db", "upgrade"], env)


def serve(scratch: URL) -> None:
    """Request the pages from the app on the restored database (no mail is sent)."""
    sys.path.insert(0, str(ROOT))
    from consult import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": scratch.render_as_string(hide_password=False),
        "MAIL_SERVER": None, "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
    })
    try:
        client = app.test_client()
        for page in PAGES:
            response = client.get(page)
            print(f"GET {page}: {response.status_code}", flush=True)
            if response.status_code != 200:
                raise CheckFailed(f"GET {page} answered {response.status_code}")
        health = client.get("/healthz").get_json()
        if (health.get("status"), health.get("database")) != ("ok", "ok"):
            raise CheckFailed(f"/healthz said {health}")
    finally:
        from consult.extensions import db

        with app.app_context():
            db.engine.dispose()


def compare(source_counts: dict[str, int], restored_counts: dict[str, int],
            strict: bool) -> None:
    differing = []
    for name, count in source_counts.items():
        restored = restored_counts.get(name)
        print(f"  {name}: {count}" + ("" if restored == count else f" → {restored}"))
        if restored != count:
            differing.append(name)
    if differing:
        message = f"rows differ from the source in {', '.join(differing)}"
        if strict:
            raise CheckFailed(message)
        print(f"note: {message} (the source changed since the dump?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=os.environ.get("DATABASE_URL"),
                        help="the database backed up (default: $DATABASE_URL)")
    parser.add_argument("--dump", type=Path,
                        help="restore this pg_dump file (custom format) instead of a fresh dump")
    parser.add_argument("--scratch-name", help="name of the scratch database "
                        "(default: <source>_restore_check_<random>); it must not exist")
    parser.add_argument("--strict", action="store_true",
                        help="fail when a table's row count differs from the source")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args(argv)
    if not options.source:
        parser.error("give --source or set DATABASE_URL")
    # The app reads SECRET_KEY when it starts; without one it would write a key file into
    # instance/, which the user running the check (postgres) may not be allowed to do.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    source = make_url(options.source)
    if source.get_backend_name() != "postgresql":
        parser.error("the source must be a PostgreSQL database (postgresql+psycopg://…)")
    name = options.scratch_name or f"{source.database}_restore_check_{secrets.token_hex(4)}"
    if name == source.database:
        parser.error("the scratch database must not be the source")
    scratch = source.set(database=name)
    # CREATE and DROP DATABASE are sent over a connection to the source (any database of
    # the server would do; the source is the one we know we may connect to).
    admin = create_engine(source, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    created = False
    try:
        with tempfile.TemporaryDirectory(prefix="consult-restore-") as folder:
            path = options.dump or Path(folder) / "consult.dump"
            if options.dump is None:
                dump(source, path)
            print(f"dump: {path} ({path.stat().st_size} bytes)")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            created = True
            print(f"scratch database: {name}")
            restore(path, scratch)
        restored_counts = row_counts(scratch)
        print("rows (source → restored where they differ):")
        compare(row_counts(source), restored_counts, options.strict)
        upgrade(scratch)
        serve(scratch)
    except CheckFailed as failure:
        print(f"restore check FAILED: {failure}", file=sys.stderr)
        return 1
    except Exception:  # the app failed on the restored database: show where
        traceback.print_exc()
        print("restore check FAILED", file=sys.stderr)
        return 1
    finally:
        if created and not options.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            print(f"dropped {name}")
        admin.dispose()
    print("restore check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
