"""The second step of signing in with a password: a code from an authenticator app, and setting one up."""

import math

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from engaging.accounts import two_factor
from engaging.accounts.access import permission_required
from engaging.accounts.forms_sign_in import CodeForm, SetUpForm
from engaging.accounts.landing import landing_url
from engaging.accounts.models import AccountEvent, User

ACCOUNT = ("Your account", "/accounts/")


def _next(request) -> str:
    """Where the person was going, if it is a page of this hub; otherwise their starting page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return landing_url(request.user)


def _wait_message(user) -> str:
    """Each wrong code doubles the wait before the next is checked: 1 second, 2, 4 … up to an hour."""
    until = two_factor.wait_until(user)
    seconds = (until - timezone.now()).total_seconds() if until else 0
    if seconds <= 10:
        return "Wait a few seconds, then enter the code your app shows now"
    if seconds <= 60:
        return "You have entered several wrong codes. Wait a minute, then enter the code your app shows"
    return f"You have entered too many wrong codes. Wait {math.ceil(seconds / 60)} minutes, then try again"


@login_required
@require_http_methods(["GET", "POST"])
def code(request):
    """Enter the code from the authenticator app (or a backup code) after the password."""
    user = request.user
    if two_factor.checked(request.session) or not two_factor.required_for(user):
        return redirect(_next(request))
    if two_factor.app_of(user) is None:
        return redirect(two_factor.next_step(user, request.GET.get("next", "")))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device == "wait":
            form.add_error("code", _wait_message(user))
        elif device is None:
            form.add_error("code", "The code is not right. Enter the code your app shows now, or a backup code")
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    f"You used a backup code. You have {left} left. You can make new ones on your account page.",
                )
            return redirect(_next(request))
    return render(
        request,
        "accounts/two_factor_code.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            # Held here until they give a code, so the menu shows nothing they cannot open yet.
            "roles": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Add the hub to an authenticator app: a QR code or a key to type, then the app's first code."""
    user = request.user
    if not two_factor.required_for(user):
        raise Http404
    if two_factor.app_of(user) is not None and not two_factor.checked(request.session):
        # A password alone must not be enough to replace the app that guards the account.
        return redirect(two_factor.next_step(user, request.GET.get("next", "")))
    device = two_factor.new_app(user)
    form = SetUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed = device.verify_is_allowed()[0]
        if allowed and device.verify_token(form.cleaned_data["code"]):
            codes = two_factor.confirm_app(user=user, device=device)
            otp_login(request, device)
            request.session[two_factor.CODES_TO_SHOW] = codes
            return redirect(f"{_backup_codes_url()}?{urlencode({'next': _next(request)})}")
        if allowed:
            form.add_error("code", "The code is not right. Check the app shows this hub, then enter its code now")
        else:
            form.add_error("code", _wait_message(user))
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="et-qr", title="QR code to scan with your app"
    )
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr": qr,
            "key": two_factor.spaced_key(device),
            "replacing": two_factor.app_of(user) is not None,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            **({} if two_factor.checked(request.session) else {"roles": None}),
        },
    )


def _backup_codes_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor_backup_codes")


@login_required
def backup_codes(request):
    """The backup codes just made, shown once."""
    codes = request.session.pop(two_factor.CODES_TO_SHOW, None)
    if not codes:
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": _next(request), "crumbs": [("Home", "/"), ACCOUNT, ("Backup codes", None)]},
    )


@login_required
@require_POST
def new_backup_codes(request):
    user = request.user
    if not two_factor.required_for(user) or two_factor.app_of(user) is None:
        raise Http404
    request.session[two_factor.CODES_TO_SHOW] = two_factor.new_backup_codes(user)
    AccountEvent.objects.create(user=user, by=user, kind=AccountEvent.Kind.BACKUP_CODES)
    return redirect("accounts:two_factor_backup_codes")


@permission_required("accounts.manage_people")
@require_POST
def reset(request, pk: int):
    """A coordinator removes someone's authenticator app (lost or replaced phone); they set one up again."""
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        messages.error(
            request, "You cannot reset your own two-step sign-in here. Set up a new app on your account page."
        )
    else:
        two_factor.reset_two_factor(person=person, by=request.user)
        messages.success(
            request,
            f"{person}'s two-step sign-in has been reset and they have been signed out. "
            "They will set up an authenticator app the next time they sign in.",
        )
    return redirect("accounts:person", pk=person.pk)
