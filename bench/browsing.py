"""Talking to the hub as a browser would, for the benchmark's writers: requests without following redirects, a
form read from its page and filled as it stands (hidden fields, CSRF token and version included), and the
reason a refused form gives in its error summary."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser

# Talking to the hub ------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect after a form is the sign it worked: read it, do not follow it."""

    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, request, response, code, message, headers):
        return response


_opener = urllib.request.build_opener(_NoRedirect())


def send(url: str, *, method: str = "GET", data=None, headers: dict | None = None) -> tuple[int, str]:
    """One request: its status and body (a status of 0 when the connection itself failed)."""
    body = None
    headers = dict(headers or {})
    if isinstance(data, dict | list) and headers.get("Content-Type") == "application/json":
        body = json.dumps(data).encode()
    elif data is not None:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, body, headers, method=method)
    try:
        with _opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return 0, str(error)


class FormReader(HTMLParser):
    """The fields of the page's POST forms as a browser would send them unchanged: hidden and text inputs,
    checked boxes and radios, the selected options and what text areas hold."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.radios: list[dict[str, list[str]]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.forms.append([])
            self.radios.append({})
        if not self._in_form:
            return
        fields = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if kind == "radio":
                    self.radios[-1].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1].append((self._textarea, self._text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def form_with(self, field_name: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The first form holding `field_name`: its fields (name → values) and its radio groups' choices."""
        for fields, radios in zip(self.forms, self.radios, strict=True):
            if any(name == field_name for name, _ in fields) or field_name in radios:
                values: dict[str, list[str]] = defaultdict(list)
                for name, value in fields:
                    values[name].append(value)
                return dict(values), radios
        raise LookupError(f"no form with {field_name}")


def fill(page: str, field_name: str, changes: dict) -> dict[str, list[str]]:
    """The form holding `field_name`, as it stands, with `changes` made and every radio group answered."""
    reader = FormReader()
    reader.feed(page)
    values, radios = reader.form_with(field_name)
    for name, choices in radios.items():
        if name not in values and choices:
            values[name] = [choices[0]]
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [str(value)]
    return values


ERROR_SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)


def refusal(page: str) -> str:
    found = ERROR_SUMMARY.search(page)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()[:200] if found else ""


# What the clients write ---------------------------------------------------------------------------------------
