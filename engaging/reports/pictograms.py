"""Simple pictures for Easy Read: one clear object each, drawn in the partnership's colours.

Easy Read puts a picture beside each idea to help people follow the words. The pictures support
the text rather than replace it, so on the web page they are hidden from screen readers; the PDF
gives each a short description.
"""

from django.utils.html import escape

BRAND = "#1d4e89"
LIGHT = "#dce7f3"
ACCENT = "#00703c"

_SHAPES = {
    "people": (
        "People",
        f'<circle cx="22" cy="22" r="9" fill="{BRAND}"/><path d="M6 56c0-11 7-19 16-19s16 8 16 19z" fill="{BRAND}"/>'
        f'<circle cx="44" cy="25" r="8" fill="{BRAND}" opacity="0.75"/>'
        f'<path d="M30 56c1-10 7-17 14-17s14 7 14 17z" fill="{BRAND}" opacity="0.75"/>',
    ),
    "speech": (
        "A speech bubble",
        f'<path d="M8 12h48a4 4 0 0 1 4 4v26a4 4 0 0 1-4 4H28l-12 10v-10H8a4 4 0 0 1-4-4V16a4 4 0 0 1 4-4z" '
        f'fill="{BRAND}"/><circle cx="20" cy="29" r="3.5" fill="#fff"/><circle cx="32" cy="29" r="3.5" fill="#fff"/>'
        f'<circle cx="44" cy="29" r="3.5" fill="#fff"/>',
    ),
    "tick": (
        "A tick",
        f'<circle cx="32" cy="32" r="26" fill="{ACCENT}"/>'
        f'<path d="M19 33l9 9 18-20" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" '
        f'stroke-linejoin="round"/>',
    ),
    "calendar": (
        "A calendar",
        f'<rect x="8" y="12" width="48" height="44" rx="4" fill="#fff" stroke="{BRAND}" stroke-width="4"/>'
        f'<rect x="8" y="12" width="48" height="12" fill="{BRAND}"/>'
        f'<rect x="18" y="6" width="5" height="12" rx="2" fill="{BRAND}"/>'
        f'<rect x="41" y="6" width="5" height="12" rx="2" fill="{BRAND}"/>'
        + "".join(
            f'<rect x="{16 + col * 12}" y="{30 + row * 10}" width="8" height="6" fill="{BRAND}"/>'
            for row in range(2)
            for col in range(3)
        ),
    ),
    "magnifier": (
        "A magnifying glass",
        f'<circle cx="27" cy="27" r="16" fill="{LIGHT}" stroke="{BRAND}" stroke-width="6"/>'
        f'<path d="M39 39l16 16" stroke="{BRAND}" stroke-width="8" stroke-linecap="round"/>',
    ),
    "heart": (
        "A heart",
        '<path d="M32 56S6 40 6 22a13 13 0 0 1 26-4 13 13 0 0 1 26 4c0 18-26 34-26 34z" fill="#d4351c"/>',
    ),
    "house": (
        "A house",
        f'<path d="M6 30L32 8l26 22" fill="none" stroke="{BRAND}" stroke-width="5" stroke-linejoin="round" '
        f'stroke-linecap="round"/><path d="M13 27v29h38V27L32 11z" fill="{BRAND}"/>'
        f'<rect x="27" y="38" width="10" height="18" fill="#fff"/>',
    ),
    "arrow": (
        "An arrow pointing forward",
        f'<path d="M6 26h30V12l24 20-24 20V38H6z" fill="{BRAND}"/>',
    ),
    "chart": (
        "A bar chart",
        f'<path d="M8 56h50" stroke="{BRAND}" stroke-width="4" stroke-linecap="round"/>'
        f'<rect x="12" y="34" width="10" height="20" fill="{BRAND}"/>'
        f'<rect x="27" y="22" width="10" height="32" fill="{BRAND}"/>'
        f'<rect x="42" y="10" width="10" height="44" fill="{BRAND}"/>',
    ),
    "lightbulb": (
        "A light bulb",
        '<path d="M32 6a18 18 0 0 0-10 33v7h20v-7A18 18 0 0 0 32 6z" fill="#ffdd00" stroke="#0b0c0c" '
        'stroke-width="3"/><rect x="23" y="49" width="18" height="5" rx="2" fill="#0b0c0c"/>'
        '<rect x="26" y="56" width="12" height="4" rx="2" fill="#0b0c0c"/>',
    ),
    "question": (
        "A question mark",
        f'<circle cx="32" cy="32" r="26" fill="{BRAND}"/>'
        '<path d="M24 25a8 8 0 1 1 12 7c-3 2-4 3-4 7" fill="none" stroke="#fff" stroke-width="5" '
        'stroke-linecap="round"/><circle cx="32" cy="47" r="3.5" fill="#fff"/>',
    ),
}

NAMES = tuple(_SHAPES)


def description(name: str) -> str:
    """A short description of the picture, for the PDF's alternative text."""
    return _SHAPES[name][0]


def svg(name: str, *, size: int = 96, decorative: bool = True) -> str:
    """The picture as inline SVG: hidden from screen readers when decorative, otherwise described."""
    label, shapes = _SHAPES[name]
    if decorative:
        a11y = 'aria-hidden="true" focusable="false"'
    else:
        a11y = f'role="img" aria-label="{escape(label)}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="et-pictogram" width="{size}" height="{size}" '
        f'viewBox="0 0 64 64" {a11y}>{"" if decorative else f"<title>{escape(label)}</title>"}{shapes}</svg>'
    )


def data_uri(name: str) -> str:
    """The picture as a data URI, for an <img> in the PDF."""
    import base64

    encoded = base64.b64encode(svg(name, decorative=False).encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"
