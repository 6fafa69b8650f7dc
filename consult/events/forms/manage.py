"""Staff forms of events: the event itself, its questions, duplicates, funding projects.

Times are typed as local wall-clock time (CONSULT_TIMEZONE); ``event_data()`` gives them
back as aware UTC, ready for ``editing.apply_event_data``.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from consult.core.forms import LocalDecimalField, MultiCheckboxField, choices, strip
from consult.core.timeutil import local_to_utc, to_local
from consult.events import editing, evaluation
from consult.events.choices import (
    CATEGORIES,
    CATEGORY_LABELS,
    CHOICE,
    EVALUATION_KINDS,
    FORMAT_LABELS,
    FORMATS,
    MULTIPLE,
    ONLINE,
    ONSITE,
    QUESTION_KIND_LABELS,
    QUESTION_KINDS,
    RATING,
    TYPE_LABELS,
    TYPES,
)
from consult.events.funding import project_choices
from consult.events.models import Event
from consult.institutions import places

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
NOT_GIVEN = 0  # the "none" option of optional selects (coerce=int)
EMPTY_AGENDA_ROWS = 3


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _local_datetime(label, required=False, description=None):
    message = _l("Enter a date and time.")
    return DateTimeLocalField(
        label,
        format=[LOCAL_FORMAT, LOCAL_FORMAT + ":%S"],
        validators=[InputRequired(message) if required else Optional()],
        invalid_value_message=message,
        description=description,
    )


def _count(label, minimum, description=None):
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(min=minimum, message=_l("Enter a whole number of at least %(min)s.")),
        ],
        invalid_value_message=_l("Enter a whole number."),
        description=description,
    )


def _filled(field) -> bool:
    """Typed into (even if not valid), or holding data."""
    if field.raw_data:
        return any(str(value).strip() for value in field.raw_data)
    return bool(field.data)


def _utc(value: datetime | None) -> datetime | None:
    return local_to_utc(value) if value else None


def _lines(text: str | None) -> str:
    """Trimmed non-empty lines, one per line."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


class AgendaRowForm(FlaskForm):
    """One row of the agenda; a row left entirely empty is ignored."""

    class Meta:
        csrf = False

    starts_at = _local_datetime(_l("Start"))
    ends_at = TimeField(
        _l("End time"), validators=[Optional()],
        invalid_value_message=_l("Enter a time, e.g. 11:30."),
    )
    title = StringField(_l("Item"), validators=[Length(max=300)], filters=[strip])
    speakers = StringField(_l("Speakers"), validators=[Length(max=300)], filters=[strip])

    @property
    def is_empty(self) -> bool:
        return not any(_filled(field) for field in self)

    def validate(self, extra_validators=None):
        if self.is_empty:
            return True
        valid = super().validate(extra_validators)
        if self.starts_at.data is None and not self.starts_at.errors:
            self.starts_at.errors.append(_l("Enter when this item starts."))
            valid = False
        if not self.title.data:
            self.title.errors.append(_l("Enter what happens."))
            valid = False
        start, end = self.starts_at.data, self.ends_at.data
        if start and end and end <= start.time():
            self.ends_at.errors.append(_l("The end must be after the start."))
            valid = False
        return valid

    def row(self) -> editing.AgendaRow | None:
        if self.is_empty:
            return None
        start = self.starts_at.data
        end = datetime.combine(start.date(), self.ends_at.data) if self.ends_at.data else None
        return editing.AgendaRow(
            starts_at=local_to_utc(start), ends_at=_utc(end),
            title=self.title.data, speakers=self.speakers.data or "",
        )


class EventForm(FlaskForm):
    type = SelectField(_l("Type"), choices=choices((t, TYPE_LABELS[t]) for t in TYPES))
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=300)],
        filters=[strip],
    )
    slug = StringField(
        _l("Address of the event page"),
        validators=[
            Optional(),
            Length(max=120),
            Regexp(r"^[a-z0-9-]+$",
                   message=_l("Use only lower-case letters without Polish characters, digits "
                              "and hyphens.")),
        ],
        filters=[strip, _lower],
    )
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), Length(max=600)], filters=[strip],
        description=_l("One or two sentences shown in lists of events."),
    )
    description = TextAreaField(
        _l("Description"), filters=[strip],
        description=_l("Markdown: **bold**, *italics*, lists starting with -, links as "
                       "[text](https://…)."),
    )
    speakers = TextAreaField(
        _l("Trainers and speakers"), filters=[_lines], description=_l("One per line.")
    )
    starts_at = _local_datetime(_l("Start"), required=True)
    ends_at = _local_datetime(_l("End"), required=True)
    format = RadioField(
        _l("Format"), choices=choices((f, FORMAT_LABELS[f]) for f in FORMATS), default=ONSITE,
        validators=[InputRequired(_l("Choose the format."))],
    )
    venue_name = StringField(
        _l("Venue"), validators=[Length(max=300)], filters=[strip],
        description=_l("Required for an event on site or hybrid."),
    )
    venue_address = StringField(
        _l("Address of the venue"), validators=[Length(max=300)], filters=[strip],
        description=_l("Required for an event on site or hybrid."),
    )
    powiat_id = SelectField(_l("County"), coerce=int, default=NOT_GIVEN)
    accessibility_info = TextAreaField(
        _l("Accessibility of the venue"), filters=[strip],
        description=_l("Step-free access, induction loop, sign-language interpreter, toilets, "
                       "parking … Markdown."),
    )
    online_url = URLField(
        _l("Link to the online meeting"),
        validators=[Optional(), Length(max=500),
                    URL(message=_l("Enter a full address starting with https://."))],
        filters=[strip],
        description=_l("Shown only to confirmed participants, on their page and in their "
                       "e-mails."),
    )
    organiser = StringField(_l("Organiser"), validators=[Length(max=300)], filters=[strip])
    partners = MultiCheckboxField(_l("Partner institutions"), coerce=int, choices=[])
    other_partners = TextAreaField(_l("Other partners"), filters=[strip])
    funding_project_id = SelectField(_l("Funding project"), coerce=int, default=NOT_GIVEN)
    hours = LocalDecimalField(
        _l("Hours of instruction"), places=1,
        validators=[Optional(), NumberRange(min=0, max=9999,
                                            message=_l("Enter a number from 0 to 9999."))],
        invalid_value_message=_l("Enter a number, e.g. 6 or 7.5."),
    )
    kilometres = _count(_l("Kilometres travelled"), 0)
    capacity = _count(_l("Seats"), 1, description=_l("Leave empty for no limit."))
    quota_ngo = _count(CATEGORY_LABELS["ngo"], 0)
    quota_jst = _count(CATEGORY_LABELS["jst"], 0)
    quota_resident = _count(CATEGORY_LABELS["resident"], 0)
    quota_other = _count(CATEGORY_LABELS["other"], 0)
    registration_opens_at = _local_datetime(
        _l("Registration opens"), description=_l("Leave empty to open it on publication.")
    )
    registration_closes_at = _local_datetime(
        _l("Registration closes"), description=_l("Leave empty to close it at the start.")
    )
    requires_approval = BooleanField(_l("Staff approve each registration"))
    waitlist_enabled = BooleanField(_l("Waiting list when full"), default=True)
    agenda = FieldList(FormField(AgendaRowForm))

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        counties = places.region_counties()
        self.powiat_id.choices = choices(
            [(NOT_GIVEN, _l("— not given —"))]
            + places.county_choices(counties, keep=event.powiat if event else None)
        )
        self.partner_groups = places.jst_groups(counties, event.partners if event else [])
        self.partners.choices = [option for group in self.partner_groups
                                 for option in group.options]
        self.funding_project_id.choices = choices(
            [(NOT_GIVEN, _l("— none —"))] + project_choices()
        )
        if event is not None and event.id is not None:
            self.slug.flags.required = True

    def quota_fields(self):
        return [(category, self[f"quota_{category}"]) for category in CATEGORIES]

    def add_empty_agenda_rows(self) -> None:
        for _unused in range(EMPTY_AGENDA_ROWS):
            self.agenda.append_entry()

    def validate_slug(self, field):
        if not field.data:
            if self.event is not None and self.event.id is not None:
                raise ValidationError(_l("Enter the address of the event page."))
            return
        if not editing.slug_is_free(field.data, self.event):
            raise ValidationError(_l("Another event already has this address."))

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def validate_venue_name(self, field):
        if self.format.data != ONLINE and not field.data:
            raise ValidationError(_l("Enter the venue of an event on site or hybrid."))

    def validate_venue_address(self, field):
        if self.format.data != ONLINE and not field.data:
            raise ValidationError(_l("Enter the address of an event on site or hybrid."))

    def validate_registration_closes_at(self, field):
        if not field.data:
            return
        if self.ends_at.data and field.data >= self.ends_at.data:
            raise ValidationError(_l("Registration must close before the event ends."))
        opens = self.registration_opens_at.data
        if opens and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        capacity = self.capacity.data
        for _category, field in self.quota_fields():
            if capacity is not None and field.data is not None and field.data > capacity:
                field.errors.append(
                    _l("A group cannot have more seats than the event (%(capacity)d).",
                       capacity=capacity)
                )
                valid = False
        return valid

    def event_data(self) -> editing.EventData:
        return editing.EventData(
            type=self.type.data,
            title=self.title.data,
            slug=self.slug.data or "",
            summary=self.summary.data or "",
            description=self.description.data or "",
            speakers=self.speakers.data or "",
            starts_at=local_to_utc(self.starts_at.data),
            ends_at=local_to_utc(self.ends_at.data),
            format=self.format.data,
            venue_name=self.venue_name.data or "",
            venue_address=self.venue_address.data or "",
            powiat_id=self.powiat_id.data or None,
            accessibility_info=self.accessibility_info.data or "",
            online_url=self.online_url.data or "",
            organiser=self.organiser.data or "",
            partners=places.institutions_by_ids(self.partners.data),
            other_partners=self.other_partners.data or "",
            funding_project_id=self.funding_project_id.data or None,
            hours=self.hours.data,
            kilometres=self.kilometres.data,
            capacity=self.capacity.data,
            quotas={category: field.data for category, field in self.quota_fields()},
            registration_opens_at=_utc(self.registration_opens_at.data),
            registration_closes_at=_utc(self.registration_closes_at.data),
            requires_approval=self.requires_approval.data,
            waitlist_enabled=self.waitlist_enabled.data,
            agenda=[row for entry in self.agenda if (row := entry.form.row()) is not None],
        )


class CancelEventForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Enter the reason; registrants read it in the e-mail.")),
                    Length(max=2000)],
        filters=[strip],
    )


class DuplicateForm(FlaskForm):
    starts_at = _local_datetime(
        _l("Start of the new event"), required=True,
        description=_l("The end, the agenda and the registration period move by the same "
                       "amount of time."),
    )


class QuestionWordingForm(FlaskForm):
    """What can change of a question someone has answered (editing.edit_question)."""

    label = StringField(
        _l("Question"), validators=[DataRequired(_l("Enter the question.")), Length(max=300)],
        filters=[strip],
    )
    help_text = StringField(
        _l("Help text"), validators=[Length(max=500)], filters=[strip],
        description=_l("Optional: shown under the question, e.g. what the answer is for."),
    )
    reports_sex = BooleanField(
        _l("The question asks for sex"),
        description=_l("The funder's report then counts the attendees by its answers. "
                       "Single choice only, e.g. “kobieta”, “mężczyzna”, “wolę nie podawać”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_kind = getattr(kwargs.get("obj"), "kind", None)

    def validate_reports_sex(self, field):
        kind = self.kind.data if "kind" in self else self.saved_kind
        if field.data and kind != CHOICE:
            raise ValidationError(_l("Only a single-choice question can count by sex."))


class QuestionForm(QuestionWordingForm):
    kind = SelectField(
        _l("Kind of answer"), choices=choices((k, QUESTION_KIND_LABELS[k]) for k in QUESTION_KINDS)
    )
    options = TextAreaField(
        _l("Options"), filters=[_lines],
        description=_l("For single or multiple choice: one option per line."),
    )
    required = BooleanField(_l("An answer is required"))

    def validate_options(self, field):
        if self.kind.data in (CHOICE, MULTIPLE) and len(field.data.splitlines()) < 2:
            raise ValidationError(_l("Enter at least two options, one per line."))


class EvaluationQuestionForm(FlaskForm):
    kind = RadioField(_l("Kind of answer"), choices=choices(
        (kind, evaluation.KIND_LABELS[kind]) for kind in EVALUATION_KINDS), default=RATING)
    label = StringField(
        _l("Question"), validators=[DataRequired(_l("Enter the question.")), Length(max=300)],
        filters=[strip],
    )
    required = BooleanField(_l("An answer is required"))


def _local(value: datetime | None) -> datetime | None:
    return to_local(value).replace(tzinfo=None) if value else None


def event_initial_data(event: Event) -> dict:
    """What the edit form shows for a stored event: local times, TERYT lines, quotas."""
    data = {name: getattr(event, name) for name in editing.PLAIN_FIELDS}
    data.update({name: _local(getattr(event, name)) for name in editing.TIME_FIELDS})
    data.update(
        slug=event.slug,
        powiat_id=event.powiat_id or NOT_GIVEN,
        funding_project_id=event.funding_project_id or NOT_GIVEN,
        partners=[inst.id for inst in event.partners],
        agenda=[
            {"starts_at": _local(item.starts_at),
             "ends_at": _local(item.ends_at).time() if item.ends_at else None,
             "title": item.title, "speakers": item.speakers}
            for item in event.agenda
        ],
    )
    data.update({f"quota_{quota.category}": quota.seats for quota in event.quotas})
    return data
