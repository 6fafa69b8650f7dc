"""Accounts and roles."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.text import search_key
from consult.extensions import db

ADMIN, STAFF, MANAGER, USER = "admin", "staff", "manager", "user"
ROLES = (ADMIN, STAFF, MANAGER, USER)
ROLE_LABELS = {
    ADMIN: _l("administrator"),
    STAFF: _l("federation staff"),
    MANAGER: _l("institution manager"),
    USER: _l("user"),
}

institution_managers = Table(
    "institution_managers",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("institution_id", ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True),
)


def normalise_email(email: str) -> str:
    """E-mail addresses are unique without regard to case: store them lower-cased."""
    return email.strip().lower()


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default=USER, index=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pending_email: Mapped[str | None] = mapped_column(String(320))
    locale: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped when the password changes: sessions signed in before that stop working, and
    # so do the password-reset and verification links sent before it.
    session_version: Mapped[int] = mapped_column(default=1)
    # The organisation the person last commented for, offered in their next comment form.
    comment_organisation_name: Mapped[str | None] = mapped_column(String(300))
    comment_organisation_krs: Mapped[str | None] = mapped_column(String(100))
    # Staff and institution managers' notices (consult/manage/mail.py), each
    # switchable on /account/notifications; digest_sent_at claims the day's digest.
    notify_flagged_comments: Mapped[bool] = mapped_column(default=True)
    notify_daily_digest: Mapped[bool] = mapped_column(default=True)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    managed_institutions: Mapped[list["Institution"]] = relationship(  # noqa: F821
        secondary=institution_managers, order_by="Institution.name"
    )

    @validates("full_name")
    def _index_name(self, _key, value):
        self.search_name = search_key(value)
        return value

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the random id of
        this sign-in's record in ``user_sessions`` (consult/auth/sessions.py), never the
        account's id, so that ending the record ends the sign-in.

        The sign-in routes start the record and set it here before ``login_user``; a user
        object asked without one (tests, scripts) gets a record of its own, committed at
        once."""
        token = self.__dict__.get("_session_token")
        if token is None:
            from consult.auth.sessions import start_detached_session

            token = start_detached_session(self)
        return token

    def __eq__(self, other) -> bool:
        """The same account. Flask-Login's mixin compares ``get_id()``, which is now a
        sign-in's token (and starts one when asked without): two loads of one account would
        differ, and a comparison would write a sign-in."""
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def proven_email(self) -> str | None:
        """The account's address once it has proved it owns it (issue 18, finding 1): the
        person's data made without an account (registrations, follows, mail) is what is
        tied to that address. An unproved one may be someone else's: ``None``."""
        return normalise_email(self.email) if self.email_verified else None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_staff(self) -> bool:
        """The federation's team (and admins): runs everything, for every institution."""
        return self.role in (ADMIN, STAFF)

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    def can_manage_institution(self, institution) -> bool:
        if self.is_staff:
            return True
        return self.is_manager and institution in self.managed_institutions

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """One sign-in of an account in one browser.

    The browser holds a random token (in the session cookie and, with "keep me signed in",
    in the remember cookie); the table holds only its SHA-256, so a copy of the database
    signs nobody in. Signing out deletes the row, and the cookies stop working at once on
    every app server. A row counts only while it has not expired and was made under the
    account's current ``session_version`` (a new password ends every older sign-in even
    when set without the account pages, e.g. from the command line)."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_version: Mapped[int]
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    def __repr__(self) -> str:
        return f"<UserSession of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}>"


class SignInThrottle(db.Model):
    """Failed sign-ins counted per account and per account and address or known browser
    (consult/auth/throttle.py). Keys are keyed hashes: no address, e-mail or IP is stored."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The keyed hash of the e-mail address: a new password clears every row of the account.
    account: Mapped[str] = mapped_column(String(32), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())
