"""GP practices and their patient participation groups: coverage against the 100% target, gaps flagged."""

from datetime import date

from django.shortcuts import render
from django.views.decorators.http import require_GET

from engaging.accounts.access import internal_only
from engaging.surveys import coverage


@internal_only
@require_GET
def practices(request):
    """Coverage by area (practices and registered patients), and every practice with its group."""
    whole, areas = coverage.coverage()
    return render(
        request,
        "surveys/practices.html",
        {
            "whole": whole,
            "areas": areas,
            "practices": list(coverage.practices_with_groups()),
            "target": coverage.TARGET,
            "today": date.today(),
            "crumbs": [("Home", "/"), ("Surveys and indicators", "/surveys/"), ("Patient participation groups", None)],
        },
    )
