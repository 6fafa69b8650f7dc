"""The staff's form of a material (the public list is searched with GET arguments)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import choices, strip
from consult.events.funding import project_choices
from consult.library.models import LANGUAGE_LABELS, TYPE_LABELS


class MaterialForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")),
                                                 Length(max=300)], filters=[strip])
    authors = StringField(_l("Authors"), validators=[Length(max=300)], filters=[strip],
                          description=_l("e.g. “Anna Nowak, Jan Kowalski”."))
    year = IntegerField(_l("Year"), validators=[
        InputRequired(_l("Enter the year, e.g. 2024.")),
        NumberRange(1990, 2100, _l("Enter a year between 1990 and 2100."))])
    type = SelectField(_l("Type"), choices=choices(TYPE_LABELS.items()))
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_LABELS.items()))
    project_id = SelectField(_l("Funding project"), coerce=int, validate_choice=False)
    document = FileField(_l("File"))
    url = URLField(_l("Or a link"), validators=[Optional(), Length(max=500), URL(
        message=_l("Enter a full address starting with https://."))], filters=[strip],
        description=_l("e.g. the recording of a conference."))
    not_accessible = BooleanField(_l("The document is not fully accessible"))
    accessibility_note = TextAreaField(
        _l("Accessibility note"), validators=[Length(max=2000)], filters=[strip],
        description=_l("Required when the document is not fully accessible: what is not "
                       "accessible and how to get an accessible version."))
    tags = StringField(_l("Tags"), validators=[Length(max=500)], filters=[strip],
                       description=_l("Separated by commas, e.g. “dialogue, local government”."))
    published = BooleanField(_l("Published"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_id.choices = choices([(0, _l("— none —"))] + project_choices())
