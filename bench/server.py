"""The app under gunicorn, as in production, on a free local port."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} s")


def environment(database_url: str, base_url: str) -> dict[str, str]:
    """Production-like settings; the rate limits are off, since every simulated client
    comes from 127.0.0.1 (they would turn the measurement into one of the limiter).
    REDIS_URL, when set, is kept: the processes then share cached pages through Redis, as
    in production (docs/operations.md)."""
    env = dict(os.environ)
    env.pop("MAIL_SERVER", None)  # mail stays in the outbox
    env.update(DATABASE_URL=database_url, BASE_URL=base_url, RATELIMIT_ENABLED="0",
               SECRET_KEY="benchmark-secret-key-not-for-production")  # noqa: S106
    return env


@contextmanager
def gunicorn(database_url: str, workers: int, log: Path):
    """Serve the app; yields its base URL and stops the server afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--backlog", "2048", "--timeout", "120", "consult:create_app()"],
            env=environment(database_url, url), stdout=output, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)
