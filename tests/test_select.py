"""Selects rendered by the GOV.UK field tag match what Django's own widget would say."""

from django import forms
from django.template import Context, Template


class Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("", "Any"), ("red", "Red & <orange>"), ("blue", "Blue")], required=False)
    grouped = forms.ChoiceField(choices=[("Warm", [("r", "Red")]), ("Cool", [("b", "Blue")])])


def render(form):
    return Template("{% field form.colour %}{% field form.grouped %}").render(Context({"form": form}))


def test_a_select_keeps_its_choice_escapes_labels_and_keeps_groups():
    html = render(Choices({"colour": "blue", "grouped": "b"}))
    assert '<select class="govuk-select" id="id_colour" name="colour">' in html
    assert '<option value="blue" selected>Blue</option>' in html
    assert "Red &amp; &lt;orange&gt;" in html
    assert '<optgroup label="Cool"><option value="b" selected>Blue</option></optgroup>' in html


def test_a_select_with_an_error_is_described_by_its_message():
    form = Choices({"colour": "green", "grouped": "b"})
    form.is_valid()
    html = render(form)
    assert "govuk-select--error" in html and 'aria-describedby="id_colour-error"' in html
