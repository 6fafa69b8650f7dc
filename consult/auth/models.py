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
    # Bumped when the password changes: sessions signed in before that stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # The organisation the person last commented for, offered in their next comment form.
    comment_organisation_name: Mapped[str | None] = mapped_column(String(300))
    comment_organisation_krs: Mapped[str | None] = mapped_column(String(100))

    managed_institutions: Mapped[list["Institution"]] = relationship(  # noqa: F821
        secondary=institution_managers, order_by="Institution.name"
    )

    @validates("full_name")
    def _index_name(self, key, value):
        self.search_name = search_key(value)
        return value

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

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
