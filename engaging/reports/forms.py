from datetime import date

from django import forms

from engaging.board.models import Board
from engaging.reports.models import LocalAccount

EARLIEST_YEAR = 2000


class NewLocalAccountForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        help_text="The calendar year the account covers, for example 2025.",
        error_messages={"required": "Enter the year", "invalid": "Enter the year as a number, like 2025"},
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.all(),
        required=False,
        empty_label="The whole partnership",
        help_text="Choose a board to count only the activities its member organisations led.",
        error_messages={"invalid_choice": "Choose a board from the list"},
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = date.today().year
        if not EARLIEST_YEAR <= year <= this_year:
            raise forms.ValidationError(f"Enter a year from {EARLIEST_YEAR} to {this_year}")
        return year

    def clean(self):
        cleaned = super().clean()
        year, board = cleaned.get("year"), cleaned.get("board")
        if year and LocalAccount.objects.filter(year=year, board=board).exists():
            self.add_error("year", f"There is already a Local Account for {year}" + (f" for {board}" if board else ""))
        return cleaned


class TextsForm(forms.ModelForm):
    """The board's own words; the figures come from the hub."""

    class Meta:
        model = LocalAccount
        fields = ["introduction", "what_we_learned", "what_comes_next"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}
        labels = {
            "introduction": "Introduction",
            "what_we_learned": "What we learned",
            "what_comes_next": "What comes next",
        }
        help_texts = {
            "introduction": "A welcome from the board: why this report matters and what is in it. Use plain words.",
            "what_we_learned": "What the partnership learned about engaging people, and what it will do differently.",
            "what_comes_next": (
                "The plans for next year. Use short sentences: each one becomes a line of the Easy Read version."
            ),
        }
        error_messages = {name: {"max_length": "Keep this to 4,000 characters or fewer"} for name in fields}
