"""What a browser would send back from a page's form: every field as the page filled it in."""

from html.parser import HTMLParser


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str | None, list]] = []
        self.inside, self.fields = False, []
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside, self.fields = True, []
            self.forms.append((attrs.get("id"), self.fields))
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            else:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The fields of the form with `form_id` (or else of the one carrying a record's version), as a test client
    posts them."""
    parser = _Fields()
    parser.feed(html)
    chosen = [
        fields
        for found_id, fields in parser.forms
        if (found_id == form_id if form_id else any(name == "version" for name, _ in fields))
    ]
    assert chosen, "no such form on the page"
    data: dict[str, list[str]] = {}
    for name, value in chosen[0]:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def opened(client, url: str, form_id: str | None = None) -> dict:
    """Open a form page as a person would, and return what its form would send unchanged."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_fields(response.content.decode(), form_id)
