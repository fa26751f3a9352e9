"""Theme analysis in the API."""

from ninja import Router

router = Router(tags=["Theme analysis"])
