"""The OpenAPI description, the documentation page, the shared lists and the API's front door."""

from django.urls import reverse

from tests.api.conftest import assert_error_shape

PATHS = {
    "/api/v1/organisations": {"get"},
    "/api/v1/groups": {"get"},
    "/api/v1/areas": {"get"},
    "/api/v1/priorities": {"get"},
    "/api/v1/methods": {"get"},
    "/api/v1/activities": {"get", "post"},
    "/api/v1/activities/{id}": {"get", "patch", "delete"},
    "/api/v1/activities/{id}/overlaps": {"get"},
}


def test_the_url_names_the_templates_use():
    assert reverse("api:openapi-view") == "/api/v1/docs"
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"


def test_openapi_lists_every_path_and_schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "Engaging Together API"
    assert "400" in spec["info"]["description"] and "Bearer" in spec["info"]["description"]
    listed = {path: set(ops) for path, ops in spec["paths"].items()}
    assert {path: listed.get(path) for path in PATHS} == PATHS
    schemas = spec["components"]["schemas"]
    assert {"Activity", "PublicActivity", "ActivityCreate", "ActivityUpdate", "Error", "FieldError"} <= set(schemas)
    assert "notes" in schemas["Activity"]["properties"] and "notes" not in schemas["PublicActivity"]["properties"]
    assert schemas["ActivityCreate"]["properties"]["type"]["enum"][-1] == "co_production"
    assert set(schemas["ActivityCreate"]["required"]) == {
        "title", "summary", "purpose", "lead_organisation", "type", "level", "start_date", "groups", "areas"
    }  # fmt: skip
    token = spec["components"]["securitySchemes"]["PersonalToken"]
    assert (token["type"], token["scheme"]) == ("http", "bearer")
    post = spec["paths"]["/api/v1/activities"]["post"]
    assert {"201", "400", "401", "403"} <= set(post["responses"])
    filters = {p["name"] for p in spec["paths"]["/api/v1/activities"]["get"]["parameters"]}
    assert {"organisation", "type", "level", "status", "group", "area", "priority", "q", "starts_after",
            "ends_before", "limit", "offset"} <= filters  # fmt: skip


def test_the_docs_page_loads_under_the_strict_content_security_policy(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page and "swagger-ui-init.js" in page
    assert '<html lang="en-GB">' in page and "<main" in page and "api/docs.css" in page and "api/docs.js" in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy


def test_the_site_footer_links_to_the_docs(client, db):
    assert 'href="/api/v1/docs"' in client.get("/").content.decode()


def test_the_front_door_points_to_the_docs(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["docs"].endswith("/api/v1/docs")


def test_the_shared_lists_are_public_and_live_only(world, anon):
    world.older_people.archive()
    groups = anon.get("groups").json()
    assert {g["name"] for g in groups} == {"Young people", "Carers"}
    assert set(groups[0]) == {"id", "name", "category"}
    areas = {a["name"]: a for a in anon.get("areas").json()}
    assert areas["Brockmoor and Pensnett"] == {
        "id": world.ward.pk, "name": "Brockmoor and Pensnett", "kind": "ward", "parent": world.locality.pk
    }  # fmt: skip
    assert areas["Dudley borough"]["parent"] is None
    organisations = {o["name"]: o for o in anon.get("organisations").json()}
    assert organisations["Dudley Council"]["kind"] == "council"
    assert organisations["Dudley Council"]["on_board"] is True
    assert [p["name"] for p in anon.get("priorities").json()] == ["Mental health and wellbeing"]
    assert [m["name"] for m in anon.get("methods").json()] == ["Focus group"]


def test_the_shared_lists_refuse_a_bad_token(world, anon):
    anon.headers = {"Authorization": "Bearer nope"}
    assert_error_shape(anon.get("groups"), 401)
