from django import forms

from engaging.plain.easy_read import MAX_IDEA_WORDS, words_in
from engaging.plain.models import GlossaryTerm
from engaging.plain.pictures import PICTURES


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "is_acronym", "stands_for", "plain_alternative", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "term": {
                "required": "Enter the word, phrase or acronym",
                "max_length": "Use 100 characters or fewer for the word, phrase or acronym",
            },
            "stands_for": {"max_length": "Use 200 characters or fewer for what the acronym stands for"},
            "plain_alternative": {
                "required": "Enter a plain alternative: what to write instead",
                "max_length": "Use 200 characters or fewer for the plain alternative",
            },
            "explanation": {
                "required": "Enter a short explanation of what it means",
                "max_length": "Use 500 characters or fewer for the explanation",
            },
        }

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        if not any(char.isalnum() for char in term):
            raise forms.ValidationError("Enter a word, phrase or acronym with at least one letter or number")
        clash = GlossaryTerm.everything.filter(term__iexact=term).exclude(pk=self.instance.pk).first()
        if clash is not None:
            if clash.is_archived:
                raise forms.ValidationError(
                    f"“{clash.term}” is already in the glossary but archived: restore it from the archived terms"
                )
            raise forms.ValidationError(f"“{clash.term}” is already in the glossary")
        return term

    def clean(self):
        cleaned = super().clean()
        term, is_acronym = cleaned.get("term"), cleaned.get("is_acronym")
        if term and is_acronym:
            if " " in term:
                self.add_error("term", "An acronym has no spaces: untick “This is an acronym” for a phrase")
            elif not any(char.isupper() or char.isdigit() for char in term):
                self.add_error("term", "Write the acronym in capitals, as it appears in text, like ICB")
        if cleaned.get("stands_for") and not is_acronym:
            self.add_error(
                "stands_for", "Only acronyms stand for something: tick “This is an acronym”, or leave this empty"
            )
        return cleaned


PICTURE_CHOICES = [
    ("", "Choose one for me from the words"),
    ("none", "No picture"),
    *((name, picture.alt) for name, picture in PICTURES.items()),
]


class IdeaForm(forms.Form):
    """One idea of an Easy Read version, and its picture."""

    text = forms.CharField(
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Use 250 characters or fewer for each idea"},
    )
    picture = forms.ChoiceField(
        required=False,
        choices=PICTURE_CHOICES,
        error_messages={"invalid_choice": "Choose a picture from the list"},
    )

    def __init__(self, *args, number: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["text"].label = f"Idea {number}"
        self.fields["picture"].label = f"Picture for idea {number}"

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        words = words_in(text)
        if words > MAX_IDEA_WORDS:
            raise forms.ValidationError(
                f"Idea {self.number} has {words} words: split it so each idea has {MAX_IDEA_WORDS} words or fewer"
            )
        return text


class BaseIdeaFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "The form was not sent as expected: open it again and retry",
        "too_many_forms": "Use no more than %(num)d ideas",
        "too_few_forms": "Write at least %(num)d ideas",
    }

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def clean(self):
        if any(self.errors) or not self.management_form.is_valid():
            return
        if not any(form.cleaned_data.get("text") for form in self.forms):
            raise forms.ValidationError("Write at least one idea")


IdeaFormSet = forms.formset_factory(
    IdeaForm, formset=BaseIdeaFormSet, extra=0, max_num=40, validate_max=True, absolute_max=60
)
