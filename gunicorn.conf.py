"""gunicorn's settings for consult: read by gunicorn from the working directory (or with
``-c gunicorn.conf.py``). Workers, bind address and timeouts stay on the command line.

The one thing checked here: several workers without a shared rate-limit store (REDIS_URL)
would each count the limits on their own, so gunicorn refuses to start them unless
RATELIMIT_ALLOW_PER_PROCESS=1 (see consult/core/rate_limits.py and docs/operations.md).
"""


def on_starting(server):
    from consult import create_app
    from consult.core.rate_limits import multi_worker_refusal

    reason = multi_worker_refusal(server.cfg.workers, create_app().config)
    if reason:
        raise SystemExit(f"consult: refusing to start: {reason}")
