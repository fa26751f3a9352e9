"""Hints beside a text field: the template tag that renders them, and the endpoint HTMX asks as the author types."""

import json
import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client, RequestFactory

from engaging.plain.checker import check
from engaging.plain.hints import marked

CHECK = "/words-we-use/check/"
JARGON = "Going forward, stakeholders will <b>co-produce</b> the plan & the ICB will help."


class SummaryForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea)


def render_tag(form, user=None) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load plain_tags %}{% plain_hints form.summary %}")
    return template.render(Context({"form": form, "request": request, "csrf_token": "token123"}))


def test_the_tag_shows_the_hints_for_the_text_already_in_the_field(glossary):
    html = render_tag(SummaryForm({"summary": JARGON}))
    assert 'id="plain-hints-id_summary"' in html and 'aria-live="polite"' in html
    assert 'id="plain-details-id_summary"' in html
    assert "things to fix before this is published" in html and "Details below" in html
    assert '<mark>stakeholders<span class="govuk-visually-hidden"> (jargon: try “people with an interest”)' in html
    assert "&lt;b&gt;" in html and "<b>" not in html  # the author's text is escaped
    assert "&amp; the" in html


def test_the_tag_asks_for_fresh_hints_a_moment_after_typing_stops(glossary):
    html = render_tag(SummaryForm({"summary": JARGON}))
    container = re.search(r'<div id="plain-hints-id_summary"[^>]*>', html).group()
    assert 'hx-post="/words-we-use/check/"' in container
    assert 'hx-trigger="keyup changed delay:600ms from:#id_summary, change from:#id_summary"' in container
    assert 'hx-target="this"' in container and 'hx-include="#id_summary"' in container
    vals = re.search(r'hx-vals="([^"]+)"', container).group(1).replace("&quot;", '"')
    assert json.loads(vals) == {"plain_field": "summary", "plain_id": "id_summary"}
    headers = re.search(r'hx-headers="([^"]+)"', container).group(1).replace("&quot;", '"')
    assert json.loads(headers) == {"X-CSRFToken": "token123"}


def test_an_empty_field_says_where_hints_will_appear(glossary):
    html = render_tag(SummaryForm())
    assert "hints about plain English will appear here" in html
    assert "<mark>" not in html


def test_plain_text_has_no_marks_but_still_a_verdict(glossary):
    html = render_tag(SummaryForm({"summary": "Come and tell us what you think. We will listen to you."}))
    assert "This is plain: there is nothing to fix." in html and "Reading age" not in html
    assert "<mark>" not in html


def test_hints_list_what_to_fix_worst_first(glossary):
    html = render_tag(
        SummaryForm({"summary": "It was decided that we will ameliorate it with the PQRS going forward."})
    )
    found = [html.index(words) for words in ("“going forward” is jargon", "Write out PQRS", "“ameliorate”", "passive")]
    assert found == sorted(found)


def test_the_tag_works_with_a_form_prefix(glossary):
    html = render_tag(SummaryForm({"p-summary": "Stakeholders agree."}, prefix="p"))
    assert 'id="plain-hints-id_p-summary"' in html and "from:#id_p-summary" in html
    assert "&quot;plain_field&quot;: &quot;p-summary&quot;" in html


def test_marked_text_keeps_line_breaks_labels_long_sentences_and_merges_overlaps():
    text = "The JSNA was commissioned.\r\n" + "word " * 30 + "end."
    html = str(marked(text, check(text).issues))
    assert "<br>" in html and "\r" not in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Long sentence: 31 words</strong>' in html
    assert html.count("<mark>JSNA<span") == 1
    assert "acronym: try" in html and "acronym not written out in full the first time" in html


# The endpoint ------------------------------------------------------------------------------


def post(client, text, **extra):
    return client.post(CHECK, {"plain_field": "summary", "plain_id": "id_summary", "summary": text, **extra})


def test_the_endpoint_gives_fresh_hints_and_replaces_the_details_out_of_band(world, glossary):
    client = Client()
    client.force_login(world.officer_council)
    response = post(client, JARGON)
    assert response.status_code == 200
    html = response.content.decode()
    assert "things to fix before this is published" in html
    assert '<div id="plain-details-id_summary" hx-swap-oob="true">' in html
    assert "<mark>stakeholders" in html


@pytest.mark.parametrize("persona", ["officer_council", "coordinator", "board_member"])
def test_anyone_with_a_role_may_use_the_checker(world, glossary, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    assert post(client, "Stakeholders agree.").status_code == 200


def test_people_without_a_role_may_not(world, glossary):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="no-role"))
    assert post(client, "Stakeholders agree.").status_code == 403
    anonymous = post(Client(), "Stakeholders agree.")
    assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]


def test_the_endpoint_only_answers_posts_with_a_csrf_token(world, glossary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_council)
    assert client.get(CHECK).status_code == 405
    assert post(client, "Stakeholders agree.").status_code == 403


def test_the_text_may_come_as_text_instead_of_a_named_field(world, glossary):
    client = Client()
    client.force_login(world.officer_council)
    response = client.post(CHECK, {"plain_id": "id_story", "text": "Stakeholders agree."})
    assert "<mark>Stakeholders" in response.content.decode()


@pytest.mark.parametrize("plain_id", ["", "1abc", "id summary", "x" * 101, '"><script>'])
def test_a_bad_field_id_is_refused(world, glossary, plain_id):
    client = Client()
    client.force_login(world.officer_council)
    assert post(client, "Stakeholders agree.", plain_id=plain_id).status_code == 400


def test_too_much_text_is_not_checked(world, glossary, settings):
    settings.PLAIN_MAX_CHARS = 50
    client = Client()
    client.force_login(world.officer_council)
    html = post(client, "Stakeholders agree. " * 10).content.decode()
    assert "too long to check here" in html and "<mark>" not in html
