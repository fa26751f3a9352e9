"""The search that starts a request: who the person is (email, name or both) and when they asked."""

from django import forms
from django.utils import timezone

from engaging.core.date_parts import DatePartsField


class FindPersonForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Finds what matches this address exactly, whatever its capital letters.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    name = forms.CharField(
        label="Full name",
        required=False,
        max_length=200,
        help_text="Names are not unique: what matches only by name is shown as a possible match for you to check.",
    )
    received_on = DatePartsField(
        name="the date the request was received",
        label="When did they ask?",
        required=False,
        help_text="Leave blank for today. You have one month from this date to answer. For example, 27 3 2026",
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_received_on(self):
        received = self.cleaned_data["received_on"] or timezone.localdate()
        if received > timezone.localdate():
            raise forms.ValidationError("The date the request was received must be today or in the past")
        if (timezone.localdate() - received).days > 366:
            raise forms.ValidationError("The date the request was received must be within the last year")
        return received

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("name"):
            self.add_error("email", "Enter their email address or their full name")
        return cleaned
