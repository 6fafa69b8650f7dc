"""The cooperation monitor's e-mails, each through the outbox, in the recipient's language.

A reminder of a deadline of the programme's cycle (``reminders``) names the JST by its
official name (a proper name, never translated), the step, the deadline as people write it
and its legal basis; a manager's carries the link to record the step, a coordinator's the
JST's public page and the network's one-click unsubscribe (the coordinator gets it as a
member of the officials' network, whose e-mails they may refuse).
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from consult.cooperation.models import Step
from consult.core.datetext import format_day
from consult.core.mail import queue_mail
from consult.core.urls import external_url
from consult.institutions.models import Institution
from consult.institutions.naming import official_name
from consult.network.mail import announcement_headers, unsubscribe_url


def _reminder_subject(step: Step, jst: str, year: int, deadline: str) -> str:
    if step == Step.ADOPTED:
        return _("%(jst)s: the programme of cooperation for %(year)d is due by %(deadline)s",
                 jst=jst, year=year, deadline=deadline)
    return _("%(jst)s: the report on the programme of cooperation for %(year)d is due by "
             "%(deadline)s", jst=jst, year=year, deadline=deadline)


def programme_reminder(recipient, institution: Institution, deadline) -> None:
    """Remind ``recipient`` (``reminders.Recipient``) that ``institution`` has not recorded
    the step of ``deadline`` (``reminders.Deadline``)."""
    member = recipient.member
    jst = official_name(institution)
    with force_locale(recipient.locale):
        context = {"recipient_name": recipient.name, "jst": jst, "step": deadline.step,
                   "year": deadline.year, "deadline": deadline.day, "member": member}
        if member is None:
            context["record_url"] = external_url("cooperation_manage.institution",
                                                 teryt=institution.teryt)
        else:
            context["page_url"] = external_url("cooperation.institution",
                                               teryt=institution.teryt)
            context["unsubscribe_url"] = unsubscribe_url(member)
        queue_mail(
            recipient.email,
            _reminder_subject(deadline.step, jst, deadline.year, format_day(deadline.day)),
            "cooperation/mail/programme_reminder",
            headers=announcement_headers(member) if member is not None else None,
            user=recipient.user,
            **context,
        )
