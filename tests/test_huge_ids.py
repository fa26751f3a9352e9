"""A number too big for any id — in a form's choice, a filter in the query string, or a page's address — is
answered as an id that does not exist: the field's "choose from the list", or a 404. Never a server error.

SQLite's driver cannot even bind such a number, so before engaging/core/ids.py a list of ids
(`groups=99999999999999999999` on the planning form) broke the query. These tests walk every form,
every filter set and every page address with an id in the hub, so a new one is covered as soon as it exists.
"""

import importlib
import inspect
import pkgutil
from datetime import date

import django_filters
import pytest
from django import forms
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.utils import timezone

import engaging
from engaging.board.models import AgendaItem, Board, Meeting
from engaging.lists.models import Area
from engaging.privacy.schedule import periods as retention_periods
from engaging.questionnaires.models import Question
from engaging.questionnaires.services import create_questionnaire
from engaging.surveys.models import Question as SurveyQuestion
from engaging.surveys.models import Survey
from engaging.themes.models import Framework
from engaging.themes.models import Theme as FrameworkTheme
from tests.factories import ActivityFactory
from tests.insight.factories import ThemeFactory

HUGE = "99999999999999999999"
NEGATIVE_HUGE = "-99999999999999999999"
# Modules where the hub defines forms and filter sets (a form may live beside the one view that uses it).
FORM_MODULES = ("forms", "filters", "views")
KINDS = Question.Kind.values


def hub_modules():
    for module in pkgutil.walk_packages(engaging.__path__, "engaging."):
        parts = module.name.split(".")
        if "migrations" in parts or "management" in parts:
            continue
        if any(part == name or part.startswith(f"{name}_") for part in parts[2:] for name in FORM_MODULES):
            yield importlib.import_module(module.name)


def defined_in_hub(base: type) -> list[type]:
    """Every class derived from `base` that the hub's form, filter and view modules define, by name."""
    found = {}
    for module in hub_modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            meta = getattr(value, "_meta", None)
            if meta is not None and getattr(meta, "model", None) is None:
                continue  # a base for model forms and filter sets, with no model of its own
            if issubclass(value, base) and value.__module__.startswith("engaging."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


HUB_FORMS = defined_in_hub(forms.BaseForm)
HUB_FILTERSETS = defined_in_hub(django_filters.FilterSet)


def survey_question() -> SurveyQuestion:
    question = Survey.objects.create(name="Feeling the Difference").questions.create(
        position=1, text="Do you feel safe?"
    )
    question.answers.create(code=1, text="Yes")
    question.answers.create(code=2, text="No")
    return question


@pytest.fixture
def arguments(world):
    """What a form may need besides its data, by the name of its argument."""
    activity = ActivityFactory(lead_organisation=world.council, groups=[world.carers], areas=[world.ward])
    board = Board.objects.create(name="Dudley Health and Wellbeing Board", area=world.borough)
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now(), venue="Council House")
    item = AgendaItem.objects.create(
        meeting=meeting, title="Urgent care", lead_organisation=world.council, decision_sought="Agree it."
    )
    return {
        "user": world.coordinator,
        "activity": activity,
        "activities": [activity],
        "agenda_item": item,
        "theme": ThemeFactory(),
        "today": date.today(),
        "above_target": {},
        # A questionnaire's answer form has a field for each question: one of each kind.
        "questions": list(
            create_questionnaire(
                activity=activity,
                user=None,
                title="Breaks",
                introduction="Tell us.",
                closes_on=date.today(),
                questions=[{"kind": k, "text": k, "options": ["A", "B"] if "choice" in k else []} for k in KINDS],
            ).questions.all()
        ),
        # A survey's indicator is defined on one of its questions; its values are shown for a chosen area.
        "question": survey_question(),
        "may_choose_for_board": True,
        "areas": Area.objects.all(),
        # Coding a comment offers a framework's themes, with the model's scores for some.
        "themes": list(FrameworkTheme.objects.order_by("pk")[:3]),
        "scores": {},
        # The retention schedule's form has a box of days for each kind of personal data.
        "periods": retention_periods(),
        # Comments are imported into a framework, for an organisation; a framework's themes are edited one at a time.
        "frameworks": list(Framework.objects.order_by("pk")),
        "organisations": [world.council],
        "framework": Framework.objects.order_by("pk").first(),
        # Signing in asks the sign-in throttle, which needs the request it is counting.
        "request": RequestFactory().post("/accounts/sign-in/", REMOTE_ADDR="203.0.113.7"),
    }


def needed(callable_, arguments: dict) -> dict:
    """The keyword arguments `callable_` cannot do without, from `arguments`; a new one fails the test by name."""
    kwargs = {}
    for name, parameter in inspect.signature(callable_).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or name in ("data", "self"):
            continue
        if parameter.default is parameter.empty or name in arguments:
            assert name in arguments, f"{callable_.__qualname__} needs {name!r}: add one to the arguments fixture"
            kwargs[name] = arguments[name]
    return kwargs


def id_fields(fields: dict) -> dict:
    return {name: field for name, field in fields.items() if isinstance(field, forms.ModelChoiceField)}


def test_every_form_and_filter_set_is_found():
    names = {form.__name__ for form in HUB_FORMS}
    assert {"ActivityForm", "FindingForm", "ResponseForm", "ScreeningForm", "StoryForm", "WhatWorksForm"} <= names
    assert {"ActivityFilter", "FindingFilter", "PublicActivityFilter"} <= {f.__name__ for f in HUB_FILTERSETS}


@pytest.mark.parametrize("huge", [HUGE, NEGATIVE_HUGE])
@pytest.mark.parametrize("form_class", HUB_FORMS, ids=lambda form: f"{form.__module__}.{form.__qualname__}")
def test_a_huge_id_in_any_form_is_a_choose_from_the_list_error(form_class, huge, arguments):
    kwargs = needed(form_class.__init__, arguments)
    fields = form_class(**kwargs).fields
    choices = id_fields(fields)
    if not choices:
        # No record is chosen by id here: a huge number in every field is still answered, never raised.
        form = form_class(data=dict.fromkeys(fields, huge), **kwargs)
        form.is_valid()
        assert isinstance(form.errors, dict)
        return
    data = {}
    for name, field in choices.items():
        data[name] = [huge] if isinstance(field, forms.ModelMultipleChoiceField) else huge
    form = form_class(data, **kwargs)
    assert not form.is_valid()
    for name in choices:
        assert name in form.errors, f"{name} accepted {huge}"


def test_the_error_names_the_field_so_the_summary_says_which_question_to_fix(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", {"title": "A listening event", "groups": [HUGE], "areas": [HUGE]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Target groups: choose from the list" in page and 'href="#id_groups' in page
    assert "Areas: choose from the list" in page


@pytest.mark.parametrize("huge", [HUGE, NEGATIVE_HUGE])
@pytest.mark.parametrize("filterset_class", HUB_FILTERSETS, ids=lambda f: f"{f.__module__}.{f.__qualname__}")
def test_a_huge_id_in_any_filter_finds_nothing_or_is_refused(filterset_class, huge, arguments):
    kwargs = needed(filterset_class.__init__, arguments)
    fields = filterset_class(**kwargs).form.fields
    names = list(id_fields(fields))
    if not names:
        # No filter by id here: a huge number in every filter is still answered, never raised.
        filterset = filterset_class(dict.fromkeys(fields, huge), **kwargs)
        if filterset.is_valid():
            list(filterset.qs)
        assert isinstance(filterset.errors, dict)
        return
    for name in names:
        data = {name: huge}
        filterset = filterset_class(data, **kwargs)
        if filterset.is_valid():
            assert list(filterset.qs) == []
        else:
            assert name in filterset.errors


def int_routes(resolver: URLResolver = None, prefix: str = "") -> list[tuple[str, str, list[str]]]:
    """(route, name, names of its int parts) for every page address holding a number, the API aside."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("api/"):
            continue  # the API bounds its ids in its own schema
        if isinstance(entry, URLResolver):
            routes += int_routes(entry, route)
        elif isinstance(entry, URLPattern):
            converters = getattr(entry.pattern, "converters", {})
            ints = [name for name, converter in converters.items() if isinstance(converter, IntConverter)]
            if ints:
                routes.append((route, entry.name or "", ints))
    return routes


INT_ROUTES = int_routes()


def test_there_are_page_addresses_with_ids():
    assert len(INT_ROUTES) > 20


@pytest.mark.parametrize("route, name, ints", INT_ROUTES, ids=[route for route, _, _ in INT_ROUTES])
def test_a_huge_number_in_any_address_is_not_found(route, name, ints, client, world):
    client.force_login(world.coordinator)
    path = "/" + route
    for part in ints:
        path = path.replace(f"<int:{part}>", HUGE)
    response = client.get(path)
    assert response.status_code in (404, 405), f"{path} answered {response.status_code}"
