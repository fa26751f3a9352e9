"""The OpenAPI document says what the API does: who needs a token, the bounds of numbers, dates, what is required."""

import pytest

from engaging.api.types import MAX_ID


@pytest.fixture
def spec(client, db):
    return client.get("/api/v1/openapi.json").json()


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def _parameter(operation, name):
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_one_token_scheme_optional_where_anyone_may_call(spec):
    assert list(spec["components"]["securitySchemes"]) == ["PersonalToken"]
    security = {(method, path): op["security"] for method, path, op in _operations(spec)}
    optional = {operation for operation, needs in security.items() if needs == [{}, {"PersonalToken": []}]}
    required = {operation for operation, needs in security.items() if needs == [{"PersonalToken": []}]}
    assert optional | required == {(method, path) for method, path, _ in _operations(spec)}
    assert {
        ("GET", "/api/v1/activities"),
        ("GET", "/api/v1/activities/{id}"),
        ("GET", "/api/v1/organisations"),
        ("GET", "/api/v1/findings/search"),
        ("GET", "/api/v1/stories"),
        ("POST", "/api/v1/plain-language/check"),
        ("POST", "/api/v1/activities/{id}/participant-feedback"),
    } <= optional
    assert {
        ("POST", "/api/v1/activities"),
        ("GET", "/api/v1/evaluations"),
        ("GET", "/api/v1/dashboard"),
        ("GET", "/api/v1/agenda-items/{id}/screening"),
    } <= required


def test_internal_reads_answer_401_without_a_token_as_the_document_says(anon, world):
    for path in ("evaluations", "dashboard", f"organisations/{world.council.pk}/evidence"):
        response = anon.get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_ids_and_pages_have_their_bounds(spec):
    for _method, path, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, MAX_ID), path
    listing = spec["paths"]["/api/v1/activities"]["get"]
    assert _parameter(listing, "limit")["schema"].items() >= {"minimum": 1, "maximum": 200, "type": "integer"}.items()
    assert _parameter(listing, "offset")["schema"]["minimum"] == 0
    dashboard = spec["paths"]["/api/v1/dashboard"]["get"]
    board = _parameter(dashboard, "board")["schema"]
    assert {"type": "integer", "minimum": 1, "maximum": MAX_ID} in board.get("anyOf", [board])


def test_dates_are_dates(spec):
    for name in ("from", "to"):
        schema = _parameter(spec["paths"]["/api/v1/dashboard"]["get"], name)["schema"]
        assert {"type": "string", "format": "date", "example": "2025-03-31"} in schema.get("anyOf", [schema])
    created = spec["components"]["schemas"]["ActivityCreate"]["properties"]["start_date"]
    assert created["format"] == "date"


def test_a_search_needs_its_words(spec, anon, world):
    assert _parameter(spec["paths"]["/api/v1/findings/search"]["get"], "q")["required"] is True
    response = anon.get("findings/search")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "q", "message": "Enter a word to search for"}]


def test_every_list_is_one_page_shape(spec):
    lists = [path for method, path, op in _operations(spec) if method == "GET" and "limit" in str(op["parameters"])]
    # Every paged list, those of each part of the hub (more parts may add theirs).
    assert {
        *("/api/v1/activities", "/api/v1/findings", "/api/v1/findings/search", "/api/v1/responses"),
        *("/api/v1/loop-closures", "/api/v1/evaluations", "/api/v1/meetings", "/api/v1/agenda-items"),
        *("/api/v1/stories", "/api/v1/courses", "/api/v1/course-sessions"),
    } <= set(lists)
    for path in lists:
        ref = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert [name for name in page["required"] if name != "count_capped"] == ["count", "limit", "offset", "items"]
        # A search counts at most so many matches, and says so.
        assert ("count_capped" in page["required"]) == path.endswith("/search"), path


def test_no_two_different_schemas_share_a_name():
    """The document keeps one schema per class name: two shapes under one name would describe one of them wrongly."""
    import importlib
    import pkgutil

    from ninja import Schema

    import engaging.api.routers

    shapes: dict[str, dict] = {}
    for module_info in pkgutil.iter_modules(engaging.api.routers.__path__):
        module = importlib.import_module(f"engaging.api.routers.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                shape = value.model_json_schema()
                assert shapes.setdefault(name, shape) == shape, f"two different schemas are named {name}"
    assert "QuestionnaireResponseOut" in shapes and "ResponseOut" in shapes
