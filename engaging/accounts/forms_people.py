from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from engaging.accounts.models import Membership, Organisation, User


class PersonForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, numbers and . - _ only. People sign in with it.",
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter their first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter their last name"})
    email = forms.EmailField(
        help_text="We will email them a link to choose a password.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose their organisation"},
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, widget=forms.RadioSelect, error_messages={"required": "Choose their role"}
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with that email address")
        return email


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "job_title"]
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "organisation": {"required": "Choose an organisation"},
            "role": {"required": "Choose a role"},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].empty_label = "Choose an organisation"
        # Radios need no empty choice (Django's "---------"): none is ticked until one is chosen, and
        # sending none is answered with "Choose a role".
        self.fields["role"].choices = Membership.Role.choices

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        taken = Membership.objects.filter(user=self.user, organisation=organisation).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("They already have a role at this organisation")
        return organisation
