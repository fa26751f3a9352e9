"""Where a response's page points to its Easy Read version."""

from django import template

from engaging.loop.models import Response, public_findings
from engaging.plain.models import EasyRead

register = template.Library()


@register.inclusion_tag("loop/_easy_read_response_panel.html", takes_context=True)
def easy_read_response_panel(context, response):
    """On a response's partner page: whether it has an Easy Read version, where residents read it, and a link
    to change it."""
    user = context["request"].user
    easy_read = EasyRead.objects.for_object(response).only("ideas", "updated_at").first()
    is_public = Response.objects.public().filter(pk=response.pk).exists()
    activities = (
        public_findings()
        .filter(responses=response)
        .values_list("activity_id", "activity__title")
        .order_by("activity__title", "activity_id")
        .distinct()
        if is_public
        else []
    )
    return {
        "response": response,
        "easy_read": easy_read if easy_read and easy_read.ideas else None,
        "activities": list(activities),
        "can_edit": user.has_perm("loop.change_response", response) and not response.is_archived,
    }
