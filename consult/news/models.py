"""News posts: the federation's announcements at /news/, in Markdown, with an optional image
and its alt text, optionally tied to a funding project."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.auth.models import User
from consult.core.models import TimestampMixin, UTCDateTime
from consult.events.funding import FundingProject
from consult.extensions import db


class NewsPost(TimestampMixin, db.Model):
    """A post; a draft while ``published_at`` is empty (only staff see it). The image is
    kept in the database like a funding project's logos; ``image_alt`` is required with it
    (WCAG 1.1.1)."""

    __tablename__ = "news_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    lead: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    image_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    image_content_type: Mapped[str] = mapped_column(String(20), default="")
    image_width: Mapped[int] = mapped_column(default=0)
    image_height: Mapped[int] = mapped_column(default=0)
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="SET NULL"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)

    project: Mapped[FundingProject | None] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def has_image(self) -> bool:
        return bool(self.image_content_type)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
