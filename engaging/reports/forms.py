from datetime import date

from django import forms

from engaging.board.models import Board
from engaging.plain.publishing import REASON_MAX, PlainLanguageGate
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


class TextsForm(PlainLanguageGate, forms.ModelForm):
    """The board's own words; the figures come from the hub.

    A draft is not public, so its words are checked (in the hints) but not held back. Once the
    account is published, a section changed to words harder to read than the target needs
    “Publish anyway” and a reason, as publishing does.
    """

    plain_fields = ("introduction", "what_we_learned", "what_comes_next")
    public_flag = None

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

    def publishes_text(self) -> bool:
        return self.instance.is_published


class PublishAnywayForm(forms.Form):
    """Publishing sections that are harder to read than the target: “Publish anyway” and why.

    The same two fields, with the same words, as every form with public text (see
    engaging/plain/publishing.py), for the “Publish” button, which has no text of its own.
    """

    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish anyway",
        help_text="Only when the text cannot be made plainer, for example a legal name or a quotation.",
    )
    publish_anyway_reason = forms.CharField(
        required=False,
        max_length=REASON_MAX,
        label="Why should this be published as it is?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Use {REASON_MAX} characters or fewer for the reason"},
    )

    def __init__(self, *args, above_target: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.above_target = above_target

    @property
    def needs_publish_anyway(self) -> bool:
        return bool(self.above_target)

    def clean(self):
        cleaned = super().clean()
        if not self.above_target:
            return cleaned
        if not cleaned.get("publish_anyway"):
            self.add_error("publish_anyway", "Make these sections plainer, or choose “Publish anyway” and say why")
        elif "publish_anyway_reason" in cleaned and not cleaned["publish_anyway_reason"].strip():
            self.add_error("publish_anyway_reason", "Say why this should be published although it is hard to read")
        return cleaned

    @property
    def reason(self) -> str:
        return " ".join(self.cleaned_data.get("publish_anyway_reason", "").split())
