from django import forms

from engaging.board.models import Meeting
from engaging.core.forms import ModelChoiceField, ModelForm
from engaging.core.record_versions import VersionedForm
from engaging.insight.models import Theme
from engaging.lists.models import Group
from engaging.plain.publishing import PlainLanguageGate, reason_name, too_hard_message
from engaging.register.forms import DateInput
from engaging.voice.models import Consent, Story
from engaging.voice.services import OWN_WORDS_REASON_HINT, consent_date_problem, own_words_message, teller_problem


class MeetingChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        from engaging.voice.templatetags.voice_tags import meeting_label

        return meeting_label(obj)


class StoryForm(VersionedForm, PlainLanguageGate, ModelForm):
    """A story and the teller's consent, recorded together: there is no story without consent.

    A story is public text only while its teller agrees to the public hearing it (scope “public”);
    a story whose consent was withdrawn, or that was archived, is never shown and cannot be edited.
    So the plain-language gate applies when the scope is public, to the title and text that are new,
    changed, or about to become public because the scope changes to public.

    The title is the officer's own words, and should meet the target. The text is the teller's, and
    the hub must never push anyone to make a resident's words “plainer”: for the text the message
    says to keep the words and choose “Publish anyway”, and the reason's hint suggests saying they
    are the teller's own words. It is still recorded, so the board can see which public stories are
    harder to read, and why they were published as they are.
    """

    plain_fields = ("title", "text")
    public_flag = "scope"

    consent_given_by = forms.CharField(
        label="Who gave consent",
        max_length=200,
        help_text="The teller, or the person who agreed for them (for example a parent or carer).",
        error_messages={"required": "Enter who gave consent", "max_length": "Keep this to 200 characters or fewer"},
    )
    consent_given_on = forms.DateField(
        label="Date consent was given",
        widget=DateInput,
        error_messages={"required": "Enter the date consent was given", "invalid": "Enter the date as a real date"},
    )
    scope = forms.ChoiceField(
        label="Who may hear the story",
        choices=Consent.Scope.choices,
        widget=forms.RadioSelect,
        help_text="Only what the teller agreed to. Public stories appear on the public pages and in the Local Account.",
        error_messages={"required": "Choose who may hear the story", "invalid_choice": "Choose who may hear the story"},
    )

    class Meta:
        model = Story
        fields = ["title", "naming", "told_by", "text", "themes", "groups", "meeting"]
        widgets = {
            "naming": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 10}),
            "themes": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title": "A short title",
            "naming": "How the teller wants to be named",
            "told_by": "The name or description to show",
            "text": "The story, as it was told",
        }
        help_texts = {
            "title": "For lists and the meeting page, such as “Waiting for a carer's assessment”.",
            "told_by": "Leave blank if the teller chose to be anonymous.",
            "text": (
                "Write it in the teller's words. Leave out anything that could identify someone who did not agree."
            ),
            "themes": "What the story is about.",
            "groups": "Groups the teller belongs to, if they were happy to say.",
        }
        error_messages = {
            "title": {"required": "Enter a short title", "max_length": "Keep the title to 200 characters or fewer"},
            "naming": {
                "required": "Choose how the teller wants to be named",
                "invalid_choice": "Choose how the teller wants to be named",
            },
            "told_by": {"max_length": "Keep the name or description to 200 characters or fewer"},
            "text": {"required": "Enter the story", "max_length": "Keep the story to 10,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naming"].choices = Story.Naming.choices
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["groups"].queryset = Group.objects.all()
        self.fields["meeting"] = MeetingChoiceField(
            queryset=Meeting.objects.select_related("board").order_by("-starts_at"),
            required=False,
            label="The board meeting it was heard at",
            empty_label="Not heard at a board meeting",
            initial=self.fields["meeting"].initial,
            error_messages={"invalid_choice": "Choose a meeting from the list"},
        )
        consent = getattr(self.instance, "consent", None) if self.instance.pk else None
        if consent is not None:
            self.fields["consent_given_by"].initial = consent.given_by
            self.fields["consent_given_on"].initial = consent.given_on
            self.fields["scope"].initial = consent.scope
        self.fields[reason_name("text")].help_text = OWN_WORDS_REASON_HINT

    def publishes_text(self) -> bool:
        return self.cleaned_data.get("scope") == Consent.Scope.PUBLIC

    def add_error(self, field, error):
        hard = getattr(self, "above_target", {}).get("text") if field == "text" else None
        if hard is not None and error == too_hard_message(hard, self.plain_label("text")):
            error = own_words_message(hard, self.plain_label("text"))
        super().add_error(field, error)

    def clean(self):
        cleaned = super().clean()
        naming = cleaned.get("naming")
        if naming:
            problem = teller_problem(naming, cleaned.get("told_by", ""))
            if problem:
                self.add_error("told_by", problem)
        given_on = cleaned.get("consent_given_on")
        problem = consent_date_problem(given_on) if given_on else None
        if problem:
            self.add_error("consent_given_on", problem)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "naming": data["naming"],
            "told_by": data.get("told_by", ""),
            "text": data["text"],
            "themes": data.get("themes") or [],
            "groups": data.get("groups") or [],
            "meeting": data.get("meeting"),
            "consent_given_by": data["consent_given_by"],
            "consent_given_on": data["consent_given_on"],
            "scope": data["scope"],
        }


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example how the teller asked. Do not repeat the story.",
        error_messages={"max_length": "Keep the note to 300 characters or fewer"},
    )


class DecisionForm(forms.Form):
    """A coordinator's decision on a public story waiting for approval."""

    APPROVE, SEND_BACK = "approve", "send_back"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (APPROVE, "Approve it: the public can read it now"),
            (SEND_BACK, "Send it back to its author to change"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the story or send it back"},
    )
    reason = forms.CharField(
        label="Why you are sending it back",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if you send it back. Its author sees this, for example “The teller's street is named”.",
        error_messages={"max_length": "Use 1,000 characters or fewer for the reason"},
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = " ".join(cleaned.get("reason", "").split())
        if cleaned.get("decision") == self.SEND_BACK and not cleaned["reason"]:
            self.add_error("reason", "Say why you are sending the story back, so its author can put it right")
        return cleaned
