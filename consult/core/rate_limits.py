"""Where the rate limits count, and making a count per process impossible to miss.

The limits (sign-in, sign-up, registration, comments …) count in the Redis of REDIS_URL,
shared by every worker of every machine. Without it each gunicorn worker counts in its own
memory, so with 4 workers a guesser gets about 4 times the tries (an audit got 38 of 120
wrong passwords through instead of 10). Hence:

- ``gunicorn.conf.py`` refuses to start more than one worker without REDIS_URL, unless
  RATELIMIT_ALLOW_PER_PROCESS says the operator accepts it (:func:`multi_worker_refusal`);
- the application logs a WARNING when it starts counting per process, except in tests and
  debug mode (:func:`warn_if_per_process`);
- ``/healthz`` says where the limits count, and whether Redis answers
  (:func:`rate_limit_health`): with REDIS_URL set but Redis down, Flask-Limiter falls back
  to each process's memory until Redis is back.
"""

import logging

from consult.extensions import limiter

log = logging.getLogger(__name__)

SHARED, PER_PROCESS, OFF = "shared", "per-process", "off"


def counts_per_process(config) -> bool:
    """The limits are on and counted in the process's memory (no Redis configured)."""
    return bool(config.get("RATELIMIT_ENABLED", True)) and str(
        config.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://")


def multi_worker_refusal(workers: int, config) -> str | None:
    """Why ``workers`` gunicorn workers must not start with this configuration, or None."""
    if workers <= 1 or not counts_per_process(config):
        return None
    if config.get("RATELIMIT_ALLOW_PER_PROCESS"):
        return None
    return (f"{workers} workers without REDIS_URL: each worker would count the rate limits "
            f"on its own (up to {workers} times the sign-in attempts). Set REDIS_URL, run "
            "one worker, or set RATELIMIT_ALLOW_PER_PROCESS=1 to accept per-process limits.")


def warn_if_per_process(app) -> None:
    if app.testing or app.debug or not counts_per_process(app.config):
        return
    log.warning("Rate limits are counted in each process's memory (REDIS_URL is not set): "
                "with several workers or machines every limit is multiplied by their "
                "number. Set REDIS_URL in production.")


def rate_limit_health(config) -> dict:
    """The keys /healthz adds: ``rate_limits`` (shared, per-process or off) and, with
    REDIS_URL, ``redis`` (ok or unreachable; the limits then count per process)."""
    if not config.get("RATELIMIT_ENABLED", True):
        return {"rate_limits": OFF}
    if counts_per_process(config):
        return {"rate_limits": PER_PROCESS}
    if limiter.storage.check():  # a PING, bounded by RATELIMIT_STORAGE_OPTIONS' timeouts
        return {"rate_limits": SHARED, "redis": "ok"}
    return {"rate_limits": PER_PROCESS, "redis": "unreachable"}
