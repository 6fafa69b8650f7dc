"""The printed table, the commit id and the verdict of a run."""

import subprocess
from pathlib import Path

from bench.load import Figures

HEADER = (f"{'scenario':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}{'of ceiling':>12}{'p95 target':>12}")


def _verdict(target: int | None, met: bool | None) -> str:
    if target is None:
        return "—"
    return f"<{target} {'ok' if met else 'MISSED'}"


def row(figures: Figures | dict, ceiling_rps: float) -> str:
    f = figures.as_dict() if isinstance(figures, Figures) else figures
    share = f["rps"] / ceiling_rps if ceiling_rps else 0.0
    return (f"{f['scenario']:<22}{f['rps']:>9.1f}{f['p50_ms']:>9.0f}{f['p95_ms']:>9.0f}"
            f"{f['p99_ms']:>9.0f}{f['failures']:>8}{share:>11.1%} "
            f"{_verdict(f['target_p95_ms'], f['meets_target']):>11}")


def _burst_lines(result: dict) -> list[str]:
    expected = f"{result['seats']} / {result['clients'] - result['seats']} / 0"
    return [
        f"registration burst: {result['clients']} clients at once for {result['seats']} seats",
        f"  confirmed / waiting / failed: {result['confirmed']} / {result['waiting']} / "
        f"{result['failed']} (expected {expected}: "
        f"{'ok' if result['as_expected'] else 'NOT AS EXPECTED'})",
        f"  event afterwards: seats left {result['seats_left']}, waiting list "
        f"{result['waitlist_length']}",
        f"  latency: p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
        f"max {result['max_ms']:.0f} ms",
    ]


def table(run: dict) -> str:
    settings = run["settings"]
    lines = []
    for result in run["runs"]:
        lines += ["", f"{result['database']}: {settings['workers']} gunicorn workers, "
                      f"{settings['users']} concurrent clients, {settings['seconds']} s per "
                      f"scenario, {run['machine']['cpus']} CPUs, "
                      f"{'Redis' if settings.get('redis') else 'no Redis'}", HEADER]
        lines += [row(f, result["ceiling_rps"]) for f in result["scenarios"]]
        if result["burst"]:
            lines += [""] + _burst_lines(result["burst"])
    return "\n".join(lines)


def all_met(run: dict) -> bool:
    """Targets are for PostgreSQL; the burst must be exact on every database."""
    for result in run["runs"]:
        if result["burst"] and not result["burst"]["as_expected"]:
            return False
        if result["database"] == "postgresql" and any(
                f["meets_target"] is False for f in result["scenarios"]):
            return False
    return True


def commit(root: Path) -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,  # noqa: S607
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() or "unknown"
