"""Forms for the second step of signing in and for coordinators' single sign-on rules and links."""

import re

from django import forms

from engaging.accounts.models import Organisation, SignOnLink, SignOnRule, User
from engaging.accounts.sign_on import normal_domain

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        )


class SetUpForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        help_text="After adding the hub, your app shows a 6-digit code. Enter it to show the app is set up.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


class RuleForm(forms.ModelForm):
    class Meta:
        model = SignOnRule
        fields = ["kind", "value", "organisation", "role"]
        labels = {
            "kind": "Who does this rule cover?",
            "value": "Domain, group or role",
            "organisation": "Organisation",
            "role": "Role they are given",
        }
        help_texts = {
            "value": "For an email domain, the part after the @, like dudley.gov.uk. For a group or role, its value "
            "exactly as your organisation's account sends it.",
            "role": "Coordinators are only ever appointed on the People page.",
        }
        widgets = {"kind": forms.RadioSelect, "role": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Choose who the rule covers"},
            "value": {"required": "Enter a domain, group or role"},
            "organisation": {"required": "Choose an organisation"},
            "role": {"required": "Choose a role"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SignOnRule.Kind.choices
        self.fields["role"].choices = SignOnRule.Role.choices
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.fields["organisation"].empty_label = "Choose an organisation"

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind == SignOnRule.Kind.EMAIL_DOMAIN and value:
            value = normal_domain(value)
            if not DOMAIN.match(value):
                self.add_error("value", "Enter a domain like dudley.gov.uk, without the @")
                return cleaned
        elif value:
            value = value.strip()
        cleaned["value"] = value
        organisation = cleaned.get("organisation")
        if kind and value and organisation:
            if SignOnRule.objects.filter(kind=kind, value=value, organisation=organisation).exists():
                self.add_error("value", "There is already a rule for this at that organisation")
        return cleaned

    def _post_clean(self):
        # The unique constraint is checked above with a message naming the field.
        self.instance.kind = self.cleaned_data.get("kind", "")
        self.instance.value = self.cleaned_data.get("value", "")
        if self.cleaned_data.get("organisation"):
            self.instance.organisation = self.cleaned_data["organisation"]
        self.instance.role = self.cleaned_data.get("role", "")


class LinkForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name", "username"),
        label="Person",
        empty_label="Choose a person",
        error_messages={"required": "Choose a person", "invalid_choice": "Choose a person from the list"},
    )
    email = forms.EmailField(
        label="Email address of their organisation's account",
        help_text="The address they sign on with, like jo.bloggs@nhs.net.",
        error_messages={
            "required": "Enter the email address of their organisation's account",
            "invalid": "Enter an email address like name@example.org",
        },
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = SignOnLink.objects.filter(email__iexact=email).select_related("user").first()
        if taken:
            raise forms.ValidationError(f"That address is already linked to {taken.user}")
        return email
