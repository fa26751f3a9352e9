from django import forms

from engaging.accounts.models import Organisation
from engaging.core.date_parts import DatePartsField
from engaging.core.forms import ModelForm, ModelMultipleChoiceField
from engaging.core.record_versions import VersionedForm
from engaging.lists.models import Area, Group, Method, Priority
from engaging.plain.publishing import PlainLanguageGate, anyway_name, reason_name
from engaging.register import services
from engaging.register.models import Activity, EngagementLevel, EngagementType, JoinUp, ParticipantCount
from engaging.register.rules import organisations_user_may_lead


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AreaMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _yes_or_no(value) -> bool:
    return value in (True, "True")


class ActivityForm(VersionedForm, PlainLanguageGate, ModelForm):
    """Plan or edit an activity. Officers may lead only as their own organisation.

    The summary and how to take part are for residents: while the activity is public, text in them
    that is harder to read than the target needs “Publish anyway” and a reason.
    Nothing is public until the officer says so: a new activity's public choice starts unanswered.
    """

    plain_fields = ("summary", "how_to_take_part")

    # The page's sections in order: the id of each heading, its title and its fields. The contents list
    # is built from this, so it marks the sections that hold a problem and a person can see where to go.
    SECTIONS = (
        ("what-and-why", "What and why", ("title", "summary", "purpose", "type", "level", "priorities")),
        ("who-and-where", "Who and where", ("lead_organisation", "partner_organisations", "groups", "areas")),
        ("when", "When", ("start_date", "end_date")),
        ("taking-part", "How people take part", (
            "methods", "participants_target", "take_part_url", "take_part_email", "take_part_phone",
            "take_part_place", "take_part_times", "how_to_take_part",
        )),
        ("public-page", "Public page", ("is_public",)),
        ("partners-only", "Cost, contact and notes", (
            "cost", "statutory_duty", "contact_name", "contact_email", "contact_phone", "notes",
        )),
    )  # fmt: skip

    areas = AreaMultipleChoiceField(
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        help_text="Choose the borough for work across the whole borough.",
        error_messages={"required": "Choose at least one area"},
    )
    start_date = DatePartsField(name="the start date", label="Start date", help_text="For example, 27 3 2026")
    end_date = DatePartsField(
        name="the end date", label="End date", help_text="The last day: the start date again for one day"
    )
    is_public = forms.TypedChoiceField(
        label="Show this activity on the public pages?",
        choices=[(True, "Yes, residents can see it"), (False, "No, partners only for now")],
        coerce=_yes_or_no,
        widget=forms.RadioSelect,
        help_text="Residents see the title, summary, dates, places, groups and ways to take part. "
        "Contacts, costs and notes are never shown.",
        error_messages={"required": "Choose whether to show this activity on the public pages"},
    )
    take_part_url = forms.URLField(
        label=Activity._meta.get_field("take_part_url").verbose_name.capitalize(),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="An online survey or booking page, starting with https://",
        error_messages={"invalid": "Enter a web address like https://example.org/survey"},
    )

    class Meta:
        model = Activity
        fields = [
            "title", "summary", "purpose", "lead_organisation", "partner_organisations", "type", "level",
            "methods", "groups", "areas", "priorities", "start_date", "end_date", "participants_target",
            "cost", "statutory_duty", "take_part_url", "take_part_email", "take_part_phone", "take_part_place",
            "take_part_times", "how_to_take_part", "is_public", "contact_name", "contact_email",
            "contact_phone", "notes",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "how_to_take_part": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "type": forms.RadioSelect,
            "level": forms.RadioSelect,
            "partner_organisations": forms.CheckboxSelectMultiple,
            "methods": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "summary": {"required": "Enter a plain summary for residents"},
            "purpose": {"required": "Enter the decision or work this engagement informs"},
            "lead_organisation": {"required": "Choose the lead organisation"},
            "type": {"required": "Choose the type of engagement"},
            "level": {"required": "Choose the level of influence"},
            "take_part_email": {"invalid": "Enter an email address for taking part, like name@example.org"},
            "participants_target": {"invalid": "Enter the target as a whole number, like 40"},
            "cost": {"invalid": "Enter the cost in pounds, like 250.00"},
            "contact_email": {"invalid": "Enter an email address like name@example.org"},
        }
        # Shorter than the model's, as these sit in pairs on the page.
        help_texts = {
            "take_part_phone": "A UK number, like 01632 960 123",
            "take_part_place": "The venue and its address",
            "take_part_times": "Like Tuesdays 10am to 12 noon, 3 to 24 March",
            "groups": "Who you want to hear from. This is how overlaps with other partners are found.",
            "partner_organisations": "Other organisations working on this with you.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance.pk:
            self.initial.pop("is_public", None)  # asked, never assumed
        leadable = organisations_user_may_lead(user)
        self.fields["lead_organisation"].queryset = leadable
        self.fields["lead_organisation"].empty_label = "Choose an organisation"
        if not self.instance.pk and leadable.count() == 1:
            self.fields["lead_organisation"].initial = leadable.first()
        self.fields["partner_organisations"].queryset = Organisation.objects.all()
        self.fields["methods"].queryset = Method.objects.all()
        self.fields["groups"].queryset = Group.objects.all()
        self.fields["groups"].required = True
        self.fields["groups"].error_messages["required"] = "Choose at least one target group"
        self.fields["priorities"].queryset = Priority.objects.all()
        # Radios need no blank "---------" choice: each field is required.
        self.fields["type"].choices = EngagementType.choices
        self.fields["level"].choices = EngagementLevel.choices

    def clean(self):
        # The dates' rules (engaging/core/dates.py) are checked by the model's clean(), for every way in.
        cleaned = super().clean()
        # Checked here too, so the page shows it beside the other problems; the service refuses it whatever calls it.
        lead = cleaned.get("lead_organisation")
        partners = cleaned.get("partner_organisations") or []
        if lead and services.lead_is_partner(lead.pk, [partner.pk for partner in partners]):
            self.add_error("partner_organisations", services.LEAD_IS_PARTNER)
        return cleaned

    def sections(self) -> list[dict]:
        """The contents list: each section's number, id and title, and whether a field in it has a problem.

        A "publish anyway" choice belongs to the section of the text it excuses.
        """
        wrong = set(self.errors) if self.is_bound else set()
        return [
            {
                "number": number,
                "id": section_id,
                "title": title,
                "has_errors": any({f, anyway_name(f), reason_name(f)} & wrong for f in fields),
            }
            for number, (section_id, title, fields) in enumerate(self.SECTIONS, start=1)
        ]

    def relations(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("partner_organisations", "methods", "groups", "areas", "priorities")
            if name in self.cleaned_data
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, s) for s in activity.next_statuses]
        self.fields["status"].error_messages["invalid_choice"] = (
            f"An activity that is {activity.get_status_display().lower()} cannot move to that status"
        )


class JoinUpForm(ModelForm):
    class Meta:
        model = JoinUp
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        labels = {"message": "Message to the other organisation (optional)"}


class JoinUpResponseForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("agree", "Agree to join up"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to agree or decline"},
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Note (optional)"
    )


class ParticipantCountsForm(forms.Form):
    """The number of participants from each target group, and the total."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        existing = {pc.group_id: pc.count for pc in activity.participant_counts.all()}
        self.fields["participants_actual"] = forms.IntegerField(
            label="Total number of participants",
            min_value=0,
            max_value=10_000_000,
            required=False,
            initial=activity.participants_actual,
            error_messages={
                "invalid": "Enter the total as a whole number",
                "min_value": "The total cannot be negative",
            },
        )
        self.group_fields = []
        for group in activity.groups.all():
            name = f"group_{group.pk}"
            self.fields[name] = forms.IntegerField(
                label=group.name,
                min_value=0,
                max_value=10_000_000,
                required=False,
                initial=existing.get(group.pk),
                error_messages={
                    "invalid": f"Enter the number for {group.name} as a whole number",
                    "min_value": f"The number for {group.name} cannot be negative",
                },
            )
            self.group_fields.append((group, name))

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("participants_actual")
        for group, name in self.group_fields:
            value = cleaned.get(name)
            if total is not None and value is not None and value > total:
                self.add_error(name, f"The number for {group.name} cannot be more than the total")
        return cleaned

    def save(self) -> None:
        self.activity.participants_actual = self.cleaned_data.get("participants_actual")
        self.activity.save(update_fields=["participants_actual", "updated_at"])
        for group, name in self.group_fields:
            value = self.cleaned_data.get(name)
            if value is None:
                ParticipantCount.objects.filter(activity=self.activity, group=group).delete()
            else:
                ParticipantCount.objects.update_or_create(
                    activity=self.activity, group=group, defaults={"count": value}
                )
