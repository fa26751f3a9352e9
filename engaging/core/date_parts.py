"""Dates typed as day, month and year in three boxes (the GOV.UK date input), and their errors.

Browsers' own date pickers are hard to use with a keyboard or a screen reader, and differ between
browsers; three labelled boxes work everywhere. Each error says which part is wrong, and the
template tag highlights those parts.
"""

from datetime import date

from django import forms

PARTS = ("day", "month", "year")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def _number(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def date_problem(name: str, day: str, month: str, year: str) -> tuple[str, tuple[str, ...]] | None:
    """What is wrong with a date typed in parts, and which parts, or None when it is a real date.

    `name` is how the message names the date, like "the start date". All three parts empty is not a
    problem here: whether the date is needed is the field's business.
    """
    typed = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == 3:
        return None
    if missing:
        return f"{name.capitalize()} must include a {' and '.join(missing)}", missing
    numbers = {part: _number(typed[part]) for part in PARTS}
    wrong = []
    if numbers["day"] is None or not 1 <= numbers["day"] <= 31:
        wrong.append("day")
    if numbers["month"] is None or not 1 <= numbers["month"] <= 12:
        wrong.append("month")
    if numbers["year"] is None or len(typed["year"]) != 4:
        if not wrong:
            return "Year must include 4 numbers", ("year",)
        wrong.append("year")
    if wrong:
        return f"{name.capitalize()} must be a real date", tuple(wrong)
    if not EARLIEST_YEAR <= numbers["year"] <= LATEST_YEAR:
        return f"{name.capitalize()} must be between {EARLIEST_YEAR} and {LATEST_YEAR}", ("year",)
    try:
        date(numbers["year"], numbers["month"], numbers["day"])
    except ValueError:
        return f"{name.capitalize()} must be a real date", ("day",)
    return None


def parts_to_iso(day: str, month: str, year: str) -> str | None:
    """The date as YYYY-MM-DD when the parts make a real one, else None."""
    if date_problem("the date", day, month, year) is not None or not (day or "").strip():
        return None
    return date(int(year), int(month), int(day)).isoformat()


class DatePartsWidget(forms.MultiWidget):
    """Three text boxes named <name>_day, <name>_month and <name>_year."""

    template_name = "django/forms/widgets/multiwidget.html"  # rendered by the `field` template tag instead

    def __init__(self, attrs=None):
        widgets = {f"_{part}": forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in PARTS]
        if all(part is None for part in parts) and data.get(name):
            # A date sent whole, as YYYY-MM-DD (by another system, or an older form), is taken as it is.
            try:
                whole = date.fromisoformat(str(data.get(name)))
            except ValueError:
                return [None, None, str(data.get(name))]
            return [str(whole.day), str(whole.month), str(whole.year)]
        return parts

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in PARTS) and name not in data


class DatePartsField(forms.Field):
    """A date typed as day, month and year. Its errors name the date and the part that is wrong."""

    widget = DatePartsWidget

    def __init__(self, *, name: str, **kwargs):
        self.date_name = name  # how messages name the date, like "the start date"
        kwargs.setdefault("error_messages", {}).setdefault("required", f"Enter {name}")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, date) or value in (None, ""):
            return value or None
        day, month, year = (list(value) + ["", "", ""])[:3]
        if not any((part or "").strip() for part in (day, month, year)):
            return None
        problem = date_problem(self.date_name, day, month, year)
        if problem:
            raise forms.ValidationError(problem[0], code="invalid")
        return date(int(year), int(month), int(day))

    def wrong_parts(self, value) -> tuple[str, ...]:
        """Which parts to highlight for a value that did not clean: all three when nothing was typed."""
        if not isinstance(value, list | tuple):
            return PARTS
        problem = date_problem(self.date_name, *(list(value) + ["", "", ""])[:3])
        return problem[1] if problem else PARTS

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True
