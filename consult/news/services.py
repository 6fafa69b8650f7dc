"""The rules of news posts: the image (told by its content, with its alt text), the slug,
publishing."""

import io

from flask_babel import gettext as _
from PIL import Image

from consult.core.text import unique_slug
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.news.models import NewsPost

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_IMAGE_MB = 5
MAX_IMAGE_PIXELS = 8000 * 8000  # costly to decode beyond that, and no photo needs more


class NewsError(Exception):
    """A post that cannot be saved: ``field`` is the form's field at fault, the message
    says why, for the person who sent it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def check_image(data: bytes) -> tuple[str, int, int]:
    """(content type, width, height) of a JPEG, PNG or WebP recognised by its content, as
    funding projects' logos are (``events.editing.add_logo``)."""
    if len(data) > MAX_IMAGE_MB * 1024 * 1024:
        raise NewsError("image", _("The image is larger than %(mb)d MB.", mb=MAX_IMAGE_MB))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind in IMAGE_TYPES and width * height <= MAX_IMAGE_PIXELS:
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise NewsError("image", _("Upload a JPEG, PNG or WebP image.")) from error
    if kind not in IMAGE_TYPES:
        raise NewsError("image", _("Upload a JPEG, PNG or WebP image."))
    if width * height > MAX_IMAGE_PIXELS:
        raise NewsError("image", _("The image is too large: at most %(px)d × %(px)d pixels.",
                                   px=8000))
    return IMAGE_TYPES[kind], width, height


def save_post(post: NewsPost, *, title: str, lead: str, body: str, project_id: int | None,
              image_alt: str, author=None, image: bytes | None = None,
              remove_image: bool = False) -> NewsPost:
    """Set a post's fields (new or edited). A new image replaces the old one; an image
    (new or kept) needs its alt text."""
    checked = check_image(image) if image is not None else None
    keeps_image = checked is not None or (post.has_image and not remove_image)
    if keeps_image and not image_alt.strip():
        raise NewsError("image_alt", _("Describe the image for people who cannot see it."))
    if checked is not None:
        post.image_content_type, post.image_width, post.image_height = checked
        post.image_data = image
    elif remove_image:
        post.image_data, post.image_content_type = None, ""
        post.image_width = post.image_height = 0
    if not post.slug:
        post.slug = unique_slug(title, NewsPost.slug, "wiadomosc")
    post.title, post.lead, post.body, post.project_id = title, lead, body, project_id
    post.image_alt = image_alt.strip() if post.has_image else ""
    if post.author_id is None and author is not None:
        post.author_id = author.id
    db.session.add(post)
    return post


def publish(post: NewsPost) -> None:
    if post.published_at is None:
        post.published_at = utcnow()


def unpublish(post: NewsPost) -> None:
    post.published_at = None
