"""Nothing shown to a signed-in person may be kept by a browser or a cache on the way."""

import pytest

from tests.api.conftest import ApiClient, tokens  # noqa: F401  (the API tests' tokens, reused)

PRIVATE = {"private", "no-store"}


def directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "path",
    ["/", "/register/", "/register/your-work/", "/register/export.csv", "/register/export.xlsx", "/get-involved/"],
)
def test_every_page_and_file_shown_to_someone_signed_in_is_private(client, world, council_activity, path):
    client.force_login(world.officer_council)
    response = client.get(path)
    assert response.status_code == 200
    assert PRIVATE <= directives(response)


def test_an_api_answer_to_a_token_is_private(world, tokens):  # noqa: F811
    response = ApiClient(tokens["officer_council"]).get("activities")
    assert response.status_code == 200
    assert PRIVATE <= directives(response)


def test_public_pages_for_anyone_are_not_marked_private(client, world, council_activity):
    response = client.get("/get-involved/")
    assert response.status_code == 200
    assert "private" not in directives(response)
    assert "no-store" not in directives(response)
