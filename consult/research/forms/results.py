"""Publishing a diagnosis's results, with an optional summary in Markdown."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from consult.core.forms import strip

SUMMARY_MAX = 20_000


class PublishForm(FlaskForm):
    summary = TextAreaField(
        _l("Summary of the results (optional)"), filters=[strip],
        validators=[Length(max=SUMMARY_MAX)],
        description=_l("Shown above the results. Markdown: **bold**, lists, links."))


class UnpublishForm(FlaskForm):
    """Only the CSRF token."""
