from django import forms

from engaging.plain.models import GlossaryTerm


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
