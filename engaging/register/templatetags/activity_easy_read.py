"""Where an activity's pages point to its Easy Read version."""

from django import template

from engaging.plain.models import EasyRead

register = template.Library()


@register.inclusion_tag("register/_easy_read_link.html")
def easy_read_link(activity):
    """On an activity's public page: a link to its Easy Read version, if it has one."""
    easy_read = EasyRead.objects.for_object(activity).only("ideas").first()
    return {"activity": activity, "has_easy_read": bool(easy_read and easy_read.ideas)}


@register.inclusion_tag("register/_easy_read_panel.html", takes_context=True)
def easy_read_panel(context, activity):
    """On an activity's register page: whether it has an Easy Read version, and links to see or change it."""
    user = context["request"].user
    easy_read = EasyRead.objects.for_object(activity).only("ideas", "updated_at").first()
    return {
        "activity": activity,
        "easy_read": easy_read if easy_read and easy_read.ideas else None,
        "can_edit": user.has_perm("register.change_activity", activity),
    }
