from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts import two_factor
from engaging.accounts.forms import TokenForm
from engaging.accounts.models import ApiToken
from engaging.core.kept import kept_view


@login_required
@kept_view(more=lambda request: request.session.get(two_factor.SIGNED_ON, False))  # kept for each person alone
def profile(request):
    memberships = request.user.memberships.select_related("organisation")
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "tokens": tokens,
            "two_factor": two_factor.required_for(request.user),
            "app": two_factor.app_of(request.user),
            "backup_codes_left": two_factor.backup_codes_left(request.user),
            "signed_on": request.session.get(two_factor.SIGNED_ON, False),
            "crumbs": [("Home", "/"), ("Your account", None)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        return render(
            request,
            "accounts/token_created.html",
            {"token": token, "secret": secret, "crumbs": [("Your account", "/accounts/"), ("New token", None)]},
        )
    return render(
        request,
        "accounts/token_form.html",
        {"form": form, "crumbs": [("Your account", "/accounts/"), ("New API token", None)]},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"The token “{token.name}” has been revoked. It no longer works.")
    return redirect("accounts:profile")
