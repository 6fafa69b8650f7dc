"""One page of the questionnaire (one area) as a form: a field per indicator, in the
respondent's language. Every question is optional."""

from decimal import Decimal, InvalidOperation

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from consult.core.forms import choices
from consult.research.models import Area, Indicator, QuestionKind
from consult.research.respond import DONT_KNOW, Value

NUMBER_LIMIT = Decimal("1000000000")
TEXT_MAX = 5000

def english() -> bool:
    return str(get_locale()) == "en"

def text_of(indicator_or_area, field: str = "text") -> str:
    """The Polish or English text, as the page is shown."""
    return getattr(indicator_or_area, f"{field}_en" if english() else f"{field}_pl")

def field_name(indicator: Indicator) -> str:
    return f"q{indicator.id}"

def parse_number(text: str) -> Decimal:
    """A number as people in Poland type it: "2,5", "1 200", "3"."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise ValueError(text)
    return number.quantize(Decimal("0.01"))

def _number_check(_form, field) -> None:
    if field.data and field.data.strip():
        try:
            parse_number(field.data)
        except ValueError:
            raise ValidationError(_("Enter a number, e.g. 3 or 2,5.")) from None

def _field(indicator: Indicator):
    label = text_of(indicator)
    if indicator.kind == QuestionKind.TEXT:
        return TextAreaField(label, validators=[Optional(), Length(max=TEXT_MAX)])
    if indicator.kind == QuestionKind.NUMBER:
        return StringField(label, validators=[Optional(), _number_check],
                           render_kw={"inputmode": "decimal", "autocomplete": "off",
                                      "size": 12})
    language = "en" if english() else "pl"
    if indicator.kind == QuestionKind.YES_NO:
        options = [("1", _("Yes")), ("0", _("No"))]
    else:
        options = [(str(i), label[language]) for i, label in enumerate(indicator.choices)]
    if indicator.dont_know:
        options.append((DONT_KNOW, _("Hard to say")))
    return RadioField(label, choices=choices(options), validators=[Optional()])


class PageForm(FlaskForm):
    """One page's questions (the fields are added by ``page_form``)."""

    def values(self, area: Area) -> dict[int, Value | None]:
        """The page's answers by indicator id; None for a question left unanswered."""
        found: dict[int, Value | None] = {}
        for indicator in area.indicators:
            raw = self[field_name(indicator)].data
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                found[indicator.id] = None
            elif indicator.kind == QuestionKind.TEXT:
                found[indicator.id] = Value(text=raw.strip())
            elif indicator.kind == QuestionKind.NUMBER:
                found[indicator.id] = Value(number=parse_number(raw))
            elif raw == DONT_KNOW:
                found[indicator.id] = Value(dont_know=True)
            else:
                found[indicator.id] = Value(choice=int(raw))
        return found

def page_form(area: Area, answers: dict, formdata=...) -> PageForm:
    """The form of ``area``'s page, filled in with the saved ``answers`` (by indicator id)
    unless the request brings the respondent's own."""
    fields = {field_name(indicator): _field(indicator) for indicator in area.indicators}
    form_class = type("SurveyPageForm", (PageForm,), fields)
    data = {field_name(indicator): _shown(indicator, answers.get(indicator.id))
            for indicator in area.indicators}
    if formdata is ...:
        return form_class(data=data)
    return form_class(formdata=formdata, data=data)

def _shown(indicator: Indicator, answer) -> str | None:
    if answer is None:
        return None
    if answer.dont_know:
        return DONT_KNOW
    if indicator.kind == QuestionKind.TEXT:
        return answer.text
    if indicator.kind == QuestionKind.NUMBER:
        return None if answer.number is None else _number_text(answer.number)
    return None if answer.choice is None else str(answer.choice)

def _number_text(number: Decimal) -> str:
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if not english() else text
