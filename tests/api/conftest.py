"""An API client per persona, each with a personal token."""

import json

import pytest
from django.test import Client

from engaging.accounts.models import ApiToken

BASE = "/api/v1"
PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


class ApiClient:
    """Sends JSON to the API as one persona (or anonymously), and reads JSON back."""

    def __init__(self, token: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, verb: str, path: str, body=None, *, raw: bytes | str | None = None, **params):
        url = path if path.startswith("/") else f"{BASE}/{path}"
        call = getattr(self.client, verb)
        if verb in ("get", "delete"):
            return call(url, params or None, headers=self.headers)
        content = raw if raw is not None else json.dumps(body)
        return call(url, content, content_type="application/json", headers=self.headers)

    def get(self, path, **params):
        return self._send("get", path, **params)

    def post(self, path, body=None, **kwargs):
        return self._send("post", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self._send("patch", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self._send("put", path, body, **kwargs)

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def tokens(world):
    """The secret token of each persona."""
    return {name: ApiToken.issue(user=getattr(world, name), name="t")[1] for name in PERSONAS}


@pytest.fixture
def as_(tokens):
    """as_("coordinator") is an ApiClient for that persona; as_(None) is anonymous."""

    def make(persona: str | None) -> ApiClient:
        return ApiClient(tokens[persona] if persona else None)

    return make


@pytest.fixture
def anon():
    return ApiClient()


def assert_error_shape(response, status: int | None = None, field: str | None = None) -> dict:
    """The response is a 4xx in the one error shape; returns its body."""
    assert 400 <= response.status_code < 500, response.content
    if status is not None:
        assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    for item in body["errors"]:
        assert set(item) == {"field", "message"}
        assert item["field"] and item["message"]
    if field is not None:
        assert field in {item["field"] for item in body["errors"]}, body
    return body


def valid_body(world, **changes) -> dict:
    """A complete, valid new activity led by the council."""
    body = {
        "title": "Carers' café conversations",
        "summary": "Drop in and tell us what would help.",
        "purpose": "Informs the carers' strategy refresh.",
        "lead_organisation": world.council.pk,
        "type": "co_production",
        "level": "collaborate",
        "start_date": "2031-05-01",
        "end_date": "2031-05-31",
        "groups": [world.carers.pk],
        "areas": [world.locality.pk],
    }
    body.update(changes)
    return body
