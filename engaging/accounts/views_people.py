"""The people page: coordinators manage accounts and roles without needing the admin site."""

from django.contrib import messages
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import permission_required
from engaging.accounts.forms_people import MembershipForm, PersonForm
from engaging.accounts.models import Membership, User
from engaging.accounts.people import add_person
from engaging.accounts.two_factor import app_of
from engaging.core.kept import kept_view

PEOPLE = ("People", "/accounts/people/")


coordinator_only = permission_required("accounts.manage_people")


def _everyone(request) -> tuple:
    """Who has an account, in short: a new account (which changes no name) or one removed gives a new list."""
    return tuple(User.objects.aggregate(last=Max("pk"), count=Count("pk")).values())


@coordinator_only
@kept_view(more=_everyone)
def people(request):
    users = User.objects.order_by("last_name", "first_name", "username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    )
    return render(request, "accounts/people.html", {"people": users, "crumbs": [("Home", "/"), ("People", None)]})


@coordinator_only
@require_http_methods(["GET", "POST"])
def person_add(request):
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = add_person(request=request, **form.cleaned_data)
        messages.success(request, f"{user} has been added. We have emailed them a link to choose a password.")
        return redirect("accounts:person", pk=user.pk)
    return render(
        request, "accounts/person_add.html", {"form": form, "crumbs": [("Home", "/"), PEOPLE, ("Add a person", None)]}
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
@kept_view()
def person(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    form = MembershipForm(request.POST if request.method == "POST" else None, user=person)
    if request.method == "POST" and form.is_valid():
        membership = form.save(commit=False)
        membership.user = person
        membership.save()
        messages.success(
            request, f"{person} is now {membership.get_role_display().lower()} at {membership.organisation}."
        )
        return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("organisation"),
            "app": app_of(person),
            "sign_on_links": person.sign_on_links.all(),
            "events": person.account_events.select_related("by")[:20],
            "form": form,
            "crumbs": [("Home", "/"), PEOPLE, (str(person), None)],
        },
    )


@coordinator_only
@require_POST
def membership_remove(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    if membership.user_id == request.user.pk and membership.role == Membership.Role.COORDINATOR:
        messages.error(request, "You cannot remove your own coordinator role. Ask another coordinator.")
    else:
        membership.delete()
        messages.success(request, f"{membership.user}'s role at {membership.organisation} has been removed.")
    return redirect("accounts:person", pk=membership.user_id)


@coordinator_only
@require_POST
def person_active(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        messages.error(request, "You cannot switch off your own account.")
    else:
        person.is_active = not person.is_active
        person.save(update_fields=["is_active"])
        state = "switched back on" if person.is_active else "switched off: they can no longer sign in or use tokens"
        messages.success(request, f"{person}'s account has been {state}.")
    return redirect("accounts:person", pk=person.pk)
