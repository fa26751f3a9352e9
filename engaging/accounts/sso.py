"""Single sign-on with OpenID Connect: the provider's addresses and checking what it sends back.

Switched on by the environment alone (see settings.py and .env.example): an issuer, whose discovery
document names the endpoints, or the four endpoints themselves; and the client id and secret the
provider gave the hub. Unset, there is no button and the sign-on addresses answer 404.

mozilla-django-oidc does the protocol: the state, nonce and PKCE kept in the session, exchanging the
code for tokens, checking the ID token's signature against the provider's keys, reading userinfo. Its
backend reads the endpoints from settings when made; here they may come from discovery instead, which
is read when someone signs on (never while the hub starts, so a provider that is down cannot stop the
hub) and kept for an hour.
"""

import time
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

DISCOVERY_KEPT_SECONDS = 3600
_discovered: dict[str, tuple[float, dict]] = {}


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered with an error."""


class ProviderRefused(Exception):
    """The provider answered the hub's own request with a refusal (a wrong client secret, a used code)."""


class NotConfirmed(Exception):
    """What came back could not be checked: a token with a bad signature, audience, issuer or nonce."""


@dataclass(frozen=True)
class Endpoints:
    issuer: str
    authorization: str
    token: str
    userinfo: str
    jwks: str


def enabled() -> bool:
    """Whether single sign-on is set up: a client id, and an issuer or all four endpoints."""
    explicit = all(
        (
            settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            settings.OIDC_OP_TOKEN_ENDPOINT,
            settings.OIDC_OP_USER_ENDPOINT,
            settings.OIDC_OP_JWKS_ENDPOINT,
        )
    )
    return bool(settings.OIDC_RP_CLIENT_ID) and bool(settings.OIDC_ISSUER or explicit)


def button_label() -> str:
    return settings.OIDC_BUTTON_LABEL


def endpoints() -> Endpoints:
    """The provider's addresses: those set in the environment, the rest from its discovery document."""
    found = _discovery() if settings.OIDC_ISSUER else {}
    chosen = Endpoints(
        issuer=found.get("issuer") or settings.OIDC_ISSUER,
        authorization=settings.OIDC_OP_AUTHORIZATION_ENDPOINT or found.get("authorization_endpoint", ""),
        token=settings.OIDC_OP_TOKEN_ENDPOINT or found.get("token_endpoint", ""),
        userinfo=settings.OIDC_OP_USER_ENDPOINT or found.get("userinfo_endpoint", ""),
        jwks=settings.OIDC_OP_JWKS_ENDPOINT or found.get("jwks_uri", ""),
    )
    if not all((chosen.authorization, chosen.token, chosen.userinfo, chosen.jwks)):
        raise ProviderUnavailable("the provider's discovery document lacks an endpoint")
    return chosen


def _discovery() -> dict:
    issuer = settings.OIDC_ISSUER
    kept = _discovered.get(issuer)
    if kept and time.monotonic() - kept[0] < DISCOVERY_KEPT_SECONDS:
        return kept[1]
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(document, dict):
        raise ProviderUnavailable("the discovery document is not an object")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    """Read the discovery document afresh next time (tests start providers on new ports)."""
    _discovered.clear()


class SignOnBackend(OIDCAuthenticationBackend):
    """Exchanges the provider's code for the person's claims, checked.

    Not listed in AUTHENTICATION_BACKENDS: the sign-on callback calls it directly, so that each way a
    sign-on can fail gets its own page, and password sign-in (throttled by django-axes) never reaches it.
    Who the claims belong to in the hub is decided by engaging/accounts/sign_on.py.
    """

    def __init__(self, *args, **kwargs):
        found = endpoints()
        self.issuer = found.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_USER_ENDPOINT = found.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def claims(self, request, *, nonce: str, code_verifier: str | None) -> dict:
        """The person's claims for the code in `request`: the ID token's, with userinfo's added."""
        from django.urls import reverse
        from mozilla_django_oidc.utils import absolutify

        self.request = request
        payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": request.GET.get("code", ""),
            "redirect_uri": absolutify(request, reverse(settings.OIDC_AUTHENTICATION_CALLBACK_URL)),
        }
        if code_verifier:
            payload["code_verifier"] = code_verifier
        try:
            tokens = self.get_token(payload)
            id_token = tokens.get("id_token")
            if not id_token:
                raise NotConfirmed("no ID token")
            verified = self.verify_token(id_token, nonce=nonce)
            self._check(verified)
            userinfo = self.get_userinfo(tokens.get("access_token"), id_token, verified)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 500
            raise (ProviderRefused if status < 500 else ProviderUnavailable)(str(error)) from error
        except requests.RequestException as error:
            raise ProviderUnavailable(str(error)) from error
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError, TypeError) as error:
            raise NotConfirmed(str(error)) from error
        if not isinstance(userinfo, dict) or userinfo.get("sub") != verified.get("sub"):
            raise NotConfirmed("userinfo is for someone else")
        return {**userinfo, **verified}

    def retrieve_matching_jwk(self, token):
        """The provider's key that signed `token`: the one with its key id, or its only key for the algorithm.

        mozilla-django-oidc insists on a key id; a provider with a single key may leave it out.
        """
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = response.json().get("keys", [])
        header = jwt.get_unverified_header(token)
        kid, alg = header.get("kid"), header.get("alg")
        candidates = [
            key
            for key in keys
            if isinstance(key, dict)
            and (kid is None or key.get("kid") == kid)
            and key.get("alg", alg) == alg
            and key.get("use", "sig") == "sig"
        ]
        if len(candidates) != 1:
            raise SuspiciousOperation("no single key of the provider's matches the token")
        return jwt.PyJWK(candidates[0])

    def _check(self, claims: dict) -> None:
        """mozilla-django-oidc checks the signature, expiry and nonce; the audience and issuer are checked here."""
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise NotConfirmed("the ID token is for another client")
        if self.issuer and claims.get("iss") != self.issuer:
            raise NotConfirmed("the ID token is from another issuer")
        if not claims.get("sub"):
            raise NotConfirmed("the ID token names nobody")
