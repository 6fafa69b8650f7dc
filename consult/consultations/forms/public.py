"""Forms of the public consultation pages: a comment (the contract's field names), a report
of a comment, following by e-mail."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from consult.consultations.choices import ON_BEHALF, ORGANISATION, ORGANISATIONS_ONLY, SELF
from consult.consultations.kept import section_choices
from consult.consultations.models import Comment, Consultation
from consult.consultations.services import CommentData
from consult.core.antibot import AntibotMixin
from consult.core.forms import QuickSelect, choices, email_field, strip
from consult.core.identifiers import is_krs, krs_number

ON_BEHALF_LABELS = {
    SELF: _l("myself, as a private person"),
    ORGANISATION: _l("an organisation"),
}
WHOLE_DOCUMENT_CHOICE = ""  # the section field's value for the whole document


class CommentForm(AntibotMixin, FlaskForm):
    section = SelectField(_l("Part of the document"), validate_choice=True,
                          widget=QuickSelect())
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=10000)],
        filters=[strip],
    )
    proposed_text = TextAreaField(
        _l("Proposed wording"), validators=[Optional(), Length(max=10000)], filters=[strip])
    justification = TextAreaField(
        _l("Justification"), validators=[Optional(), Length(max=10000)], filters=[strip])
    # Checked against the consultation's rules by the service, which explains a refusal.
    on_behalf = RadioField(
        _l("I comment on behalf of"), validate_choice=False,
        validators=[InputRequired(_l("Say on whose behalf you comment."))],
    )
    organisation_name = StringField(
        _l("Name of the organisation"), validators=[Length(max=300)],
        filters=[strip])
    organisation_krs = StringField(
        _l("KRS number"), validators=[Optional(), krs_number], filters=[strip])
    # Many organisations have no KRS number (ordinary associations, church bodies): they
    # name their register here. Stored with the comment where a KRS number would be.
    organisation_register = StringField(
        _l("Other register and number"), validators=[Optional(), Length(max=100)],
        filters=[strip])
    show_name = BooleanField(_l("Publish my name with the comment"))

    def validate_on_behalf(self, field):
        if field.data not in ON_BEHALF:
            raise ValidationError(_l("Say on whose behalf you comment."))

    def validate_organisation_name(self, field):
        if self.on_behalf.data == ORGANISATION and not field.data:
            raise ValidationError(_l("Give the name of the organisation."))

    def validate_organisation_register(self, field):
        if field.data and self.organisation_krs.data:
            raise ValidationError(_l("Give either the KRS number or another register, not "
                                     "both."))

    def comment_data(self) -> CommentData:
        return CommentData(
            section_id=int(self.section.data) if self.section.data else None,
            body=self.body.data or "",
            proposed_text=self.proposed_text.data or "",
            justification=self.justification.data or "",
            on_behalf=self.on_behalf.data,
            organisation_name=self.organisation_name.data or "",
            organisation_krs=self.organisation_krs.data or self.organisation_register.data or "",
            show_name=bool(self.show_name.data) and self.on_behalf.data == SELF,
        )


def comment_form(consultation: Consultation, form_class: type[CommentForm] = CommentForm,
                 on_behalf_labels=ON_BEHALF_LABELS, **kwargs) -> CommentForm:
    """The form with this consultation's sections and the ways it allows to take part
    (``form_class``: staff enter comments received outside the platform with a subclass)."""
    data = kwargs.get("data")
    if data and data.get("organisation_krs") and not is_krs(data["organisation_krs"]):
        # A comment (or the remembered organisation) with another register than the KRS.
        kwargs["data"] = {**data, "organisation_register": data["organisation_krs"],
                          "organisation_krs": ""}
    form = form_class(**kwargs)
    form.section.choices = choices(
        [(WHOLE_DOCUMENT_CHOICE, _l("The whole document"))]
        + [(str(s.id), s.label) for s in section_choices(consultation)])
    allowed = (ORGANISATION,) if consultation.participation == ORGANISATIONS_ONLY else ON_BEHALF
    form.on_behalf.choices = choices((value, on_behalf_labels[value]) for value in allowed)
    return form


def initial_comment_data(consultation: Consultation, section_id: str,
                         remembered: tuple[str, str] | None) -> dict:
    """A new comment's form: the part chosen, and the organisation the person last
    commented for (``remembered``: name, register number) or the only way allowed."""
    data = {"section": section_id, "on_behalf": SELF}
    if remembered is not None:
        data.update(on_behalf=ORGANISATION, organisation_name=remembered[0],
                    organisation_krs=remembered[1])
    if consultation.participation == ORGANISATIONS_ONLY:
        data["on_behalf"] = ORGANISATION
    return data


def edited_comment_data(comment: Comment) -> dict:
    """The form of a comment being changed, filled in with what it says now."""
    return {
        "section": str(comment.section_id or ""), "body": comment.body,
        "proposed_text": comment.proposed_text, "justification": comment.justification,
        "on_behalf": comment.on_behalf, "organisation_name": comment.organisation_name,
        "organisation_krs": comment.organisation_krs, "show_name": comment.show_name,
    }


class FlagForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with this comment?"),
        validators=[DataRequired(_l("Say briefly why you report the comment.")),
                    Length(max=2000)],
        filters=[strip],
    )


class FollowForm(AntibotMixin, FlaskForm):
    email = email_field()
