"""Training and network events in the API."""

from ninja import Router

router = Router(tags=["Training and network events"])
