"""The advice log as files (CSV, XLSX): the filtered list, one row per session, built with
``consult.core.spreadsheets`` (which keeps typed text from running as a formula)."""

from flask_babel import gettext as _
from flask_babel import pgettext

from consult.advice.models import CATEGORY_LABELS, FORM_LABELS, AdviceSession, duration_text
from consult.advice.queries import Filters
from consult.core.http import download_name
from consult.core.spreadsheets import to_csv, to_xlsx


def file_name(filters: Filters, extension: str) -> str:
    parts = [_("advice")]
    if filters.year is not None:
        parts.append(str(filters.year))
        if filters.month is not None:
            parts.append(f"{filters.month:02d}")
    return download_name(*parts, extension=extension)


def header() -> list[str]:
    return [_("Date"), _("Start time"), _("Minutes"), _("Duration"), _("Organisation"),
            _("In the register of organisations"), _("Local government (JST)"), _("TERYT"),
            _("Person advised"), _("Topic"), _("Category"), pgettext("advice", "Form"),
            _("Advisor"), _("Funding project"), _("Notes")]


def table(sessions: list[AdviceSession]) -> list[list]:
    return [[
        advice.held_on,
        advice.start_time.strftime("%H:%M") if advice.start_time else "",
        advice.minutes,
        duration_text(advice.minutes),
        advice.organisation.name if advice.organisation else advice.advised_name,
        _("yes") if advice.organisation else _("no"),
        advice.institution.name if advice.institution else "",
        advice.institution.teryt if advice.institution else "",
        advice.person_name,
        advice.topic,
        str(CATEGORY_LABELS.get(advice.category, advice.category)),
        str(FORM_LABELS.get(advice.form, advice.form)),
        advice.advisor.full_name if advice.advisor else "",
        advice.funding_project.name if advice.funding_project else "",
        advice.notes,
    ] for advice in sessions]


def advice_csv(sessions: list[AdviceSession]) -> bytes:
    """The day as "YYYY-MM-DD" (``to_csv`` would write a date with its time, 00:00)."""
    return to_csv(header(), [[row[0].isoformat(), *row[1:]] for row in table(sessions)])


def advice_xlsx(sessions: list[AdviceSession]) -> bytes:
    return to_xlsx(header(), table(sessions), _("Advice"))
