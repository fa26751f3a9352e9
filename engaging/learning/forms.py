"""Forms for booking a place, giving feedback, and the coordinators' courses, sessions and bookings."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from engaging.accounts.models import Organisation
from engaging.core.date_parts import DatePartsField
from engaging.core.forms import ModelChoiceField
from engaging.learning.models import Booking, Course, CourseSession

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
SCORES = [(str(n), str(n)) for n in range(1, 6)]


class BookingForm(forms.Form):
    """Someone booking a place, with no account: who they are, where from, and what they need to take part."""

    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We send your booking here, with a link to cancel it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    organisation = ModelChoiceField(
        label="Your organisation",
        # The partnership's own organisations; anyone else types theirs, so the list stays short at any scale.
        queryset=Organisation.objects.filter(on_board=True),
        required=False,
        empty_label="Not listed, or none",
        error_messages={"invalid_choice": "Choose your organisation from the list"},
    )
    organisation_name = forms.CharField(
        label="Your organisation, if it is not in the list",
        max_length=200,
        required=False,
        help_text="Leave blank if you are not with an organisation.",
    )
    role = forms.ChoiceField(
        label="Your role",
        choices=Booking.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your role", "invalid_choice": "Choose your role from the list"},
    )
    access_needs = forms.CharField(
        label="Anything you need to take part (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a hearing loop, large print or a break.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["organisation_name"].widget.attrs.update(autocomplete="organization")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "role": data["role"],
            "organisation": data["organisation"],
            "organisation_name": data["organisation_name"],
            "access_needs": data["access_needs"],
        }


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label="How useful was the session?",
        help_text="1 is not useful, 5 is very useful.",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the session was"},
    )
    confident = forms.TypedChoiceField(
        label="How confident do you now feel doing what it covered?",
        help_text="1 is not confident, 5 is very confident.",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how confident you now feel"},
    )
    comment = forms.CharField(
        label="Anything else you would like to tell us (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "summary", "outcomes", "length", "format", "audience"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "format": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter the course's title", "unique": "There is already a course with this title"},
            "summary": {"required": "Enter a summary of the course"},
        }


def _time(value: str, label: str) -> time:
    match = TIME.match(value or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError(f"Enter {label} as hours and minutes, like 09:30 or 14:00")
    return time(int(match[1]), int(match[2]))


class SessionForm(forms.Form):
    """A session's details, typed as a day and start and end times on it."""

    kind = forms.ChoiceField(
        label="What kind of session", choices=CourseSession.Kind.choices, widget=forms.RadioSelect, initial="training"
    )
    course = ModelChoiceField(
        queryset=Course.objects.all(),
        required=False,
        empty_label="Choose a course",
        help_text="For a training session.",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    title = forms.CharField(label="Title of the network event", max_length=200, required=False)
    topics = forms.CharField(
        label="Topics (network events)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One topic on each line.",
    )
    day = DatePartsField(name="the day of the session", label="Day", help_text="For example, 27 3 2027")
    starts = forms.CharField(label="Starts at", max_length=5, help_text="24-hour clock, like 09:30")
    ends = forms.CharField(label="Ends at", max_length=5, help_text="24-hour clock, like 12:30")
    venue = forms.CharField(max_length=300, required=False)
    online_link = forms.URLField(label="Online joining link", max_length=500, required=False, assume_scheme="https")
    trainers = forms.CharField(max_length=300, required=False)
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=10_000,
        error_messages={"required": "Enter the number of places", "min_value": "Enter at least 1 place"},
    )
    is_public = forms.BooleanField(label="Anyone can see and book this session", required=False, initial=True)

    def __init__(self, *args, session: CourseSession | None = None, **kwargs):
        if session is not None:
            starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
            kwargs["initial"] = {
                "kind": session.kind,
                "course": session.course_id,
                "title": session.title,
                "topics": session.topics,
                "day": starts.date(),
                "starts": f"{starts:%H:%M}",
                "ends": f"{ends:%H:%M}",
                "venue": session.venue,
                "online_link": session.online_link,
                "trainers": session.trainers,
                "capacity": session.capacity,
                "is_public": session.is_public,
            }
        super().__init__(*args, **kwargs)
        self.fields["starts"].error_messages["required"] = "Enter the start time"
        self.fields["ends"].error_messages["required"] = "Enter the end time"

    def clean_starts(self):
        return _time(self.cleaned_data["starts"], "the start time")

    def clean_ends(self):
        return _time(self.cleaned_data["ends"], "the end time")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "kind": data["kind"],
            "course": data["course"] if data["kind"] == CourseSession.Kind.TRAINING else None,
            "title": data["title"] if data["kind"] == CourseSession.Kind.NETWORK_EVENT else "",
            "topics": data["topics"],
            "starts_at": datetime.combine(data["day"], data["starts"], tzinfo=zone),
            "ends_at": datetime.combine(data["day"], data["ends"], tzinfo=zone),
            "venue": data["venue"],
            "online_link": data["online_link"],
            "trainers": data["trainers"],
            "capacity": data["capacity"],
            "is_public": data["is_public"],
        }


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this booking?",
        max_length=500,
        help_text="Kept with the booking's history.",
        error_messages={"required": "Say why you are removing this booking"},
    )


class MoveForm(forms.Form):
    position = forms.IntegerField(
        label="New place in the waiting list",
        min_value=1,
        error_messages={"required": "Enter a place in the list", "min_value": "Enter 1 or more"},
    )
    reason = forms.CharField(
        label="Why are you changing the order?",
        max_length=400,
        error_messages={"required": "Say why you are changing the order"},
    )


class ReportPeriodForm(forms.Form):
    start = DatePartsField(name="the start of the period", label="From", required=False)
    end = DatePartsField(name="the end of the period", label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be on or after its start")
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=400,
        help_text="Everyone booked or waiting is emailed this, so write it for them.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the session is cancelled"},
    )
