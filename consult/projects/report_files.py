"""The funder's report (``report.py``) as files: XLSX (a sheet per part, numbers as
numbers) and DOCX (the same tables in a document to attach to the funder's report form)."""


from babel.numbers import format_currency, format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from consult.core.spreadsheets import add_summary_sheet, add_table_sheet, empty_workbook, xlsx_bytes
from consult.core.timeutil import local_today, minutes_as_hours
from consult.core.wordfiles import add_table, docx_bytes, new_document
from consult.events.choices import CATEGORIES, CATEGORY_LABELS
from consult.projects.report import FunderReport


def _number(value) -> str:
    return "—" if value is None else format_decimal(value, locale=_locale())


def _title(report: FunderReport) -> str:
    return _("Report: %(project)s", project=report.project.name)


def _about(report: FunderReport) -> list[str]:
    """The heading's lines: funder and programme, the project's period, cost and grant,
    partners, the report's period and when it was made."""
    project = report.project
    lines = [" — ".join(part for part in (project.funder, project.programme) if part)]
    if project.agreement_number:
        lines.append(_("Grant agreement: %(number)s", number=project.agreement_number))
    if project.starts_on and project.ends_on:
        lines.append(_("Project: %(start)s – %(end)s", start=project.starts_on.strftime(
            "%d.%m.%Y"), end=project.ends_on.strftime("%d.%m.%Y")))
    for label, amount in ((_("Total cost"), project.total_cost),
                          (_("Grant"), project.grant_amount)):
        if amount is not None:
            lines.append(f"{label}: {format_currency(amount, project.currency, locale=_locale())}")
    if project.partners:
        lines.append(_("Partners: %(names)s",
                       names=", ".join(partner.name for partner in project.partners)))
    lines.append(_("Period of the report: %(period)s", period=report.period))
    lines.append(_("Made on %(day)s from the platform's record.",
                   day=local_today().strftime("%d.%m.%Y")))
    return [line for line in lines if line]


def _locale() -> str:
    return str(get_locale() or "pl")


def _indicators(report: FunderReport) -> list[tuple[str, object]]:
    return [(label, value) for _name, label, value in report.counters.items()]


def _group_table(report: FunderReport) -> tuple[list[str], list[list]]:
    head = [_("Participant group"), _("People"), *report.sexes]
    rows = [[group.label, group.people, *(group.by_sex.get(sex, 0) for sex in report.sexes)]
            for group in report.groups]
    rows.append([_("Total"), report.counters.recipients,
                 *(sum(group.by_sex.get(sex, 0) for group in report.groups)
                   for sex in report.sexes)])
    return head, rows


def _event_table(report: FunderReport) -> tuple[list[str], list[list]]:
    head = [_("First day"), _("Last day"), _("Event"), _("Type"), _("Format"), _("Place"),
            _("Hours"), _("Kilometres"), _("People present"),
            *(str(CATEGORY_LABELS[c]) for c in CATEGORIES)]
    rows = [[row.starts_on, row.ends_on, row.title, row.type, row.format, row.place, row.hours,
             row.kilometres, row.people, *(row.by_category.get(c, 0) for c in CATEGORIES)]
            for row in report.events]
    return head, rows


def _advice_table(report: FunderReport) -> tuple[list[str], list[list]]:
    head = [_("Topic of advice"), _("Sessions"), _("Hours of advice")]
    rows = [[row.label, row.sessions, row.hours] for row in report.advice]
    rows.append([_("Total"), sum(row.sessions for row in report.advice),
                 minutes_as_hours(report.advice_minutes)])
    return head, rows


def _reach_table(report: FunderReport) -> tuple[list[str], list[list]]:
    head = [_("Kind"), _("Name"), _("KRS or TERYT")]
    rows = [[_("organisation"), name, number] for name, number in report.organisations]
    rows += [[_("local government"), name, number] for name, number in report.institutions]
    return head, rows


def _method(report: FunderReport) -> list[str]:
    notes = [_("Counted from the attendance recorded on the platform: events of the project "
               "that started within the period and have ended, with at least one person "
               "present. Each person is counted once per group, however many events they "
               "attended; organisations and local governments once each, whether met at "
               "events or advised.")]
    if report.sexes:
        notes.append(_("Sex as the attendees answered the registration question about it (the "
                       "first answer of a person who attended several events); “not given”: "
                       "no answer, or only forms that did not ask."))
    else:
        notes.append(_("The registration forms of the period did not ask for sex."))
    return notes


def xlsx(report: FunderReport) -> bytes:
    title = _title(report)
    workbook = empty_workbook()
    notice = report.project.notice_for(_locale())
    add_summary_sheet(workbook, _("Indicators"), title,
                      [*_about(report), *_method(report), *([notice] if notice else [])],
                      _indicators(report))
    add_table_sheet(workbook, _("Participant groups"), *_group_table(report))
    add_table_sheet(workbook, _("Events"), *_event_table(report))
    add_table_sheet(workbook, _("Advice"), *_advice_table(report))
    add_table_sheet(workbook, _("Reach – organisations and JST"), *_reach_table(report))
    return xlsx_bytes(workbook, title)


def _cells(rows: list[list]) -> list[list[str]]:
    return [[value.strftime("%d.%m.%Y") if hasattr(value, "strftime")
             else value if isinstance(value, str) else _number(value) for value in row]
            for row in rows]


def docx(report: FunderReport) -> bytes:
    title = _title(report)
    document = new_document(landscape=True)
    document.add_heading(title, level=0)
    notice = report.project.notice_for(_locale())
    if notice:  # the funder's visibility rules: its notice on every document, seen first
        document.add_paragraph(notice).runs[0].italic = True
    for line in _about(report):
        document.add_paragraph(line)
    document.add_heading(_("Indicators"), level=1)
    add_table(document, [_("Indicator"), _("Value")],
              _cells([[label, value] for label, value in _indicators(report)]), (3, 1),
              _("Indicators"))
    document.add_heading(_("People reached by participant group"), level=1)
    head, rows = _group_table(report)
    add_table(document, head, _cells(rows), (2.2, 1, *(1 for _sex in report.sexes)),
              _("People reached by participant group"))
    document.add_heading(_("Events held"), level=1)
    if report.events:
        head, rows = _event_table(report)
        add_table(document, head, _cells(rows),
                  (1.1, 1.1, 2.6, 1.1, 0.9, 1.2, 0.7, 0.9, 0.8, *(0.9 for _c in CATEGORIES)),
                  _("Events held"))
    else:
        document.add_paragraph(_("No event of the project was held in the period."))
    document.add_heading(_("Advice"), level=1)
    head, rows = _advice_table(report)
    add_table(document, head, _cells(rows), (3, 1, 1), _("Advice"))
    document.add_heading(_("How it is counted"), level=1)
    for line in _method(report):
        document.add_paragraph(line)
    return docx_bytes(document, title)
