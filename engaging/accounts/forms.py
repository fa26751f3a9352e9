from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your coordinator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="What is this token for?",
        help_text="For example, “Council CRM nightly sync”. It helps you tell tokens apart.",
        error_messages={"required": "Enter what the token is for"},
    )
