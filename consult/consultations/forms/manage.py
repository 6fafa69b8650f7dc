"""Staff forms of consultations: the consultation, sections, imports, attachments, answers
(one comment, or several at once), moderation, comments received outside the platform, the
report's header and the adopted version.

Dates are typed as local days (CONSULT_TIMEZONE); ``consultation_data()`` hands them to
``editing.apply_consultation_data``, which turns them into the UTC period.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from consult.consultations import adopted, editing, periods
from consult.consultations.choices import (
    CHANNEL_LABELS,
    KIND_LABELS,
    KINDS,
    MODERATION,
    MODERATION_LABELS,
    OFFLINE_CHANNELS,
    ON_BEHALF,
    ORGANISATION,
    PARTICIPATION,
    PARTICIPATION_LABELS,
    SELF,
)
from consult.consultations.forms.public import CommentForm, comment_form
from consult.consultations.models import DECISION_LABELS, Consultation, Decision
from consult.consultations.services import ConsultationError
from consult.core.forms import MultiCheckboxField, choices, strip
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Institution

OTHER_INSTITUTION = 0  # the "another one: give its TERYT code" option of staff


def _date(label, description=None):
    return DateField(
        label, validators=[InputRequired(_l("Enter a date."))],
        invalid_value_message=_l("Enter a date, e.g. 2026-10-15."), description=description)


def _time(label, description=None):
    return TimeField(
        label, validators=[Optional()],
        invalid_value_message=_l("Enter a time, e.g. 15:30, or leave it empty."),
        description=description)


class ConsultationForm(FlaskForm):
    institution_id = SelectField(_l("Institution"), coerce=int)
    teryt = StringField(
        _l("Another institution: TERYT code"), validators=[Optional(), Length(max=7)],
        filters=[strip],
        description=_l("For a local government outside the list: its TERYT code (7 digits "
                       "for a municipality, 4 for a county, 2 for a voivodeship)."))
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=300)],
        filters=[strip],
        description=_l("The title of the draft, e.g. “Program współpracy Gminy … "
                       "z organizacjami pozarządowymi na rok 2027”."))
    kind = SelectField(_l("Kind of act"), choices=choices((k, KIND_LABELS[k]) for k in KINDS))
    year = IntegerField(
        _l("Year"),
        validators=[Optional(), NumberRange(min=2000, max=2100,
                                            message=_l("Enter a year, e.g. 2027."))],
        invalid_value_message=_l("Enter a year, e.g. 2027."),
        description=_l("For an annual programme: the year it is for."))
    summary = TextAreaField(
        _l("Summary"), validators=[Length(max=4000)], filters=[strip],
        description=_l("What the act is about, in a few sentences. Markdown."))
    legal_basis = TextAreaField(
        _l("Legal basis"), validators=[Length(max=4000)], filters=[strip],
        description=_l("The resolution on the detailed way of consulting (art. 5 ust. 5 "
                       "of the Act on public benefit activity), e.g. “Uchwała nr … Rady "
                       "Gminy … z dnia …”."))
    participation = RadioField(
        _l("Who may take part"),
        choices=choices((p, PARTICIPATION_LABELS[p]) for p in PARTICIPATION),
        validators=[InputRequired(_l("Choose who may take part."))])
    moderation = RadioField(
        _l("Moderation"), choices=choices((m, MODERATION_LABELS[m]) for m in MODERATION),
        validators=[InputRequired(_l("Choose the moderation."))])
    opens_on = _date(_l("Opens on"))
    opens_time = _time(_l("Opening time"),
                       description=_l("Leave empty to open at the start of the day."))
    closes_on = _date(_l("Last day for comments"))
    closes_time = _time(
        _l("Closing time"),
        description=_l("Leave empty to accept comments until the end of the last day: "
                       "23:59, and the consultation closes at midnight. With a time, no "
                       "comment is accepted from that minute on."))
    min_period_days = IntegerField(
        _l("Minimum period in days"),
        validators=[Optional(), NumberRange(min=1, max=365,
                                            message=_l("Enter a number of days from 1 to 365."))],
        invalid_value_message=_l("Enter a number of days, e.g. 14."),
        description=_l("What the legal basis sets, in calendar days from the first day to "
                       "the last. A shorter period asks for a confirmation. Leave empty for "
                       "the platform's %(days)s days."))
    period_reason = TextAreaField(
        _l("Reason for the new deadline"), validators=[Length(max=2000)], filters=[strip],
        description=_l("Shown on the consultation's page and in the message to its followers. "
                       "Required when the consultation is shortened."))
    confirm_period = BooleanField(_l("Confirm the period"))
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)],
                               filters=[strip])
    contact_email = StringField(
        _l("Contact e-mail"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address, e.g. "
                                         "name@example.pl.")), Length(max=320)],
        filters=[strip])
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=40)],
                                filters=[strip])
    meeting_ids = MultiCheckboxField(
        _l("Consultation meetings"), coerce=int,
        description=_l("Events of the type “consultation meeting” held as part of this "
                       "consultation."))
    report_forms = TextAreaField(
        _l("Forms of consultation"), validators=[Length(max=4000)], filters=[strip],
        description=_l("As the report will say. Leave empty for the standard text: the "
                       "electronic form on this platform and the linked consultation "
                       "meetings."))

    def __init__(self, *args, user, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.consultation = consultation
        self.institution = None
        self.period_review: periods.PeriodReview | None = None
        self.min_period_days.description = self.min_period_days.description % {
            "days": current_app.config["CONSULT_MIN_CONSULTATION_DAYS"]}
        current = consultation.institution if consultation is not None else None
        options = editing.institution_choices(user, current)
        if user.is_staff:
            options = [(OTHER_INSTITUTION, _l("— another: give the TERYT code below —"))] + options
        self.institution_id.choices = choices(options)
        self.meeting_ids.choices = choices(editing.meeting_choices(
            consultation.meetings if consultation is not None else []))

    @property
    def allows_teryt(self) -> bool:
        return self.user.is_staff

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.user.is_staff and self.teryt.data:
            self.institution = editing.registered_institution_by_teryt(self.teryt.data)
            if self.institution is None:
                self.teryt.errors.append(_l("No local government in the register has this "
                                            "TERYT code."))
                valid = False
        elif self.institution_id.data and self.institution_id.data != OTHER_INSTITUTION:
            self.institution = db.session.get(Institution, self.institution_id.data)
            if self.institution is None or not self.user.can_manage_institution(
                    self.institution):
                self.institution_id.errors.append(_l("Choose an institution from the list."))
                valid = False
        else:
            target = self.teryt if self.user.is_staff else self.institution_id
            target.errors.append(_l("Choose the institution, or give its TERYT code."))
            valid = False
        if self.opens_on.data and self.closes_on.data and not self.closes_on.errors:
            try:
                self.period_review = periods.review_period(
                    self.consultation, self.opens_on.data,
                    self.opens_time.data, self.closes_on.data, self.closes_time.data,
                    self.min_period_days.data)
            except ConsultationError as error:
                self.closes_on.errors.append(str(error))
                valid = False
        if (self.period_review is not None and self.period_review.shortening
                and not self.period_reason.data):
            self.period_reason.errors.append(_l("Give the reason for shortening the "
                                                "consultation: it is shown publicly."))
            valid = False
        return valid

    @property
    def asks_reason(self) -> bool:
        """The reason field is shown once people can comment: a new deadline is public."""
        return self.consultation is not None and periods.has_started(self.consultation,
                                                                     utcnow())

    @property
    def needs_confirmation(self) -> bool:
        """The period is shorter than the minimum or shortens an open consultation, and the
        confirming button was not the one pressed."""
        return (self.period_review is not None and self.period_review.needs_confirmation
                and not self.confirm_period.data)

    def consultation_data(self) -> editing.ConsultationData:
        return editing.ConsultationData(
            institution=self.institution,
            title=self.title.data,
            kind=self.kind.data,
            year=self.year.data,
            summary=self.summary.data or "",
            legal_basis=self.legal_basis.data or "",
            participation=self.participation.data,
            moderation=self.moderation.data,
            opens_on=self.opens_on.data,
            opens_time=self.opens_time.data,
            closes_on=self.closes_on.data,
            closes_time=self.closes_time.data,
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "",
            report_forms=self.report_forms.data or "",
            min_period_days=self.min_period_days.data,
            meeting_ids=list(self.meeting_ids.data or []),
        )


def consultation_initial_data(consultation) -> dict:
    data = {name: getattr(consultation, name) for name in editing.PLAIN_FIELDS}
    data.update(editing.period_as_typed(consultation))
    data.update(institution_id=consultation.institution_id,
                meeting_ids=[event.id for event in consultation.meetings])
    return data


class SectionForm(FlaskForm):
    level = RadioField(
        _l("Level"), coerce=int, default=1,
        choices=choices([(1, _l("chapter or top-level part")),
                         (2, _l("paragraph inside the chapter above"))]),
        validators=[InputRequired(_l("Choose the level."))])
    number = StringField(
        _l("Number"), validators=[Length(max=40)], filters=[strip],
        description=_l("As in the act: “§ 3”, “Rozdział II”, “ust. 2”. May be empty."))
    title = StringField(_l("Title"), validators=[Length(max=300)], filters=[strip])
    text = TextAreaField(
        _l("Text"), filters=[strip],
        description=_l("Markdown: **bold**, *italics*, lists starting with - or 1., an "
                       "empty line between paragraphs."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.number.data and not self.title.data:
            self.title.errors.append(_l("Give the section a number or a title."))
            valid = False
        return valid

    def section_data(self) -> editing.SectionData:
        return editing.SectionData(level=self.level.data, number=self.number.data or "",
                                   title=self.title.data or "", text=self.text.data or "")


class MarkdownImportForm(FlaskForm):
    markdown = TextAreaField(
        _l("Text of the draft"), validators=[DataRequired(_l("Paste the text of the draft."))],
        description=_l("Headings starting with # are chapters, ## are paragraphs; a line "
                       "such as “§ 3. Cel programu” or “Rozdział II – Zasady współpracy” "
                       "also starts a section. The text below a heading is its text."))


class DocxImportForm(FlaskForm):
    document = FileField(
        _l("Word document (.docx)"),
        validators=[FileRequired(_l("Choose the .docx file of the draft."))],
        description=_l("Word's “Heading 1” and “Heading 2” styles become chapters and "
                       "paragraphs; paragraphs starting with “§ 3.” or “Rozdział” also "
                       "start sections. You will see the result before anything is saved."))


class AttachmentForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title of the file.")),
                                 Length(max=300)],
        filters=[strip], description=_l("e.g. “Projekt programu współpracy (PDF)”."))
    document = FileField(_l("File (PDF or DOCX)"),
                         validators=[FileRequired(_l("Choose the file."))])


class AnswerForm(FlaskForm):
    """The decision on a comment and its justification (uzasadnienie stanowiska)."""

    decision = SelectField(
        _l("Decision"),
        choices=choices([("", _l("— choose —"))] + [(d, DECISION_LABELS[d]) for d in Decision]),
        validators=[InputRequired(_l("Choose the decision."))])
    decision_text = TextAreaField(
        _l("Justification of the decision"),
        validators=[DataRequired(_l("Give the justification of the decision.")),
                    Length(max=10000)],
        filters=[strip], render_kw={"rows": 8, "class": "wide-text"})

    def validate_decision(self, field):
        if field.data not in tuple(Decision):
            raise ValidationError(_l("Choose the decision."))


class AnswerTogetherForm(AnswerForm):
    """One answer for several comments that say the same, ticked in the table; prefixed,
    as it shares the page with the table's filters and the forms of each comment."""

    comments = SelectMultipleField(
        _l("Comments to answer"), coerce=int, validate_choice=False,
        validators=[DataRequired(_l("Tick the comments to answer in the table."))])

    def validate_comments(self, field):
        answerable = {value for value, _label in field.choices}
        if not set(field.data) <= answerable:
            raise ValidationError(_l("Only published comments can be answered: tick them "
                                     "in the table again."))


def answer_together_form(answerable: list[int], **kwargs) -> AnswerTogetherForm:
    """``answerable``: the ids of the comments that may be answered (published ones)."""
    form = AnswerTogetherForm(prefix="together", **kwargs)
    form.comments.choices = [(comment_id, str(comment_id)) for comment_id in answerable]
    return form


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason shown in place of the comment"),
        validators=[DataRequired(_l("Give the reason: it is shown in place of the comment.")),
                    Length(max=2000)],
        filters=[strip])


PAPER_ON_BEHALF_LABELS = {
    SELF: _l("a private person"),
    ORGANISATION: _l("an organisation"),
}


class PaperCommentForm(CommentForm):
    """A comment received on paper, by e-mail or at a meeting, entered by staff: the public
    comment form's fields (and checks) with how, when and from whom it came."""

    channel = RadioField(
        _l("How the comment was received"), validate_choice=True,
        choices=choices((c, CHANNEL_LABELS[c]) for c in OFFLINE_CHANNELS),
        validators=[InputRequired(_l("Say how the comment was received."))])
    received_on = _date(_l("Date received"))
    before_opening = BooleanField(_l("Include it although it came before the consultation "
                                     "opened"))
    author_name = StringField(
        _l("Name of the person who submitted it"),
        validators=[DataRequired(_l("Give the name of the person who submitted the comment.")),
                    Length(max=200)], filters=[strip])
    body = TextAreaField(
        _l("Comment"), validators=[DataRequired(_l("Enter the comment.")), Length(max=10000)],
        filters=[strip])
    on_behalf = RadioField(
        _l("Submitted on behalf of"), validate_choice=False,
        validators=[InputRequired(_l("Say on whose behalf the comment was submitted."))])
    show_name = BooleanField(_l("Publish the person's name with the comment"))
    scan = FileField(_l("Scan of the letter or the e-mail (optional)"))

    def validate_on_behalf(self, field):
        if field.data not in ON_BEHALF:
            raise ValidationError(_l("Say on whose behalf the comment was submitted."))


def paper_comment_form(consultation: Consultation, **kwargs) -> PaperCommentForm:
    return comment_form(consultation, PaperCommentForm, PAPER_ON_BEHALF_LABELS, **kwargs)


class ReportForm(FlaskForm):
    """The header fields of the report that the record cannot tell."""

    report_forms = TextAreaField(
        _l("Forms of consultation"), filters=[strip], validators=[Length(max=5000)],
        description=_l("Leave empty for the standard text: the electronic form on this "
                       "platform and the linked consultation meetings."))
    report_conclusion = TextAreaField(
        _l("Conclusion"), filters=[strip], validators=[Length(max=10000)],
        description=_l("For example what the authority will do with the draft now."))
    report_prepared_by = StringField(
        _l("Prepared by"), filters=[strip], validators=[Length(max=300)],
        description=_l("Name and position, e.g. “Anna Nowak, coordinator for cooperation "
                       "with NGOs”."))


def final_form(consultation):
    """One text area per section, prefilled with its final text (the draft's until staff
    change it), and the note on the adoption."""

    class FinalForm(FlaskForm):
        final_note = TextAreaField(
            _l("Note on the adoption"), filters=[strip], validators=[Length(max=2000)],
            description=_l("For example “Uchwała nr XV/120/2026 Rady Miejskiej w Płońsku "
                           "z dnia 25 listopada 2026 r.”"))

    data = {"final_note": consultation.final_note}
    for position, section in enumerate(consultation.sections, start=1):
        name = f"section_{section.id}"
        setattr(FinalForm, name, TextAreaField(adopted.section_label(section, position),
                                               validators=[Length(max=100_000)]))
        data[name] = adopted.final_text_of(section)
    return FinalForm(data=data)
