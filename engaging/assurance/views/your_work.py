"""An officer's "Your work" page: what needs doing across the hub, most urgent first (see todo.py).

It lives with assurance because its to-do list reads every app below it; its address stays under
the register, where officers have bookmarked it.
"""

from django.shortcuts import render

from engaging.accounts.access import internal_only, roles_for
from engaging.assurance.todo import todo_for
from engaging.core.kept import kept_view
from engaging.register.models import Activity, Status

# What the rows of planned and open activities show (register/_activity_rows.html), and no more.
ROW_FIELDS = ("title", "type", "level", "start_date", "end_date", "status", "lead_organisation__name")


@internal_only
@kept_view()
def your_work(request):
    """The officer's to-do list, most urgent first, with their planned and open activities beneath."""
    roles = roles_for(request.user)
    own = Activity.objects.select_related("lead_organisation").only(*ROW_FIELDS)
    own = own.filter(status__in=[Status.PLANNED, Status.OPEN])
    if not roles.coordinator and roles.officer_of:
        own = own.filter(lead_organisation__in=roles.officer_of)
    return render(
        request,
        "assurance/your_work.html",
        {
            "upcoming": list(own.order_by("start_date", "pk")[:10]),
            "todo": todo_for(request.user),
            "can_add": request.user.has_perm("register.add_activity"),
            "crumbs": [("Home", "/"), ("Your work", None)],
        },
    )
