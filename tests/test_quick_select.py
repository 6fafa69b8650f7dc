"""QuickSelect writes exactly the HTML of WTForms' own select, only faster."""

import pytest
from wtforms import Form, SelectChoice, SelectField

from consult.core.forms import QuickSelect

CHOICES = [SelectChoice(value, label) for value, label in (
    ("1", "Jeden & <dwa>"), ("2", "Dwa"), ("", "—"), ('x"y', "q'"), ("4", ""))]


class Plain(Form):
    part = SelectField(choices=CHOICES)


class Quick(Form):
    part = SelectField(choices=CHOICES, widget=QuickSelect())


@pytest.mark.parametrize("chosen", ["2", 'x"y', "", None])
def test_the_same_html_as_wtforms(chosen):
    plain, quick = Plain(data={"part": chosen}), Quick(data={"part": chosen})
    assert str(quick.part(class_="wide")) == str(plain.part(class_="wide"))
    assert "&lt;dwa&gt;" in str(quick.part()) and "&#34;" in str(quick.part())
