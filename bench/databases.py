"""The benchmark's own databases: a fresh SQLite file, or a fresh database consult_bench
on the given PostgreSQL server. Never the development or test database."""

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH_DATABASE = "consult_bench"


def sqlite_bench_url(folder: Path) -> str:
    path = folder / "bench.sqlite3"
    for leftover in folder.glob("bench.sqlite3*"):
        leftover.unlink()
    return f"sqlite:///{path}"


def postgres_bench_url(server_url: str) -> str:
    """Drop and create consult_bench on the server that `server_url` points at."""
    url = make_url(server_url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {BENCH_DATABASE}"))
    engine.dispose()
    return url.set(database=BENCH_DATABASE).render_as_string(hide_password=False)
