"""The choices above the dashboard and evidence pages: board, period, area, and months or quarters.

The same forms check the API's query parameters, so a page and the API refuse the same things in
the same words.
"""

from datetime import date

from django import forms
from django.http import QueryDict

from engaging.assurance.periods import (
    BY_CHOICES,
    LONGEST_MONTHS,
    MONTH,
    MOST_MONTHS,
    default_by,
    default_period,
    months_spanned,
)
from engaging.board.models import Board
from engaging.lists.models import Area
from engaging.register.filters import AreaChoiceField
from engaging.register.forms import DateInput
from engaging.register.models import EARLIEST_DATE, LATEST_DATE
from engaging.surveys.board import every_indicator
from engaging.surveys.models import Indicator


class PeriodForm(forms.Form):
    """A period from one day to another, by default the last 12 months. Fields are named `from` and `to`."""

    def __init__(self, data=None, *, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["from"] = forms.DateField(
            label="From",
            required=False,
            widget=DateInput,
            help_text="The first day of the period, for example 2025-04-01",
            error_messages={"invalid": "Enter the start of the period as a real date, like 2025-04-01"},
        )
        self.fields["to"] = forms.DateField(
            label="To",
            required=False,
            widget=DateInput,
            help_text="The last day of the period",
            error_messages={"invalid": "Enter the end of the period as a real date, like 2026-03-31"},
        )

    def clean(self):
        cleaned = super().clean()
        for name, which in (("from", "start"), ("to", "end")):
            day = cleaned.get(name)
            if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(name, f"Enter the {which} of the period as a date between 1900 and 2199")
                cleaned[name] = None
        if self.errors:
            return cleaned
        start, end = self._period(cleaned)
        if start > end:
            self.add_error("to", "The end of the period must be the same as or after its start")
        elif months_spanned(start, end) > LONGEST_MONTHS:
            self.add_error("to", f"Choose a period of {LONGEST_MONTHS // 12} years or less")
        return cleaned

    def _period(self, cleaned: dict) -> tuple[date, date]:
        default_start, default_end = default_period(self.today)
        end = cleaned.get("to") or default_end
        start = cleaned.get("from") or (default_start if end == default_end else default_period(end)[0])
        return start, end

    def period(self) -> tuple[date, date]:
        """The chosen period (call after is_valid()): a missing end is today, a missing start 12 months before it."""
        return self._period(self.cleaned_data)

    def show(self, **values) -> None:
        """Fill in the fields left blank with what was used for them, so the form shows what the figures cover."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        for name, value in values.items():
            if value is not None and not data.get(name):
                data[name] = value.isoformat() if isinstance(value, date) else getattr(value, "pk", value)
        self.data = data


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DashboardForm(PeriodForm):
    """Which board, period and area the dashboard covers, and whether to count by month or quarter."""

    FIELDS = ("board", "from", "to", "area", "by")

    def __init__(self, data=None, *, today: date, **kwargs):
        super().__init__(data, today=today, **kwargs)
        boards = Board.objects.select_related("area")
        self.has_boards = boards.exists()
        self.fields["board"] = BoardChoiceField(
            queryset=boards,
            required=False,
            empty_label=None,
            label="Board",
            error_messages={"invalid_choice": "Choose a board from the list"},
        )
        self.fields["area"] = AreaChoiceField(
            queryset=Area.objects.all(),
            required=False,
            empty_label="All of the board's area" if self.has_boards else "Everywhere",
            label="Area",
            help_text="Only activities in or around this area",
            error_messages={"invalid_choice": "Choose an area from the list"},
        )
        self.fields["by"] = forms.ChoiceField(
            choices=[("", "Month, or quarter for periods over 2 years"), *BY_CHOICES],
            required=False,
            label="Count by",
            error_messages={"invalid_choice": "Choose month or quarter"},
        )
        self.order_fields(self.FIELDS)

    def clean(self):
        cleaned = super().clean()
        board, area = cleaned.get("board"), cleaned.get("area")
        if board is not None and area is not None and board.area is not None:
            if area.pk != board.area.pk and not area.is_descendant_of(board.area):
                self.add_error("area", f"Choose an area inside {board.area}, the board's area")
        if not self.errors and cleaned.get("by") == MONTH:
            start, end = self.period()
            if months_spanned(start, end) > MOST_MONTHS:
                self.add_error("by", "Count by quarter for a period longer than 2 years")
        return cleaned

    def choices(self) -> dict:
        """The board, period, area and counting step to show (call after is_valid())."""
        start, end = self.period()
        board = self.cleaned_data.get("board")
        if board is None:
            board = Board.objects.select_related("area").first()
        return {
            "board": board,
            "start": start,
            "end": end,
            "area": self.cleaned_data.get("area"),
            "by": self.cleaned_data.get("by") or default_by(start, end),
        }


class AssessmentIndicatorsForm(forms.Form):
    """The survey indicators an engagement assessment includes, chosen by the paper's author (`indicator`)."""

    indicator = forms.ModelMultipleChoiceField(
        label="Survey indicators to include",
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each one is added to the assessment with its latest value, its change and its recent trend.",
        error_messages={
            "invalid_choice": "Choose survey indicators from the list",
            "invalid_pk_value": "Choose survey indicators from the list",
            "list": "Choose survey indicators from the list",
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["indicator"].queryset = every_indicator()
        self.fields["indicator"].label_from_instance = lambda i: f"{i.name} ({i.survey.name})"

    def chosen(self) -> list:
        """The indicators chosen, in the list's order; none when the choice is not valid."""
        if not self.is_valid():
            return []
        return sorted(self.cleaned_data["indicator"], key=lambda i: (i.name, i.pk))
