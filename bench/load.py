"""Run one locust scenario headless from a separate process and read its figures."""

import csv
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.server import BIN

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass
class Scenario:
    name: str  # the request name the figures are read from
    user_class: str  # in bench/locustfile.py
    target_p95_ms: int | None = None


# In the order they run: the comment submits come after the consultation page, so that
# page is measured with the generated 2,000 comments.
SCENARIOS = [
    Scenario("ceiling", "Ceiling"),
    Scenario("home", "Home", 150),
    Scenario("events list", "EventsList", 150),
    Scenario("event page", "EventPage", 150),
    Scenario("ICS feed", "IcsFeed", 150),
    Scenario("ICS feed 304", "IcsFeedConditional", 150),
    Scenario("consultation page", "ConsultationPage", 300),
    Scenario("directory search", "DirectorySearch", 150),
    Scenario("API lists", "ApiLists", 150),
    Scenario("API lists 304", "ApiListsConditional", 150),
    Scenario("report XLSX", "ReportXlsx", None),
    Scenario("registration submit", "RegistrationSubmit", 250),
    Scenario("registration submit (big event)", "BigEventRegistrationSubmit", 250),
    Scenario("comment submit", "CommentSubmit", 250),
]


@dataclass
class Figures:
    scenario: str
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    target_p95_ms: int | None

    @property
    def meets_target(self) -> bool | None:
        if self.target_p95_ms is None:
            return None
        return self.p95_ms < self.target_p95_ms and self.failures == 0

    def as_dict(self) -> dict:
        return asdict(self) | {"meets_target": self.meets_target}


def _read(stats_csv: Path, scenario: Scenario) -> Figures:
    with stats_csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == scenario.name:
                return Figures(
                    scenario=scenario.name, requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]), rps=float(row["Requests/s"]),
                    p50_ms=float(row["50%"]), p95_ms=float(row["95%"]),
                    p99_ms=float(row["99%"]), target_p95_ms=scenario.target_p95_ms,
                )
    raise RuntimeError(f"locust recorded no request named {scenario.name!r}")


def run(scenario: Scenario, host: str, fixture: Path, users: int, seconds: int) -> Figures:
    """`users` clients for `seconds` (after all have started); statistics of the ramp-up
    are discarded."""
    with tempfile.TemporaryDirectory(prefix="consult-locust-") as folder:
        prefix = Path(folder) / "run"
        command = [
            str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
            "--host", host, "--users", str(users), "--spawn-rate", str(users),
            "--run-time", f"{seconds}s", "--reset-stats", "--csv", str(prefix),
            "--exit-code-on-error", "0", "--loglevel", "WARNING", scenario.user_class,
        ]
        result = subprocess.run(  # noqa: S603 - our own locust, fixed arguments
            command, env=os.environ | {"BENCH_FIXTURE": str(fixture)},
            capture_output=True, text=True, check=False,
        )
        stats = prefix.with_name("run_stats.csv")
        if result.returncode != 0 or not stats.exists():
            sys.stderr.write(result.stdout + result.stderr)
            raise RuntimeError(f"locust failed on {scenario.name} (exit {result.returncode})")
        return _read(stats, scenario)
