"""The e-mails of consultations: what is sent to whom and when, each through the outbox.

Commenters get a receipt with a copy of their comment; staff and the institution's managers
hear at once that a comment was reported. Followers get: a request to confirm
their address, the news that a consultation opened or closes soon (and, from the report
pages, that the report is published). Every message to a follower carries the one-click
unsubscribe headers of RFC 8058 and the link in its text.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from consult.auth.models import User
from consult.auth.queries import staff_to_notify
from consult.consultations import queries
from consult.consultations.models import (
    Comment,
    CommentFlag,
    Consultation,
    Section,
    Subscription,
    section_choice_label,
)
from consult.core.datetext import format_moment
from consult.core.mail import list_unsubscribe_headers, queue_mail
from consult.core.timeutil import utcnow
from consult.core.urls import external_url


def staff_comments_url(consultation_id: int, **args) -> str:
    """The staff's page of a consultation's comments (moderation and answers)."""
    return external_url("consultations_manage.comments", consultation_id=consultation_id,
                        **args)


def notification_settings_url() -> str:
    """Where staff and managers switch their notices off (/account/notifications)."""
    return external_url("account.notifications")


def comment_flagged(flag: CommentFlag, comment: Comment) -> int:
    """Tell staff and the institution's managers at once that ``comment`` was reported;
    the person who reported it is not told. Returns how many messages were queued."""
    consultation = comment.consultation
    recipients = [user for user in staff_to_notify(User.notify_flagged_comments,
                                                   [consultation.institution_id])
                  if user.id != flag.user_id]
    url = staff_comments_url(consultation.id) + f"#comment-{comment.id}"
    for user in recipients:
        with force_locale(user.locale or "pl"):
            queue_mail(user.email, _("A comment was reported: %(title)s",
                                     title=consultation.title),
                       "consultations/mail/comment_flagged", user=user, comment=comment,
                       consultation=consultation, reason=flag.reason, comment_url=url,
                       settings_url=notification_settings_url())
    return len(recipients)


def consultation_url(consultation: Consultation, anchor: str | None = None) -> str:
    url = external_url("consultations.detail", slug=consultation.slug)
    return f"{url}#{anchor}" if anchor else url


def unsubscribe_url(subscription: Subscription) -> str:
    return external_url("consultations.unsubscribe", token=subscription.token)


def confirm_url(subscription: Subscription) -> str:
    return external_url("consultations.confirm_subscription", token=subscription.token)


def deadline_text(consultation: Consultation) -> str:
    """The last moment to comment as people say it: "30 November 2026, 23:59"."""
    return format_moment(consultation.last_moment)


def subscription_mail_headers(subscription: Subscription) -> dict[str, str]:
    """List-Unsubscribe headers: mail programs show an "unsubscribe" button that POSTs to
    the link without opening the site (RFC 8058)."""
    return list_unsubscribe_headers(unsubscribe_url(subscription))


def followed_name(subscription: Subscription) -> str:
    """What the subscription follows, for the text of a message or a page."""
    if subscription.consultation is not None:
        return subscription.consultation.title
    return _("all consultations of %(institution)s", institution=subscription.institution.name)


# --- commenters -------------------------------------------------------------------------


def _to_author(user: User, comment: Comment, consultation: Consultation, subject: str,
               template: str, **context) -> None:
    queue_mail(user.email, subject, template, user=user, comment=comment,
               consultation=consultation, deadline=deadline_text(consultation), **context)


def comment_received(comment: Comment, user: User, consultation: Consultation,
                     section: Section | None) -> None:
    """A receipt with a copy of the comment, in the language of the page it was sent from."""
    _to_author(
        user, comment, consultation, _("Your comment: %(title)s", title=consultation.title),
        "consultations/mail/comment_received",
        author=comment.public_author,
        section_name=(section_choice_label(section.number, section.title, section.position)
                      if section is not None else None),
        # ?comment= leads to the page that lists it (a big consultation shows its comments
        # section by section, so the bare page may not have this anchor).
        comment_url=external_url("consultations.detail", slug=consultation.slug,
                                 comment=comment.id) + f"#comment-{comment.id}",
    )


def comment_hidden(comment: Comment) -> None:
    """Tell the author why the moderators hid the comment, and what they can still do: a
    hidden comment cannot be changed, a new one can be sent while the consultation is open.
    Nobody to tell when the account is gone."""
    author, consultation = comment.author, comment.consultation
    if author is None:
        return
    with force_locale(author.locale or "pl"):
        _to_author(
            author, comment, consultation,
            _("Your comment was hidden: %(title)s", title=consultation.title),
            "consultations/mail/comment_hidden",
            reason=comment.hidden_reason,
            is_open=consultation.is_open_at(utcnow()),
            consultation_url=consultation_url(consultation),
        )


# --- followers --------------------------------------------------------------------------


def _to_follower(subscription: Subscription, subject: str, template: str, **context) -> None:
    queue_mail(
        subscription.email,
        subject,
        template,
        headers=subscription_mail_headers(subscription),
        subscription=subscription,
        followed=followed_name(subscription),
        unsubscribe_url=unsubscribe_url(subscription),
        **context,
    )


def confirm_subscription(subscription: Subscription) -> None:
    with force_locale(subscription.locale or "pl"):
        _to_follower(subscription, _("Confirm that you want to follow consultations"),
                     "consultations/mail/confirm_subscription", contains_secret=True,
                     confirm_url=confirm_url(subscription))


def already_following(subscription: Subscription) -> None:
    """Sent when someone asks again to follow with a confirmed address: the page says the
    same either way, so it does not reveal who follows what."""
    with force_locale(subscription.locale or "pl"):
        _to_follower(subscription, _("You already follow these consultations"),
                     "consultations/mail/already_following")


def to_subscribers(consultation: Consultation, subject, template: str, **context) -> int:
    """Queue one message per confirmed follower of the consultation or of its institution,
    in the follower's language; returns how many. The caller commits.

    ``subject`` is a lazy string (``lazy_gettext``) that may use ``%(title)s``; it is
    translated for each follower. The template gets ``consultation``, ``consultation_url``,
    ``deadline`` (its last moment as text), ``subscription``, ``followed`` (what the
    subscription follows) and ``unsubscribe_url`` besides ``context``; it can include
    ``consultations/mail/_unsubscribe.txt`` / ``.html`` for the way out.
    """
    subscriptions = queries.subscriber_addresses(consultation)
    for subscription in subscriptions:
        with force_locale(subscription.locale or "pl"):
            _to_follower(subscription, str(subject) % {"title": consultation.title}, template,
                         consultation=consultation,
                         consultation_url=consultation_url(consultation),
                         deadline=deadline_text(consultation), **context)
    return len(subscriptions)
