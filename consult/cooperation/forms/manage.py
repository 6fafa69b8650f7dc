"""Recording one value of a JST's record with its source.

A JST's page holds a form for every step of every year it shows, and one for a year it does
not show. Each form has a key (``form_key``: "adopted-2026", "benefit_council", "other")
that is also its prefix, so the ids of its fields are unique on the page; the key comes
back with the post (an unprefixed hidden field, ``KEY_FIELD``) and tells the view which
form to read and, for the fixed ones, the step and the year.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from consult.cooperation.documents import MAX_DOCUMENT_MB, upload_of
from consult.cooperation.models import JST_STEPS, STEP_LABELS, YEAR_STEPS, Step
from consult.cooperation.services import Entry, warsaw_today
from consult.core.forms import choices, strip

KEY_FIELD = "form"
OTHER_YEAR = "other"  # the key of the form for a year the page does not show

FIRST_PROGRAMME_YEAR = 2004
"""The first annual programmes of cooperation: the act on public benefit activity and
volunteering (UDPP, 24 April 2003) came into force on 29 June 2003, so councils first adopted
them for 2004."""


def last_programme_year() -> int:
    """The latest year a programme may already exist for: next year's, adopted by 30
    November of this one (Warsaw's calendar)."""
    return warsaw_today().year + 1


def form_key(step: Step, year: int | None = None) -> str:
    """The key (and prefix) of the form for ``step`` of ``year`` (None: a standing fact)."""
    return str(step) if year is None else f"{step}-{year}"


def parse_form_key(key: str) -> tuple[Step, int | None] | None:
    """The step and year of a fixed form's key; None for anything no page of ours sends."""
    step, _sep, year = key.partition("-")
    if step in set(JST_STEPS) and not year:
        return Step(step), None
    if (step in set(YEAR_STEPS) and year.isdigit() and len(year) == 4
            and FIRST_PROGRAMME_YEAR <= int(year) <= last_programme_year()):
        return Step(step), int(year)
    return None


class RecordForm(FlaskForm):
    """A new value of one step of the record; the step and the year are the form's (its
    key). The rules (a date, a source, a note when withdrawn) are ``services.check``'s."""

    happened_on = DateField(
        _l("Date"), format=["%Y-%m-%d", "%d.%m.%Y"], validators=[Optional()],
        invalid_value_message=_l("Enter a date, e.g. 2026-11-27."),
        description=_l("The day of the resolution, or the day the document was published."))
    reference = StringField(
        _l("Number of the resolution or document"), validators=[Length(max=100)],
        filters=[strip], description=_l("E.g. XII/85/2026."))
    source_url = URLField(
        _l("Source"), validators=[Length(max=500)], filters=[strip],
        description=_l("The address of the page in the BIP or of the document, starting with "
                       "https://."))
    document = FileField(
        _l("Or the document"),
        description=_l("When there is no page to link to: the resolution or the report as PDF, "
                       "Word (.docx) or OpenDocument text (.odt), at most %(mb)d MB.",
                       mb=MAX_DOCUMENT_MB))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)], filters=[strip],
                         description=_l("Required when you withdraw the value: say why."))
    withdrawn = BooleanField(
        _l("It did not happen after all (the resolution was annulled, or the earlier entry "
           "was wrong)"))

    def entry(self, step: Step, year: int | None) -> Entry:
        return Entry(step=step, year=year, happened_on=self.happened_on.data,
                     reference=self.reference.data or "", source_url=self.source_url.data or "",
                     note=self.note.data or "", withdrawn=bool(self.withdrawn.data),
                     document=upload_of(self.document.data))


class OtherYearForm(RecordForm):
    """A value of a year the page does not show: the step and the year are chosen."""

    step = SelectField(_l("Step"), choices=choices(
        (str(step), STEP_LABELS[step]) for step in YEAR_STEPS))
    year = IntegerField(
        _l("Year of the programme"),
        validators=[InputRequired(_l("Enter the year of the programme, e.g. 2025."))],
        invalid_value_message=_l("Enter the year of the programme, e.g. 2025."))

    def validate_year(self, field) -> None:
        last = last_programme_year()
        if field.data is not None and not FIRST_PROGRAMME_YEAR <= field.data <= last:
            raise ValidationError(_("Enter a year from %(first)d to %(last)d.",
                                    first=FIRST_PROGRAMME_YEAR, last=last))
