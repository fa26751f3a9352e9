"""Surveys, indicators and patient participation groups in the API."""

from ninja import Router

router = Router(tags=["Surveys, indicators and patient participation groups"])
