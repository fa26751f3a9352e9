from datetime import date

from django import forms

from engaging.core.forms import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from engaging.core.record_versions import VersionedForm
from engaging.evaluation.models import EqualityMonitoring, Evaluation, ParticipantFeedback
from engaging.evaluation.services import HOW_NEEDED
from engaging.lists.models import Area, Group, Priority
from engaging.register.filters import AreaChoiceField
from engaging.register.forms import DateInput
from engaging.register.models import DATE_LIMITS

YES_NO = [("yes", "Yes"), ("no", "No")]


class EvaluationForm(VersionedForm, ModelForm):
    """What the officer knows that the hub cannot work out: lessons, what worked, how participants helped."""

    participants_involved = forms.TypedChoiceField(
        label="Did participants take part in evaluating the activity?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether participants took part in the evaluation"},
    )
    evaluated_on = forms.DateField(
        label="Date of the evaluation",
        widget=DateInput,
        validators=DATE_LIMITS,
        error_messages={"required": "Enter the date of the evaluation", "invalid": "Enter the date as a real date"},
    )

    class Meta:
        model = Evaluation
        fields = [
            "lessons",
            "what_worked",
            "what_did_not",
            "reach_notes",
            "participants_involved",
            "how_participants_involved",
            "evaluated_on",
        ]
        labels = {
            "lessons": "What did you learn?",
            "what_worked": "What worked well (optional)",
            "what_did_not": "What did not work (optional)",
            "reach_notes": "Notes on who you reached and who you missed (optional)",
            "how_participants_involved": "How did participants take part in the evaluation?",
        }
        help_texts = {
            "lessons": "What you would do again or differently. Others planning similar engagement will read this.",
            "how_participants_involved": "Needed if they did. For example, a review session with the group, or "
            "feedback forms.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields if name not in ("evaluated_on",)}
        error_messages = {
            "lessons": {
                "required": "Enter what you learned",
                "max_length": "What you learned must be 4,000 characters or fewer",
            },
            "what_worked": {"max_length": "What worked must be 4,000 characters or fewer"},
            "what_did_not": {"max_length": "What did not work must be 4,000 characters or fewer"},
            "reach_notes": {"max_length": "The notes on reach must be 2,000 characters or fewer"},
            "how_participants_involved": {"max_length": "How participants took part must be 2,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["participants_involved"] = "yes" if self.instance.participants_involved else "no"
        else:
            self.initial.setdefault("evaluated_on", date.today())
        self.fields["lessons"].required = True

    def clean(self):
        cleaned = super().clean()
        # The service holds this rule (services.record_evaluation); asked here too, so it shows with the others.
        if cleaned.get("participants_involved") and not (cleaned.get("how_participants_involved") or "").strip():
            self.add_error("how_participants_involved", HOW_NEEDED)
        return cleaned

    def evaluation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# Participant feedback ---------------------------------------------------------------------------

# Agree first, as people read down the list.
SCALE = [(value, label) for value, label in reversed(ParticipantFeedback.Scale.choices)]
RATING_QUESTIONS = {
    "listened_to": ("I felt listened to", "you felt listened to"),
    "easy_to_take_part": ("It was easy to take part", "it was easy to take part"),
    "know_what_happens_next": ("I know what will happen next", "you know what will happen next"),
}


def _rating(name: str) -> forms.TypedChoiceField:
    label, phrase = RATING_QUESTIONS[name]
    return forms.TypedChoiceField(
        label=f"“{label}”",
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose how much you agree that {phrase}",
            "invalid_choice": f"Choose one of the answers for how much you agree that {phrase}",
        },
    )


class ParticipantFeedbackForm(forms.Form):
    """Three ratings and a comment: nothing that says who the participant is."""

    listened_to = _rating("listened_to")
    easy_to_take_part = _rating("easy_to_take_part")
    know_what_happens_next = _rating("know_what_happens_next")
    comment = forms.CharField(
        label="Is there anything else you want to tell us? (optional)",
        help_text="Do not include your name, anyone else’s name, or anything else that could identify a person.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )
    # A trap for automated form fillers: hidden from people and from assistive technology.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def caught_a_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RATING_QUESTIONS}


EQUALITY_LABELS = {
    "age_band": "What is your age?",
    "sex": "What is your sex?",
    "gender_same_as_birth": "Is the gender you identify with the same as your sex registered at birth?",
    "ethnicity": "What is your ethnic group?",
    "disability": "Do you have a physical or mental health condition or illness lasting, or expected to last, "
    "12 months or more?",
    "religion": "What is your religion?",
    "sexual_orientation": "Which of the following best describes your sexual orientation?",
    "carer": "Do you look after, or give help or support to, anyone because of their long-term physical or "
    "mental health condition, illness or problems related to old age?",
}


class EqualityMonitoringForm(forms.Form):
    """The optional equality questions. Kept in a form of its own, and saved apart from the feedback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, answers in EqualityMonitoring.ANSWERS.items():
            self.fields[name] = forms.ChoiceField(
                label=EQUALITY_LABELS[name],
                choices=answers.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers, or leave the question out"},
            )

    def answers(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}


# What works ------------------------------------------------------------------------------------


class WhatWorksForm(forms.Form):
    groups = ModelMultipleChoiceField(
        label="Which groups do you want to reach?",
        queryset=Group.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one group",
            "invalid_choice": "Choose groups from the list",
            "invalid_pk_value": "Choose groups from the list",
        },
    )
    area = AreaChoiceField(
        label="Area (optional)",
        queryset=Area.objects.all(),
        required=False,
        empty_label="Any area",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    priority = ModelChoiceField(
        label="Strategy priority (optional)",
        queryset=Priority.objects.all(),
        required=False,
        empty_label="Any priority",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
