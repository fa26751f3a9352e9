"""A page asked for with too many parameters, or sent too large a form, shows the hub's 400 page, never a
traceback, with DEBUG on or off."""

import pytest


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param


def _too_many(settings) -> str:
    return "&".join(f"p{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


def _is_the_hubs_400_page(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">There is a problem with the request</h1>' in html
    assert "Traceback" not in html
    return html


def test_too_many_parameters_on_a_page(debug, client, world, settings):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(world.coordinator)
        html = _is_the_hubs_400_page(client.get("/register/?" + _too_many(settings)))
        assert "too many parameters" in html


def test_too_large_a_form(debug, client, world, settings):
    client.force_login(world.coordinator)
    form = "title=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post("/register/new/", form, content_type="application/x-www-form-urlencoded")
    assert "The request body is too large." in _is_the_hubs_400_page(response)


def test_too_many_fields_in_a_form(debug, client, world, settings):
    client.force_login(world.coordinator)
    response = client.post("/register/new/", _too_many(settings), content_type="application/x-www-form-urlencoded")
    _is_the_hubs_400_page(response)
