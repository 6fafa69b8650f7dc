"""Registrations as files: CSV and XLSX for staff, the attendance list to sign as PDF."""

import io
from datetime import date
from pathlib import Path

from flask_babel import get_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.core.datetext import format_clock, format_weekday
from consult.core.spreadsheets import to_csv  # noqa: F401 - used as exports.to_csv
from consult.core.text import export_text
from consult.core.timeutil import local_day, to_local
from consult.events.attendance import confirmed_participants
from consult.events.choices import CATEGORY_LABELS
from consult.events.funding import DEFAULT_BLANK_ROWS
from consult.events.models import REGISTRATION_STATUS_LABELS, Event, Registration
from consult.extensions import db

FONTS = Path(__file__).parent / "fonts"


def status_label(registration: Registration) -> str:
    """The status as staff need it: a pending registration says what it waits for."""
    if registration.awaits_email:
        return _("waiting for e-mail confirmation")
    if registration.awaits_approval:
        return _("waiting for approval")
    return str(REGISTRATION_STATUS_LABELS[registration.status])


# ---------------------------------------------------------------- the table of registrations


def _registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .options(selectinload(Registration.answers), selectinload(Registration.attendance))
        .order_by(Registration.id)
    ))


def registration_table(event: Event) -> tuple[list[str], list[list]]:
    """Header and one row per registration (every status); a custom question is a column.

    The needs column (health data) is left out once the event's needs have been purged.
    """
    with_needs = event.needs_purged_at is None
    header = [
        _("ID"), _("Status"), _("Registered at"), _("Full name"), _("E-mail address"),
        _("Phone"), _("Takes part as"), _("Organisation or institution"), _("Position or role"),
        _("Consent to image"), _("Days attended"),
    ]
    if with_needs:
        header.append(_("Accessibility or dietary needs"))
    header += [question.label for question in event.questions]
    rows = []
    for registration in _registrations(event):
        answers = {answer.question_id: answer.value for answer in registration.answers}
        row = [
            registration.id, status_label(registration),
            to_local(registration.created_at).replace(tzinfo=None, microsecond=0),
            registration.full_name, registration.email or "", registration.phone,
            str(CATEGORY_LABELS.get(registration.category, registration.category)),
            registration.organisation, registration.position,
            _("yes") if registration.consent_image else _("no"),
            ", ".join(a.day.isoformat() for a in registration.attendance),
        ]
        if with_needs:
            row.append(registration.needs)
        row += ["; ".join(export_text(answers.get(q.id, "")).splitlines())
                for q in event.questions]
        rows.append(row)
    return header, rows


# ---------------------------------------------------------------- the attendance list


def trainers(event: Event) -> list[str]:
    """The event's trainers and speakers, one per line of its ``speakers`` field."""
    return [export_text(line.strip()) for line in event.speakers.splitlines() if line.strip()]


def hours_on(event: Event, day: date) -> str:
    """The event's hours on ``day``, local time: from its start on the first day to its end
    on the last; on other days the agenda's first start and last end, when it has items."""
    items = [item for item in event.agenda if local_day(item.starts_at) == day]
    start = event.starts_at if local_day(event.starts_at) == day else min(
        (item.starts_at for item in items), default=None)
    end = event.ends_at if local_day(event.ends_at) == day else max(
        (item.ends_at or item.starts_at for item in items), default=None)
    if start and end:
        return f"{format_clock(start)}–{format_clock(end)}"
    if start:
        return _("from %(time)s", time=format_clock(start))
    return _("until %(time)s", time=format_clock(end)) if end else ""


class AttendanceList(FPDF):
    """A4 landscape; every page repeats the funder's logos, the title block and the table's
    header row and carries the funder's notice and "page X of Y" in its footer (funders
    check each page). Empty numbered rows follow the participants, for people who come
    without registering, and the trainers sign under the table.
    """

    MARGIN = 12
    FOOTER_LINE = 4.5
    LOGO_HEIGHT = 14
    LOGO_MAX_WIDTH = 60

    def __init__(self, event: Event, day: date):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.event = event
        self.day = day
        self.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.title_text = export_text(event.title)
        project = event.funding_project
        self.notice = export_text(project.notice_for(str(get_locale() or "pl"))
                                  if project else "")
        self.logos = list(project.logos) if project else []
        self.blank_rows = project.blank_rows if project else DEFAULT_BLANK_ROWS
        self.trainers = trainers(event)
        self.footer_height = 0.0
        title = _("Attendance list")  # not in an f-string: Babel reads it
        self.set_title(f"{title} — {self.title_text} — {day.isoformat()}")
        self.set_lang(str(get_locale() or "pl"))
        self.set_creator(export_text(event.organiser or "consult"))

    def start(self) -> None:
        """The first page; then the footer's height is known (measuring the notice needs a
        page) and the table breaks to a new page above it."""
        self.add_page()
        self.set_font("DejaVu", size=8)
        lines = self.multi_cell(
            w=self.epw, h=self.FOOTER_LINE, text=self.notice, dry_run=True, output="LINES"
        ) if self.notice else []
        self.footer_height = (len(lines) + 1) * self.FOOTER_LINE + 4
        self.set_auto_page_break(True, margin=self.footer_height + self.MARGIN)

    def header(self):
        self.logo_strip()
        self.set_font("DejaVu", "B", 15)
        self.cell(0, 8, _("Attendance list"), new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(0, 6, self.title_text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)
        place = export_text(", ".join(
            p for p in (self.event.venue_name, self.event.venue_address) if p))
        details = _("Date: %(date)s", date=format_weekday(self.day))
        hours = hours_on(self.event, self.day)
        if hours:
            details += "   " + _("Time: %(hours)s", hours=hours)
        if place and self.event.has_venue:
            details += "   " + _("Venue: %(place)s", place=place)
        if self.trainers:
            details += "\n" + _("Trainers: %(names)s", names=", ".join(self.trainers))
        self.multi_cell(0, 6, details, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def logo_strip(self) -> None:
        """The funder's logos side by side, each as high as the others (a wide one
        narrower), as funders' visibility rules ask."""
        if not self.logos:
            return
        x = self.l_margin
        for logo in self.logos:
            height = min(self.LOGO_HEIGHT, self.LOGO_MAX_WIDTH * logo.height / logo.width)
            width = height * logo.width / logo.height
            self.image(io.BytesIO(logo.data), x=x, y=self.t_margin, w=width, h=height)
            x += width + 6
        self.set_y(self.t_margin + self.LOGO_HEIGHT + 3)

    def footer(self):
        self.set_y(-(self.footer_height + self.MARGIN) + 2)
        self.set_font("DejaVu", "", 8)
        if self.notice:
            self.multi_cell(0, self.FOOTER_LINE, self.notice, align="C",
                            new_x="LMARGIN", new_y="NEXT")
        self.cell(0, self.FOOTER_LINE,
                  _("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}"),
                  align="R")

    def participants_table(self, people: list[Registration]) -> None:
        self.set_font("DejaVu", "", 10)
        with self.table(
            col_widths=(12, 62, 74, 40, 85),
            text_align=("RIGHT", "LEFT", "LEFT", "LEFT", "LEFT"),
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
            line_height=5,
            min_row_height=11,
            padding=1.5,
            repeat_headings=1,
        ) as table:
            table.row([_("No."), _("Full name"), _("Organisation or institution"),
                       _("Takes part as"), _("Signature")])
            for number, registration in enumerate(people, start=1):
                table.row([
                    f"{number}.", export_text(registration.full_name),
                    export_text(registration.organisation),
                    str(CATEGORY_LABELS.get(registration.category, registration.category)),
                    "",
                ])
            for number in range(len(people) + 1, len(people) + self.blank_rows + 1):
                table.row([f"{number}.", "", "", "", ""])

    def trainer_signatures(self) -> None:
        """A line to sign for each trainer (one unnamed line when none is given); kept
        together on one page."""
        names = self.trainers or [""]
        needed = 8 + 14 * len(names)
        if self.get_y() + needed > self.page_break_trigger:
            self.add_page()
        self.ln(8)
        self.set_font("DejaVu", "", 10)
        for name in names:
            self.cell(120, 6, name, new_x="RIGHT", new_y="TOP")
            self.cell(0, 6, _("Signature of the trainer:") + " " + "." * 60,
                      new_x="LMARGIN", new_y="NEXT")
            self.ln(8)


def attendance_pdf(event: Event, day: date) -> bytes:
    document = AttendanceList(event, day)
    document.start()
    document.participants_table(confirmed_participants(event))
    document.trainer_signatures()
    return bytes(document.output())
