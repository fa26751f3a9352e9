"""What the public Local Account pages and the coordinators' previews share."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engaging.plain.pictures import svg
from engaging.plain.picturing import live_keywords
from engaging.reports import easy_read, local_account, pdf, services


def page_context(account, *, links: dict) -> dict:
    figures = local_account.figures_for(account.year, account.board)
    return {"account": account, "figures": figures, "charts": pdf.chart_set(figures), "links": links}


def render_account(request, account, *, links: dict, crumbs: list, preview: bool = False):
    """An account's web page as its coordinators preview it, published or not."""
    context = page_context(account, links=links) | {"preview": preview}
    body = mark_safe(render_to_string("reports/_local_account_body.html", context, request=request))  # noqa: S308
    return render(request, "reports/local_account.html", {"title": account.title, "body": body, "crumbs": crumbs})


def easy_read_context(account, *, links: dict, preview: bool = False) -> dict:
    figures = local_account.figures_for(account.year, account.board)
    sections = [
        {
            "heading": section.heading,
            "ideas": [
                {"picture": svg(idea.picture), "sentences": idea.sentences, "points": idea.points}
                for idea in section.ideas
            ],
        }
        for section in easy_read.build(figures, account, live_keywords())
    ]
    return {
        "account": account,
        "figures": figures,
        "sections": sections,
        "links": links,
        "preview": preview,
        "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME,
    }


def render_easy_read(request, account, *, links: dict, crumbs: list, preview: bool = False):
    """An account's Easy Read page as its coordinators preview it, published or not."""
    context = easy_read_context(account, links=links, preview=preview)
    body = mark_safe(render_to_string("reports/_easy_read_body.html", context, request=request))  # noqa: S308
    return render(request, "reports/easy_read.html", {"title": account.title, "body": body, "crumbs": crumbs})


def file_response(account, kind: str) -> HttpResponse:
    """A generated file, made now if it is missing or out of date, as a download with its own name and type."""
    data = services.current_document(account=account, kind=kind)
    response = HttpResponse(data, content_type=services.KINDS[kind].content_type)
    response["Content-Disposition"] = f'attachment; filename="{services.filename(account, kind)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
