"""Signing on with an organisation's account (OpenID Connect): starting, coming back, and every way it can fail."""

import logging

from django.conf import settings
from django.contrib import auth
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from engaging.accounts import sign_on, sso
from engaging.accounts.landing import landing_url
from engaging.accounts.models import Membership
from engaging.accounts.two_factor import SIGNED_ON

logger = logging.getLogger(__name__)
SESSION_BACKEND = "engaging.accounts.signed_in.Backend"
CRUMBS = [("Home", "/"), ("Sign in", "/accounts/sign-in/")]

PROBLEMS = {
    "unreachable": (
        "We could not reach your organisation's sign-in",
        "Your organisation's sign-in service did not answer. It may be busy or down for a short while.",
    ),
    "denied": (
        "You did not finish signing in",
        "Your organisation's sign-in said you cancelled or did not give permission, so you are not signed in.",
    ),
    "provider error": (
        "Your organisation's sign-in could not sign you in",
        "It sent back an error, so you are not signed in.",
    ),
    "expired": (
        "Your sign-in could not be checked",
        "This happens if you took a long time, went back a page, or opened sign-in in another tab. "
        "You are not signed in.",
    ),
    "not confirmed": (
        "Your sign-in could not be checked",
        "What came back from your organisation's sign-in did not pass our checks, so you are not signed in.",
    ),
}


def problem(request, reason: str, status: int = 200):
    heading, explanation = PROBLEMS[reason]
    return render(
        request,
        "accounts/sign_on_problem.html",
        {"heading": heading, "explanation": explanation, "crumbs": [*CRUMBS, (heading, None)]},
        status=status,
    )


class SignOnStart(OIDCAuthenticationRequestView):
    """Sends the person to their organisation's sign-in, remembering the state, nonce and PKCE in the session."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            found = sso.endpoints()
        except sso.ProviderUnavailable:
            return problem(request, "unreachable")
        self.OIDC_OP_AUTH_ENDPOINT = found.authorization
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@require_GET
def callback(request):
    """Where the provider sends the person back: check the state, get their claims, find them, sign them in."""
    if not sso.enabled():
        raise Http404
    states = request.session.get("oidc_states")
    entry = states.pop(request.GET.get("state", ""), None) if isinstance(states, dict) else None
    if entry is not None:
        request.session.modified = True
    error = request.GET.get("error")
    if error:
        return problem(request, "denied" if error in {"access_denied", "consent_required"} else "provider error")
    if not isinstance(entry, dict) or not request.GET.get("code"):
        return problem(request, "expired", status=400)
    try:
        backend = sso.SignOnBackend()
        claims = backend.claims(request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"))
        user = sign_on.person_for(claims=claims, issuer=backend.issuer)
    except sso.ProviderUnavailable as error:
        logger.warning("Single sign-on: the provider could not be reached: %s", error)
        return problem(request, "unreachable")
    except sso.ProviderRefused as error:
        logger.warning("Single sign-on: the provider refused the hub's request: %s", error)
        return problem(request, "provider error", status=400)
    except sso.NotConfirmed as error:
        logger.warning("Single sign-on: what the provider sent did not pass the checks: %s", error)
        return problem(request, "not confirmed", status=400)
    except sign_on.Refused as refusal:
        return refused(request, refusal)
    next_url = request.session.get("oidc_login_next") or ""
    auth.login(request, user, backend=SESSION_BACKEND)
    request.session[SIGNED_ON] = True
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = landing_url(user)
    return redirect(next_url)


def refused(request, refusal: sign_on.Refused):
    coordinators = Membership.objects.filter(
        role=Membership.Role.COORDINATOR, user__is_active=True, organisation__archived_at__isnull=True
    ).select_related("user", "organisation")
    return render(
        request,
        "accounts/sign_on_refused.html",
        {
            "refusal": refusal,
            "switched_off": refusal.reason == sign_on.Refused.SWITCHED_OFF,
            "coordinators": coordinators.order_by("user__last_name", "user__first_name"),
            "help_email": settings.SIGN_IN_HELP_EMAIL,
            "crumbs": [*CRUMBS, ("You cannot sign in yet", None)],
        },
        status=403,
    )
