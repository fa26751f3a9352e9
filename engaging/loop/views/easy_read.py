"""A response's Easy Read version: the form its authors write or change it with."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from engaging.loop.easy_read import draft_for_response
from engaging.loop.models import Response, public_findings
from engaging.loop.views.access import response_for_editing
from engaging.plain.checking import live_glossary
from engaging.plain.easy_read_views import edit_ideas


def _where_residents_read(response: Response) -> str:
    """Where to see a response's Easy Read version: on the first activity's Easy Read page, if it is public."""
    if Response.objects.public().filter(pk=response.pk).exists():
        first = public_findings().filter(responses=response).order_by("heard_on", "pk").first()
        if first is not None:
            return reverse("yswd:easy_read", args=[first.activity_id]) + f"#response-{response.pk}"
    return response.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Write or change a response's Easy Read version, starting from a draft of what was decided or done."""
    response = response_for_editing(request.user, pk)
    title = "Easy Read version"
    return edit_ideas(
        request,
        subject=response,
        draft=lambda: draft_for_response(response, glossary=live_glossary()),
        saved_url=lambda: _where_residents_read(response),
        redrafted="This is a new draft from the response. Save it to replace the Easy Read version.",
        template="loop/easy_read_response_form.html",
        context={
            "response": response,
            "title": title,
            "crumbs": [
                ("Home", "/"),
                ("Feedback loop", reverse("loop:index")),
                (str(response), response.get_absolute_url()),
                (title, None),
            ],
        },
    )
