"""Two-step sign-in: a coordinator who signs in with a password also gives a code from an authenticator app.

Coordinators see and change everything, so a stolen password alone must not be enough. After the password
the person is signed in but held on the two-step pages (TwoFactorMiddleware) until they give a code, or,
when they have no authenticator app yet, until they have set one up. Someone who signed in with their
organisation's account (single sign-on) is not asked: their organisation's own sign-in does that job.

What a session has passed is kept in it: django_otp's device key once a code was given, SIGNED_ON after
single sign-on. Both go when the person signs out, and a coordinator who resets someone's app also ends
that person's sessions (end_sessions_of), so an old session cannot outlive the app it was checked with.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engaging.accounts.roles import roles_for
from engaging.core.navigation import link

SIGNED_ON = "signed_on_with"  # the session was started by single sign-on
BACKUP_CODES = 10
CODES_TO_SHOW = "two_factor_backup_codes"  # backup codes waiting to be shown once

# The pages a coordinator who has not yet given a code may open.
OPEN_TO_UNCHECKED = (
    "accounts:two_factor_code",
    "accounts:two_factor_setup",
    "accounts:logout",
    "accounts:sso_start",
    "accounts:sso_callback",
)


def required_for(user) -> bool:
    """Whether `user` must give a code after their password: coordinators and superusers, when switched on."""
    return settings.TWO_FACTOR_FOR_COORDINATORS and roles_for(user).coordinator


def checked(session) -> bool:
    """Whether this session has passed a second step: a code, or single sign-on."""
    return DEVICE_ID_SESSION_KEY in session or SIGNED_ON in session


def app_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def next_step(user, next_url: str = "") -> str:
    """Where someone held at the second step goes: the code page, or setting up an app if they have none."""
    name = "accounts:two_factor_code" if app_of(user) else "accounts:two_factor_setup"
    url = link(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """Holds a coordinator signed in with only a password on the two-step pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TWO_FACTOR_FOR_COORDINATORS:
            user = request.user
            if user.is_authenticated and not checked(request.session) and required_for(user):
                if request.path_info not in {link(name) for name in OPEN_TO_UNCHECKED}:
                    on_the_way = request.get_full_path() if request.method == "GET" else ""
                    return redirect(next_step(user, on_the_way))
        return self.get_response(request)


def new_app(user) -> TOTPDevice:
    """The authenticator app being set up: kept unconfirmed until the person gives its first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def spaced_key(device: TOTPDevice) -> str:
    """The app's secret as people type it: base 32 in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_app(*, user, device: TOTPDevice) -> list[str]:
    """Make `device` the person's one app, replace their backup codes and return the new codes."""
    from engaging.accounts.models import AccountEvent

    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    AccountEvent.objects.create(user=user, by=user, kind=AccountEvent.Kind.TWO_FACTOR_SET_UP)
    return codes


def new_backup_codes(user) -> list[str]:
    """Ten fresh one-time codes, each working once, in place of any the person had."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str):
    """The device that accepts `code` (a six-digit app code or a backup code), or None.

    Returns the string "wait" while wrong codes have paused checking: each wrong code doubles the wait.
    """
    code = "".join(code.split()).lower()
    if code.isdigit():
        devices = [app_of(user)]
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    devices = [device for device in devices if device is not None]
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return "wait"
        if device.verify_token(code):
            return device
    return None


def wait_until(user):
    """When checking codes may start again after wrong ones, or None when it may now."""
    latest = None
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            latest = max(latest or data["locked_until"], data["locked_until"])
    return latest


def end_sessions_of(user) -> int:
    """Sign `user` out everywhere: delete every live session that holds them. Returns how many."""
    from django.contrib.auth import SESSION_KEY

    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def reset_two_factor(*, person, by) -> None:
    """Remove `person`'s authenticator app and backup codes, sign them out, and record who did it."""
    from engaging.accounts.models import AccountEvent

    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    end_sessions_of(person)
    AccountEvent.objects.create(user=person, by=by, kind=AccountEvent.Kind.TWO_FACTOR_RESET)
