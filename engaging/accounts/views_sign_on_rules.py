"""The coordinators' "Single sign-on" page: rules that give people roles, and linked accounts."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts import sign_on, sso
from engaging.accounts.access import permission_required
from engaging.accounts.forms_sign_in import LinkForm, RuleForm
from engaging.accounts.models import SignOnLink, SignOnRule

coordinator_only = permission_required("accounts.manage_people")
PEOPLE = ("People", "/accounts/people/")
SIGN_ON = ("Single sign-on", "/accounts/single-sign-on/")


@coordinator_only
def index(request):
    return render(
        request,
        "accounts/sign_on_rules.html",
        {
            "enabled": sso.enabled(),
            "issuer": settings.OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            "button_label": sso.button_label(),
            "rules": SignOnRule.objects.select_related("organisation"),
            "links": SignOnLink.objects.select_related("user").order_by("user__last_name", "user__first_name"),
            "crumbs": [("Home", "/"), PEOPLE, ("Single sign-on", None)],
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def rule_add(request):
    form = RuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        rule = form.save(commit=False)
        rule.created_by = request.user
        rule.save()
        whose = "email ends with @" if rule.kind == rule.Kind.EMAIL_DOMAIN else "group or role is "
        messages.success(
            request,
            f"People signing on whose {whose}{rule.value} will be {rule.get_role_display().lower()} "
            f"at {rule.organisation}.",
        )
        return redirect("accounts:sign_on_rules")
    return render(
        request,
        "accounts/sign_on_rule_form.html",
        {"form": form, "crumbs": [("Home", "/"), PEOPLE, SIGN_ON, ("Add a rule", None)]},
    )


@coordinator_only
@require_POST
def rule_remove(request, pk: int):
    rule = get_object_or_404(SignOnRule.objects.select_related("organisation"), pk=pk)
    rule.delete()
    messages.success(
        request,
        f"The rule for {rule.value} has been removed. Roles it gave change when each person next signs on.",
    )
    return redirect("accounts:sign_on_rules")


@coordinator_only
@require_http_methods(["GET", "POST"])
def link_add(request):
    form = LinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        link = sign_on.link_account(user=form.cleaned_data["person"], email=form.cleaned_data["email"], by=request.user)
        messages.success(request, f"{link.user} can now sign on with {link.email}.")
        return redirect("accounts:sign_on_rules")
    return render(
        request,
        "accounts/sign_on_link_form.html",
        {"form": form, "crumbs": [("Home", "/"), PEOPLE, SIGN_ON, ("Link an account", None)]},
    )


@coordinator_only
@require_POST
def link_remove(request, pk: int):
    link = get_object_or_404(SignOnLink.objects.select_related("user"), pk=pk)
    sign_on.unlink_account(link=link, by=request.user)
    messages.success(request, f"{link.user} is no longer linked to {link.email or 'their organisation account'}.")
    return redirect("accounts:sign_on_rules")
