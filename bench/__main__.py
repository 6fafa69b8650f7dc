"""`python -m bench` (what `make bench` runs): build the data set, serve it with gunicorn,
load it scenario by scenario with locust, run the registration burst, print the table and
write the figures as JSON.

SQLite always; PostgreSQL too when a server is named by --postgres, BENCH_DATABASE_URL or
TEST_DATABASE_URL (the bench creates its own database, consult_bench, on that server).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import burst, load, report
from bench.databases import postgres_bench_url, sqlite_bench_url
from bench.server import gunicorn

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL")
                        or os.environ.get("TEST_DATABASE_URL"),
                        help="a PostgreSQL URL; the bench uses a database consult_bench there")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 4)),
                        help="gunicorn worker processes (default 4)")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 20)),
                        help="concurrent clients per scenario (default 20)")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 20)),
                        help="measured seconds per scenario (default 20)")
    parser.add_argument("--burst-clients", type=int, default=300)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--json", type=Path, help="where to write the results "
                        "(default .bench/results-<time>.json)")
    return parser.parse_args()


def _prepare(name: str, url: str, log: Path) -> tuple[Path, float]:
    fixture = WORK / f"fixture-{name}.json"
    started = time.monotonic()
    with log.open("ab") as output:
        subprocess.run(  # noqa: S603 - our own module
            [sys.executable, "-m", "bench.prepare", url, str(fixture)], cwd=ROOT,
            stdout=output, stderr=subprocess.STDOUT, check=True,
        )
    return fixture, time.monotonic() - started


def _bench_database(name: str, url: str, args: argparse.Namespace) -> dict:
    log = WORK / f"{name}.log"
    print(f"\n== {name}: generating the data set (log: {log.relative_to(ROOT)}) ==", flush=True)
    fixture, seconds = _prepare(name, url, log)
    facts = json.loads(fixture.read_text())
    print(f"   done in {seconds:.0f} s", flush=True)
    wanted = {item.strip() for item in args.only.split(",") if item.strip()}
    scenarios = [s for s in load.SCENARIOS if not wanted or s.name in wanted | {"ceiling"}]
    figures = []
    with gunicorn(url, args.workers, log) as host:
        print(f"   gunicorn with {args.workers} workers on {host}; {args.users} clients, "
              f"{args.seconds} s per scenario", flush=True)
        for scenario in scenarios:
            figures.append(load.run(scenario, host, fixture, args.users, args.seconds))
            print(f"   {report.row(figures[-1], figures[0].rps)}", flush=True)
        burst_result = None
        if not wanted or "burst" in wanted:
            burst_result = burst.run(host, facts["logins"], facts["password"],
                                     facts["burst_event"], facts["burst_seats"],
                                     args.burst_clients)
    return {"database": name, "generation_seconds": round(seconds, 1),
            "scenarios": [f.as_dict() for f in figures], "ceiling_rps": figures[0].rps,
            "burst": burst_result.as_dict() if burst_result else None}


def main() -> int:
    args = _arguments()
    WORK.mkdir(exist_ok=True)
    databases = [] if args.no_sqlite else [("sqlite", sqlite_bench_url(WORK))]
    if args.postgres:
        databases.append(("postgresql", postgres_bench_url(args.postgres)))
    run = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "commit": report.commit(ROOT),
        "settings": {"workers": args.workers, "users": args.users, "seconds": args.seconds,
                     "burst_clients": args.burst_clients,
                     "redis": bool(os.environ.get("REDIS_URL"))},
        "runs": [_bench_database(name, url, args) for name, url in databases],
    }
    output = args.json or WORK / f"results-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(run, indent=2, ensure_ascii=False))
    print(report.table(run))
    print(f"\nResults written to {output}")
    return 0 if report.all_met(run) else 1


if __name__ == "__main__":
    sys.exit(main())
