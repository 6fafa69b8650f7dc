"""Configuration from environment variables, with the defaults of the public contract."""

import os
import secrets
import warnings
from datetime import timedelta
from pathlib import Path


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _positive(name: str, default: int) -> int:
    value = int(os.environ.get(name, str(default)))
    if value <= 0:
        raise ValueError(f"{name} must be a positive whole number, not {value}")
    return value


def load_secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        warnings.warn(
            f"SECRET_KEY is not set; generated one into {path}. Set SECRET_KEY in production.",
            stacklevel=2,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Read when the app is created, so tests can change the environment first."""

    def __init__(self, instance_path: str):
        base_url = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.SECRET_KEY = load_secret_key(instance_path)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'consult.sqlite3'}"
        )
        # A connection is checked before each use (SQLAlchemy's pre-ping): a restarted
        # database costs no request.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        # PostgreSQL: reads outside transactions until a request's first write; off by
        # default (consult/core/database.py, measured in docs/performance.md).
        self.DATABASE_READS_OUTSIDE_TRANSACTIONS = _bool("DATABASE_READS_OUTSIDE_TRANSACTIONS")
        self.BASE_URL = base_url
        # Development only (`make run` sets it when BASE_URL is not given): links follow the
        # address a page was asked at (consult/core/urls.py).
        self.BASE_URL_FROM_REQUEST = os.environ.get("BASE_URL_FROM_REQUEST") == "1"
        self.PREFERRED_URL_SCHEME = "https" if base_url.startswith("https") else "http"

        self.MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _bool("MAIL_USE_SSL")
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "MAIL_DEFAULT_SENDER", "consult <no-reply@localhost>"
        )
        # "thread": deliver right after commit in a background thread; "sync": in the
        # request (tests); "rq": an RQ worker (chosen automatically when REDIS_URL is set).
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        self.MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "rq" if self.REDIS_URL else "thread")
        self.MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
        # Seconds an SMTP connect or reply may take before the attempt fails (and is retried
        # with back-off); `mail send-queued` starts no delivery after MAIL_SEND_QUEUED_SECONDS,
        # so a run ends before the next one (cron every 5 minutes) even if every attempt
        # times out.
        self.MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "30"))
        self.MAIL_SEND_QUEUED_SECONDS = float(os.environ.get("MAIL_SEND_QUEUED_SECONDS", "240"))

        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Redis down: each process counts in its own memory meanwhile, rather than failing.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        # A Redis that does not answer must not hold requests: each command waits 1 s at
        # most, then the fallback above takes over.
        self.RATELIMIT_STORAGE_OPTIONS = (
            {"socket_connect_timeout": 1, "socket_timeout": 1} if self.REDIS_URL else {})
        # Without REDIS_URL gunicorn.conf.py refuses several workers (each would count the
        # limits on its own) unless this says the operator accepts it.
        self.RATELIMIT_ALLOW_PER_PROCESS = _bool("RATELIMIT_ALLOW_PER_PROCESS")
        # Requests one address may make to /api/ (Flask-Limiter's notation).
        self.API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute")

        # How many reverse proxies in front of the app set X-Forwarded-*: the client's real
        # address (rate limits) and scheme come from them. 0 = trust no such header.
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

        self.CONSULT_TIMEZONE = os.environ.get("CONSULT_TIMEZONE", "Europe/Warsaw")
        self.CONSULT_SITE_NAME = os.environ.get(
            "CONSULT_SITE_NAME", "Konsultacje i współpraca — platforma NGO i samorządów"
        )
        # The name in English pages and mail; empty: the Polish name, marked as Polish.
        self.CONSULT_SITE_NAME_EN = os.environ.get(
            "CONSULT_SITE_NAME_EN",
            "" if "CONSULT_SITE_NAME" in os.environ
            else "Consultations and cooperation — a platform for NGOs and local governments",
        )
        self.CONSULT_OPERATOR_NAME = os.environ.get(
            "CONSULT_OPERATOR_NAME", "Federacja Organizacji Pozarządowych Regionu (demo)"
        )
        self.CONSULT_OPERATOR_ADDRESS = os.environ.get(
            "CONSULT_OPERATOR_ADDRESS", "ul. Przykładowa 1, 00-001 Warszawa"
        )
        self.CONSULT_OPERATOR_EMAIL = os.environ.get(
            "CONSULT_OPERATOR_EMAIL", "kontakt@example.org"
        )
        self.BABEL_DEFAULT_LOCALE = "pl"
        self.BABEL_DEFAULT_TIMEZONE = self.CONSULT_TIMEZONE
        self.LANGUAGES = ("pl", "en")

        # Cookies: Secure on an https site (a plain-http one could not sign anybody in),
        # never readable by scripts, and not sent with cross-site POSTs (Lax: a link in an
        # e-mail still opens the page signed in).
        secure = base_url.startswith("https")
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # Sign-ins are records in user_sessions (consult/auth/sessions.py); the cookies only
        # carry their random id, so signing out ends them on the server. One without "keep
        # me signed in" ends after SESSION_LIFETIME_HOURS without a request (and with the
        # browser); the session cookie's signature is not accepted for longer either.
        # "Keep me signed in" lasts REMEMBER_COOKIE_DAYS from the sign-in, then the password
        # is asked again; no sign-in lasts longer than that.
        self.PERMANENT_SESSION_LIFETIME = timedelta(
            hours=_positive("SESSION_LIFETIME_HOURS", 12))
        self.REMEMBER_COOKIE_DURATION = timedelta(days=_positive("REMEMBER_COOKIE_DAYS", 30))
        self.REMEMBER_COOKIE_REFRESH_EACH_REQUEST = False
        # How often a signed-in browser's record notes that it is still in use (one write
        # per browser per interval, not one per request).
        self.SESSION_TOUCH_SECONDS = 300
        # The signed "known browser" cookie set at a successful sign-in: a stranger's
        # failed attempts for the account do not slow down sign-ins from such a browser
        # (consult/auth/throttle.py). It grants nothing else.
        self.KNOWN_DEVICE_COOKIE_NAME = "known_device"
        self.KNOWN_DEVICE_DAYS = 180
        # A CSRF token is good for 4 hours and only in the session it was made for: signing
        # in gives the session a new token, signing out empties the session.
        self.WTF_CSRF_TIME_LIMIT = 3600 * 4
        # CSRF is checked for every POST in core.security; forms check their own token so
        # an expired one re-shows the form with what the user typed.
        self.WTF_CSRF_CHECK_DEFAULT = False
        self.MAX_CONTENT_LENGTH = 20 * 1024 * 1024

        # Public forms (registration, sign-up, comments, following) sent sooner than this
        # after being shown are refused politely, as scripts do (consult.core.antibot). Off
        # by default: programs that post the forms by their documented field names (partner
        # sites, the acceptance tests) would be refused; 2-3 s suits a site without them.
        self.ANTIBOT_MIN_FILL_SECONDS = float(os.environ.get("ANTIBOT_MIN_FILL_SECONDS", "0"))

        # Events: how long a seat is held for an address not confirmed yet, and how many such
        # holds of one event one visitor (network address) may have at once (beyond it a
        # registration waits for its address to be confirmed); how long
        # before the start reminders go out; how long personal data of registrations for
        # events without a funding project (which sets its own date) is kept after the event.
        self.EVENTS_GUEST_HOLD_MINUTES = int(os.environ.get("EVENTS_GUEST_HOLD_MINUTES", "45"))
        self.EVENTS_GUEST_HOLDS_PER_VISITOR = int(
            os.environ.get("EVENTS_GUEST_HOLDS_PER_VISITOR", "3"))
        self.EVENTS_UNCONFIRMED_WAITING_HOURS = int(
            os.environ.get("EVENTS_UNCONFIRMED_WAITING_HOURS", "48"))
        self.EVENTS_REMINDER_HOURS = int(os.environ.get("EVENTS_REMINDER_HOURS", "24"))
        self.EVENTS_RETENTION_DAYS = int(os.environ.get("EVENTS_RETENTION_DAYS", "365"))

        # Consultations: how many days before the close followers are told it closes soon.
        self.CONSULTATIONS_CLOSING_NOTICE_DAYS = int(
            os.environ.get("CONSULTATIONS_CLOSING_NOTICE_DAYS", "3"))
        # The law sets no deadline for the consultation report: the staff inbox counts the
        # days left to it from the last day of comments plus this many days.
        self.CONSULTATIONS_REPORT_DAYS = int(os.environ.get("CONSULTATIONS_REPORT_DAYS", "30"))

        # Consultations: the shortest period the legal basis allows, in Europe/Warsaw
        # calendar days (a consultation's own minimum overrides it); shorter ones warn.
        self.CONSULT_MIN_CONSULTATION_DAYS = _positive("CONSULT_MIN_CONSULTATION_DAYS", 7)

        # Consultations: the largest attachment (the draft as PDF/DOCX) staff may upload.
        self.CONSULTATIONS_MAX_ATTACHMENT_MB = int(
            os.environ.get("CONSULTATIONS_MAX_ATTACHMENT_MB", "10"))
        # Importing a draft from Word: the conversion is stopped after this many seconds.
        self.CONSULTATIONS_DOCX_IMPORT_SECONDS = float(
            os.environ.get("CONSULTATIONS_DOCX_IMPORT_SECONDS", "20"))

        # The network: the TERYT code of the województwo it serves (14: mazowieckie).
        self.NETWORK_REGION_TERYT = os.environ.get("NETWORK_REGION_TERYT", "14")

        # The cooperation monitor: how many days (Warsaw calendar days) before 30 November
        # and 31 May a JST's managers and coordinators are reminded of a step not recorded.
        self.COOPERATION_REMINDER_DAYS = _positive("COOPERATION_REMINDER_DAYS", 21)

        # The survey of the quality of cooperation: no figure for a respondent group with
        # fewer finished answers than this (the default of a new diagnosis).
        self.RESEARCH_MIN_GROUP_ANSWERS = _positive("RESEARCH_MIN_GROUP_ANSWERS", 5)

        self.PASSWORD_MIN_LENGTH = 10
        # Long passphrases are welcome; the limit only keeps megabytes out of a password
        # field (hashing cost does not grow with the length, see consult/auth/passwords.py).
        self.PASSWORD_MAX_LENGTH = 1024
        self.EMAIL_TOKEN_MAX_AGE = int(os.environ.get("EMAIL_TOKEN_MAX_AGE", str(3 * 24 * 3600)))
        self.PASSWORD_RESET_MAX_AGE = 2 * 3600
