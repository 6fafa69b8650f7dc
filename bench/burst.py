"""The registration burst: N signed-in people press "Register" for the same event at the
same moment (threads released together by a barrier), then each asks its registration's
status, as the registrant's page would show it."""

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import requests

from bench import forms


@dataclass
class BurstResult:
    clients: int
    seats: int
    confirmed: int = 0
    waiting: int = 0
    failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    seats_left: int | None = None
    waitlist_length: int | None = None

    @property
    def as_expected(self) -> bool:
        return (self.confirmed, self.waiting, self.failed) == (
            self.seats, self.clients - self.seats, 0)

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def as_dict(self) -> dict:
        figures = asdict(self)
        del figures["latencies_ms"]
        return figures | {
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "max_ms": round(max(self.latencies_ms, default=0.0), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms
            else 0.0,
            "as_expected": self.as_expected,
        }


def _token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=120)
    response.raise_for_status()
    return forms.csrf_token(response.text)


class Client:
    def __init__(self, host: str, email: str, password: str, slug: str):
        self.host, self.slug, self.email = host, slug, email
        self.session = requests.Session()
        login = f"{host}/auth/login"
        self.session.post(login, data=forms.login_data(_token(self.session, login), email,
                                                        password), timeout=120)
        self.form_url = f"{host}/events/{slug}/register"
        self.csrf = _token(self.session, self.form_url)
        self.status: str | None = None
        self.latency_ms = 0.0

    def register(self) -> None:
        data = forms.registration_data(self.csrf, self.email, "Uczestnik Burzy")
        started = time.perf_counter()
        response = self.session.post(self.form_url, data=data, allow_redirects=False,
                                     timeout=300)
        self.latency_ms = (time.perf_counter() - started) * 1000
        token = forms.registration_token(response.headers.get("Location", ""))
        if response.status_code not in (302, 303) or token is None:
            self.status = f"HTTP {response.status_code}"
            return
        state = self.session.get(f"{self.host}/registrations/{token}.json", timeout=120)
        self.status = state.json()["status"] if state.ok else f"HTTP {state.status_code}"


def run(host: str, logins: list[str], password: str, slug: str, seats: int,
        clients: int = 300) -> BurstResult:
    with ThreadPoolExecutor(max_workers=16) as pool:  # sign in and open the form first
        people = list(pool.map(lambda email: Client(host, email, password, slug),
                               logins[:clients]))
    barrier = threading.Barrier(len(people))

    def go(client: Client) -> None:
        barrier.wait()
        try:
            client.register()
        except requests.RequestException as exc:
            client.status = f"error: {exc.__class__.__name__}"

    threads = [threading.Thread(target=go, args=(client,)) for client in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    result = BurstResult(clients=len(people), seats=seats,
                         latencies_ms=[client.latency_ms for client in people])
    for client in people:
        if client.status == "confirmed":
            result.confirmed += 1
        elif client.status == "waitlisted":
            result.waiting += 1
        else:
            result.failed += 1
    event = requests.get(f"{host}/api/v1/events/{slug}", timeout=60).json()
    result.seats_left, result.waitlist_length = event["seats_left"], event["waitlist_length"]
    return result
