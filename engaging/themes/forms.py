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


class CommentImportForm(forms.Form):
    """A file of comments, the framework they are for, the column they are in, and whose they are."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV UTF-8 (.csv) or Excel (.xlsx) file, with the column names in row 1.",
        error_messages={
            "required": "Choose a CSV or Excel file of comments",
            "empty": "The file is empty",
            "invalid": "Choose a CSV or Excel file of comments",
            "missing": "Choose a CSV or Excel file of comments",
        },
    )
    text_column = forms.CharField(
        label="Name of the column of comments",
        max_length=200,
        initial="text",
        help_text="As written in row 1 of the file. Capital letters and spaces do not matter.",
        error_messages={"required": "Enter the name of the column of comments"},
    )
    framework = forms.ChoiceField(
        label="Framework of themes",
        help_text="The themes the comments will be sorted into.",
        error_messages={"required": "Choose a framework", "invalid_choice": "Choose one of the frameworks listed"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation the comments belong to",
        coerce=int,
        error_messages={
            "required": "Choose the organisation the comments belong to",
            "invalid_choice": "Choose one of the organisations listed",
        },
    )

    def __init__(self, *args, frameworks, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.frameworks = {f.key: f for f in frameworks}
        self.organisations = {o.pk: o for o in organisations}
        self.fields["framework"].choices = [(f.key, f.name) for f in frameworks]
        if len(frameworks) == 1:
            self.fields["framework"].widget = forms.HiddenInput()
        self.fields["framework"].initial = frameworks[0].key if frameworks else None
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            # An officer of one organisation imports its comments: nothing to choose.
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].required = False

    def clean_organisation(self):
        chosen = self.cleaned_data.get("organisation")
        if len(self.organisations) == 1 and chosen in (None, ""):
            return next(iter(self.organisations))
        return chosen

    def clean_text_column(self):
        name = self.cleaned_data["text_column"].strip()
        if not name:
            raise forms.ValidationError("Enter the name of the column of comments")
        return name

    def chosen_framework(self):
        return self.frameworks[self.cleaned_data["framework"]]

    def chosen_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class FrameworkForm(forms.ModelForm):
    """A partner's own framework: its key, name and what it is for."""

    class Meta:
        from engaging.themes.models import Framework

        model = Framework
        fields = ["key", "name", "description"]
        labels = {"key": "Short name", "name": "Name", "description": "What it is for (optional)"}
        help_texts = {
            "key": "Lower-case letters, numbers and hyphens, like youth-voice. Used in commands and the API. "
            "It cannot be changed later.",
            "name": "As people will see it, like “Youth voice themes”.",
            "description": "",
        }
        error_messages = {
            "key": {
                "required": "Enter a short name",
                "invalid": "The short name can only have lower-case letters, numbers and hyphens",
                "unique": "Another framework already has this short name: choose a different one",
                "max_length": "The short name must be 60 characters or fewer",
            },
            "name": {"required": "Enter a name", "max_length": "The name must be 200 characters or fewer"},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["key"]

    def clean_key(self):
        import re

        key = self.cleaned_data["key"].strip()
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            raise forms.ValidationError("The short name can only have lower-case letters, numbers and hyphens")
        if key == "new":
            raise forms.ValidationError("“new” cannot be a short name: choose another")
        return key

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name")
        return name


class ThemeForm(forms.ModelForm):
    """One theme of a partner's framework: its category, name, what it covers and words that signal it."""

    keywords = forms.CharField(
        label="Words that signal it (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Separate them with commas, like: bus, parking, lift. Until a model is trained, a comment "
        "is suggested this theme when one of these words, or the theme's name, appears in it.",
    )

    class Meta:
        from engaging.themes.models import Theme

        model = Theme
        fields = ["category", "name", "definition"]
        labels = {"category": "Category (optional)", "name": "Name of the theme", "definition": "What it covers"}
        help_texts = {
            "category": "Themes with the same category are shown together, like “Access”.",
            "definition": "One or two sentences. It is also used as an example when the model is trained.",
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the theme",
                "max_length": "The name must be 200 characters or fewer",
            },
            "category": {"max_length": "The category must be 200 characters or fewer"},
        }
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(self.instance.keywords or [])
            self.fields["name"].help_text = (
                "Changing the name of a theme means the framework's model must be trained again; until then, "
                "suggestions come from keywords."
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the name of the theme")
        clash = self.framework.themes.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This framework already has a theme with this name: choose a different one")
        return name

    def clean_keywords(self):
        words = [" ".join(w.split()) for w in self.cleaned_data["keywords"].replace("\n", ",").split(",")]
        words = list(dict.fromkeys(w for w in words if w))
        if any(len(w) > 100 for w in words):
            raise forms.ValidationError("Each word or phrase must be 100 characters or fewer")
        return words

    def save(self, commit=True):
        theme = super().save(commit=False)
        theme.framework = self.framework
        theme.keywords = self.cleaned_data["keywords"]
        if theme.pk is None:
            last = self.framework.themes.order_by("-position").values_list("position", flat=True).first()
            theme.position = 0 if last is None else last + 1
        if commit:
            theme.save()
        return theme
