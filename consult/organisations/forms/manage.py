"""Staff forms of the register: an organisation's details, and the choice of a merge."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from consult.core.forms import MultiCheckboxField, QuickSelect, choices, strip
from consult.core.identifiers import krs_number, nip_number, regon_number
from consult.organisations.choices import AREA_LABELS, LEGAL_FORM_LABELS


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=300)]
    )
    legal_form = SelectField(_l("Legal form"), choices=choices(LEGAL_FORM_LABELS.items()))
    krs = StringField(
        _l("KRS number"),
        validators=[Optional(), krs_number],
        description=_l("Leave empty if the organisation is not in the KRS."),
    )
    other_register = StringField(
        _l("Other register and number"),
        validators=[Optional(), Length(max=300)],
        description=_l("E.g. the county's register of ordinary associations, no. 12."),
    )
    nip = StringField(_l("NIP"), validators=[Optional(), nip_number])
    regon = StringField(_l("REGON"), validators=[Optional(), regon_number])
    gmina_id = SelectField(
        _l("Seat (municipality)"), coerce=int, validators=[Optional()], widget=QuickSelect(),
        description=_l("The county follows the municipality."))
    seat = StringField(_l("Seat (town)"), validators=[Optional(), Length(max=200)])
    areas = MultiCheckboxField(_l("Areas of activity"), choices=choices(AREA_LABELS.items()))
    email = EmailField(
        _l("E-mail address"), filters=[strip],
        validators=[Optional(), Email(_l("Enter a valid e-mail address, e.g. name@example.pl.")),
                    Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    website = URLField(
        _l("Website"),
        validators=[Optional(), URL(message=_l("Enter a full address starting with https://.")),
                    Length(max=300)],
    )
    public_listing = BooleanField(
        _l("The organisation agrees to be listed publicly"),
        description=_l("Only the name, legal form, seat, areas and website are shown at "
                       "/organisations/; the date of the consent is kept."))


class MergeForm(FlaskForm):
    kept_id = SelectField(_l("The organisation that stays"), coerce=int,
                          validators=[DataRequired(_l("Choose an organisation."))],
                          widget=QuickSelect())
    duplicate_id = SelectField(_l("The duplicate, merged into it and deleted"), coerce=int,
                               validators=[DataRequired(_l("Choose an organisation."))],
                               widget=QuickSelect())
