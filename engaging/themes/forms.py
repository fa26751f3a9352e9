"""Forms for coding a comment and turning a theme into a draft finding."""

from django import forms

from engaging.themes.models import Comment


class CodeForm(forms.Form):
    """The themes that apply to one comment (the suggestions ticked to start with) and its sentiment."""

    themes = forms.MultipleChoiceField(
        label="Themes that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Suggested themes are ticked. Untick any that do not apply and tick any that do.",
    )
    sentiment = forms.ChoiceField(
        label="How does the writer feel?",
        choices=Comment.Sentiment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the writer feels"},
    )

    def __init__(self, *args, themes, scores: dict[int, float], **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_objects = {str(t.pk): t for t in themes}
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]
        self.fields["themes"].widget.hints = {
            str(pk): f"Suggested: {round(score * 100)}% likely" for pk, score in scores.items() if score is not None
        }

    def chosen_themes(self) -> list:
        return [self.theme_objects[pk] for pk in self.cleaned_data["themes"]]


class DraftFindingForm(forms.Form):
    """A draft finding from a theme: which activity it belongs to, and what it says."""

    activity = forms.TypedChoiceField(
        label="Activity the comments came from",
        coerce=int,
        error_messages={"required": "Choose the activity", "invalid_choice": "Choose one of the activities listed"},
    )
    statement = forms.CharField(
        label="What people said",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="A faithful summary, with the anonymised quotes. Check it before you save.",
        error_messages={"required": "Enter what people said"},
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "Choose an activity")] + [(a.pk, a.title) for a in activities]
