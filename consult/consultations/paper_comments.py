"""Comments that reach the authority outside the platform — a letter, an e-mail, words
said at a consultation meeting — entered by staff so that they are numbered, answered and
reported like the others.

The submitter has no account here, so nobody is written to. The date received is the
local day the comment reached the authority: not in the future, not before the
consultation opened unless staff confirm it belongs to it; after the last day it is kept
and marked as late (report.is_late). A scan of the letter may be kept with it, for staff
only: it holds the submitter's address and signature. The staff's pages are in
routes/manage_paper_comments.py.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from consult.auth.models import User
from consult.consultations import services
from consult.consultations.choices import OFFLINE_CHANNELS
from consult.consultations.models import Comment, CommentScan, CommentStatus, Consultation
from consult.consultations.services import CommentData, ConsultationError
from consult.core.datetext import format_day
from consult.core.timeutil import local_day, utcnow
from consult.extensions import db

SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class ReceiptError(ConsultationError):
    """The date received or the scan is refused; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class Receipt:
    """How, when and from whom a comment came outside the platform."""

    channel: str
    received_on: date
    author_name: str
    before_opening: bool = False  # staff confirm an early comment belongs to the consultation


@dataclass
class Scan:
    filename: str
    data: bytes


def scan_type(data: bytes) -> str | None:
    """PDF, JPEG or PNG by content, not by the name."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _check_receipt(consultation: Consultation, receipt: Receipt, now: datetime) -> None:
    if receipt.channel not in OFFLINE_CHANNELS:
        raise ReceiptError("channel", _("Say how the comment was received."))
    if receipt.received_on > local_day(now):
        raise ReceiptError("received_on", _("The date received cannot be later than today."))
    opened = services.opens_on(consultation)
    if receipt.received_on < opened and not receipt.before_opening:
        raise ReceiptError("received_on", _(
            "The consultation opened on %(date)s. If this comment belongs to it all the same, "
            "tick the box below the date.", date=format_day(opened)))


def _checked_scan_type(scan: Scan, max_bytes: int) -> str:
    if len(scan.data) > max_bytes:
        raise ReceiptError("scan", _("The file is larger than %(mb)d MB.",
                                     mb=max_bytes // (1024 * 1024)))
    content_type = scan_type(scan.data)
    if content_type is None:
        raise ReceiptError("scan", _("Upload a PDF, JPEG or PNG file."))
    return content_type


def enter_comment(consultation: Consultation, staff: User, data: CommentData,
                  receipt: Receipt, scan: Scan | None = None, max_bytes: int = 0,
                  now: datetime | None = None) -> Comment:
    """Record a comment received outside the platform: published at once (staff read it),
    numbered like the others, without an author account and without any e-mail."""
    now = now or utcnow()
    services.check_details_editable(consultation)
    if consultation.announced_at is None:
        raise ConsultationError(_("Announce the consultation first."))
    _check_receipt(consultation, receipt, now)
    content_type = _checked_scan_type(scan, max_bytes) if scan is not None else None
    comment = services.record_comment(
        consultation, data, author_name=receipt.author_name.strip(), submitted_at=now,
        status=CommentStatus.PUBLISHED, channel=receipt.channel, received_on=receipt.received_on,
        entered_by_id=staff.id)
    if scan is not None:
        # The file's name says nothing about the person: the comment's number and the type.
        db.session.add(CommentScan(
            comment=comment, filename=f"comment-{comment.number}.{SCAN_TYPES[content_type]}",
            content_type=content_type, size=len(scan.data), data=scan.data))
    return comment


def scans_of(consultation: Consultation) -> dict[int, CommentScan]:
    """The scans of a consultation's comments by comment id, without their data."""
    return {scan.comment_id: scan for scan in db.session.scalars(
        select(CommentScan).join(Comment, CommentScan.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id))}
