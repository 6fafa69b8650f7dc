"""The staff's form of a news post."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from consult.core.forms import choices, strip
from consult.events.funding import project_choices


class PostForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")),
                                                 Length(max=300)], filters=[strip])
    lead = TextAreaField(_l("Lead"), validators=[Length(max=1000)], filters=[strip],
                         description=_l("One or two sentences shown in the list and the feed."))
    body = TextAreaField(_l("Text"), validators=[Length(max=50_000)], filters=[strip],
                         description=_l("Markdown: **bold**, *italics*, lists, links."))
    project_id = SelectField(_l("Funding project"), coerce=int, validate_choice=False)
    image = FileField(_l("Image"))
    image_alt = StringField(_l("Alt text of the image"), validators=[Length(max=300)],
                            filters=[strip],
                            description=_l("Required with an image: what it shows, for "
                                           "people who cannot see it."))
    remove_image = BooleanField(_l("Remove the image"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_id.choices = choices([(0, _l("— none —"))] + project_choices())
