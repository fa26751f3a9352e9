"""Forms for findings and themes, in the register's words."""

from datetime import date

from django import forms
from django.db.models import Q

from engaging.core.forms import ModelChoiceField, ModelForm
from engaging.core.record_versions import VersionedForm
from engaging.insight.models import Finding, Theme, supersession_problem, two_years_after
from engaging.insight.search import START, STOP
from engaging.lists.models import Area, Group, Priority
from engaging.register.forms import AreaMultipleChoiceField, DateInput
from engaging.register.models import EARLIEST_DATE, LATEST_DATE

# Characters no statement needs: control characters other than tab and line breaks, and the
# markers search uses for highlighting.
UNWANTED = {code: None for code in [*range(0, 9), 11, 12, *range(14, 32), 127, ord(START), ord(STOP)]}


def clean_text(value: str) -> str:
    return value.translate(UNWANTED).strip()


def check_date_range(value: date | None, what: str) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise forms.ValidationError(f"Enter {what} between 1900 and 2199")


class FindingNumberField(ModelChoiceField):
    """A finding chosen by its number, typed in: a list of every finding would be far too long."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Finding.objects.all(),
            error_messages={"invalid_choice": "There is no finding with that number"},
            **kwargs,
        )

    def to_python(self, value):
        value = (value or "").strip().lstrip("#") if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if not str(value).isascii() or not str(value).isdigit() or len(str(value)) > 18:
            raise forms.ValidationError("Enter the number of the finding, like 123")
        return super().to_python(value)

    def prepare_value(self, value):
        return value.pk if isinstance(value, Finding) else value


class FindingForm(VersionedForm, ModelForm):
    """Record or change one finding of an activity."""

    areas = AreaMultipleChoiceField(
        queryset=Area.objects.all(), widget=forms.CheckboxSelectMultiple, required=False, label="Areas"
    )
    superseded_by = FindingNumberField(
        required=False,
        label="Superseded by (optional)",
        help_text="If a newer finding replaces this one, enter its number, shown at the top of its page, "
        "like 123. This finding then shows as stale.",
    )

    class Meta:
        model = Finding
        fields = [
            "statement", "kind", "themes", "groups", "areas", "priorities", "people_count", "representativeness",
            "heard_on", "review_by", "is_public", "superseded_by",
        ]  # fmt: skip
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 5}),
            "kind": forms.RadioSelect,
            "representativeness": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
            "heard_on": DateInput,
            "review_by": DateInput,
            "people_count": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        }
        labels = {
            "statement": "What people said",
            "kind": "Is this in people's own words?",
            "people_count": "How many people said it (optional)",
            "heard_on": "When it was heard",
            "review_by": "Review by (optional)",
            "groups": "Groups",
            "priorities": "Strategy priorities",
        }
        help_texts = {
            "statement": "In people's own words, or a faithful summary. Leave out anything that could identify "
            "someone.",
            "themes": "Ask a coordinator if a theme you need is missing.",
            "groups": "Who said it.",
            "review_by": "After this date the finding shows as stale. Leave blank for two years after it was heard.",
        }
        error_messages = {
            "statement": {"required": "Enter what people said", "max_length": "Use 4,000 characters or fewer"},
            "kind": {"required": "Choose whether this is in people's own words or a summary"},
            "representativeness": {"required": "Choose how representative it is"},
            "heard_on": {
                "required": "Enter the date it was heard",
                "invalid": "Enter the date it was heard as a real date",
            },
            "review_by": {"invalid": "Enter the review date as a real date"},
            "people_count": {
                "invalid": "Enter how many people said it as a whole number, like 12",
                "min_value": "The number of people cannot be negative",
            },
        }

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        if not self.instance.activity_id:
            self.instance.activity = activity  # its start date bounds when the finding can have been heard
        linked = list(self.instance.themes.values_list("pk", flat=True)) if self.instance.pk else []
        # Archived themes stay on a finding that already has them, so saving does not drop them.
        self.fields["themes"].queryset = Theme.everything.filter(Q(archived_at__isnull=True) | Q(pk__in=linked))
        self.fields["groups"].queryset = Group.objects.all()
        self.fields["priorities"].queryset = Priority.objects.all()
        self.fields["review_by"].required = False
        for name, noun in (
            ("themes", "themes"),
            ("groups", "groups"),
            ("areas", "areas"),
            ("priorities", "priorities"),
        ):
            self.fields[name].error_messages["invalid_choice"] = f"Choose {noun} from the list"
            self.fields[name].error_messages["invalid_pk_value"] = f"Choose {noun} from the list"
        self.fields["kind"].error_messages["invalid_choice"] = (
            "Choose whether this is in people's own words or a summary"
        )
        self.fields["representativeness"].error_messages["invalid_choice"] = "Choose how representative it is"
        self.fields["kind"].choices = Finding.Kind.choices
        self.fields["representativeness"].choices = Finding.Representativeness.choices
        if not self.instance.pk and not self.is_bound:
            # A new finding most often speaks for the activity's own groups, areas and priorities.
            self.initial.setdefault("groups", [g.pk for g in activity.groups.all()])
            self.initial.setdefault("areas", [a.pk for a in activity.areas.all()])
            self.initial.setdefault("priorities", [p.pk for p in activity.priorities.all()])
            self.initial.setdefault("heard_on", min(activity.end_date, date.today()))

    def clean_statement(self):
        statement = clean_text(self.cleaned_data["statement"])
        if not statement:
            raise forms.ValidationError("Enter what people said")
        return statement

    def clean_heard_on(self):
        heard_on = self.cleaned_data["heard_on"]
        check_date_range(heard_on, "the date it was heard")
        return heard_on

    def clean_review_by(self):
        review_by = self.cleaned_data.get("review_by")
        check_date_range(review_by, "the review date")
        return review_by

    def clean(self):
        # The dates' rules are the model's (Finding.clean), checked for the form, the API and the service alike.
        cleaned = super().clean()
        heard_on, review_by = cleaned.get("heard_on"), cleaned.get("review_by")
        if heard_on and not review_by and "review_by" not in self.errors:
            cleaned["review_by"] = two_years_after(heard_on)
        problem = supersession_problem(self.instance, cleaned.get("superseded_by"))
        if problem:
            self.add_error("superseded_by", problem)
        return cleaned

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("themes", "groups", "areas", "priorities")}


class ThemeForm(ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"description": "Description (optional)"}
        error_messages = {
            "name": {"required": "Enter the theme's name", "max_length": "Use 120 characters or fewer"},
            "description": {"max_length": "Use 1,000 characters or fewer"},
        }

    def clean_name(self):
        name = " ".join(clean_text(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("Enter the theme's name")
        clash = Theme.everything.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash is not None:
            where = " (archived)" if clash.is_archived else ""
            raise forms.ValidationError(f"There is already a theme called “{clash.name}”{where}")
        return name


class ThemeMergeForm(forms.Form):
    into = ModelChoiceField(
        queryset=Theme.objects.none(),
        label="Merge into",
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme to merge into", "invalid_choice": "Choose a theme from the list"},
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.exclude(pk=theme.pk)
        self.fields["into"].help_text = (
            f"Every finding filed under “{theme}” will be filed under the theme you choose, and “{theme}” will be "
            "archived."
        )
