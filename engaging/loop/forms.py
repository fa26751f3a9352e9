import re

from django import forms

from engaging.core.forms import ModelForm, ModelMultipleChoiceField
from engaging.core.record_versions import VersionedForm
from engaging.insight.models import Finding
from engaging.loop import services
from engaging.loop.models import LoopClosure, Response
from engaging.loop.rules import organisations_user_may_respond_for
from engaging.plain.publishing import PlainLanguageGate
from engaging.register.forms import DateInput

FINDING_NUMBERS = re.compile(r"[\s,;]+")
MAX_ID = 2**63 - 1  # the largest id a database column holds


class FindingChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        statement = obj.statement if len(obj.statement) <= 160 else obj.statement[:159] + "…"
        return f"{statement} (finding {obj.pk})"


class ResponseForm(VersionedForm, PlainLanguageGate, ModelForm):
    """Record or change what was done about findings.

    The findings of the activities in hand are offered as checkboxes; findings of other activities
    can be added by their numbers. Officers may make only their own organisation responsible.
    Residents read the action and the outcome of a public response, so text in them that is harder
    to read than the target needs “Publish anyway” and a reason.
    """

    plain_fields = ("action", "outcome")

    findings = FindingChoiceField(
        queryset=Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What people said that this responds to",
        error_messages={
            "invalid_choice": "Choose findings from the list",
            "invalid_pk_value": "Choose findings from the list",
        },
    )
    other_findings = forms.CharField(
        label="Findings from other activities (optional)",
        required=False,
        max_length=500,
        help_text="A response can answer what people said in other activities too. "
        "Enter the numbers of those findings, separated by commas, like 12, 40.",
    )

    class Meta:
        model = Response
        fields = [
            "action", "organisation", "status", "reason", "decision_reference", "decided_on", "due_on",
            "completed_on", "outcome", "is_public",
        ]  # fmt: skip
        widgets = {
            "action": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
            "decided_on": DateInput,
            "due_on": DateInput,
            "completed_on": DateInput,
        }
        labels = {
            "decided_on": "Decided on (optional)",
            "due_on": "Expected by (optional)",
            "completed_on": "Completed on (optional)",
            "decision_reference": "Decision reference (optional)",
            "outcome": "Outcome (optional)",
        }
        help_texts = {
            "status": "If it is not possible, say why below: residents will read the reason.",
            "completed_on": "Only when the status is done.",
        }
        error_messages = {
            "action": {"required": "Enter what was decided or done"},
            "organisation": {"required": "Choose the responsible organisation"},
            "status": {"required": "Choose a status"},
            "decided_on": {"invalid": "Enter the decision date as a real date"},
            "due_on": {"invalid": "Enter the expected date as a real date"},
            "completed_on": {"invalid": "Enter the completion date as a real date"},
        }

    def __init__(self, *args, user, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.chosen_findings: list[Finding] = []
        offered = Finding.objects.filter(activity__in=[a.pk for a in activities])
        if self.instance.pk:
            offered = offered | Finding.objects.filter(pk__in=self.instance.findings.values("pk"))
        self.fields["findings"].queryset = offered.distinct().order_by("activity_id", "heard_on", "pk")
        if self.instance.pk and not self.is_bound:
            self.initial["findings"] = list(self.instance.findings.values_list("pk", flat=True))
        responsible = organisations_user_may_respond_for(user)
        self.fields["organisation"].queryset = responsible
        self.fields["organisation"].empty_label = "Choose an organisation"
        if not self.instance.pk and responsible.count() == 1:
            self.fields["organisation"].initial = responsible.first()
        self.fields["status"].choices = Response.Status.choices

    @property
    def offers_findings(self) -> bool:
        return bool(self.fields["findings"].choices)

    def clean_other_findings(self) -> list[int]:
        text = self.cleaned_data.get("other_findings", "").strip()
        if not text:
            return []
        parts = [p.removeprefix("#") for p in FINDING_NUMBERS.split(text) if p]
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise forms.ValidationError("Enter finding numbers separated by commas, like 12, 40")
        numbers = {int(p) for p in parts}
        too_big = {n for n in numbers if not 1 <= n <= MAX_ID}
        found, missing = services.live_findings(numbers - too_big)
        missing |= too_big
        if missing:
            raise forms.ValidationError(services.missing_findings_message(missing))
        return [f.pk for f in found]

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("findings") or [])
        other_ids = cleaned.get("other_findings") or []
        if other_ids:
            chosen_ids = {f.pk for f in chosen}
            chosen += list(Finding.objects.filter(pk__in=[i for i in other_ids if i not in chosen_ids]))
        self.chosen_findings = chosen
        if not chosen and "findings" not in self.errors and "other_findings" not in self.errors:
            # With no findings to tick, the numbers box is the only place to choose them.
            self.add_error("findings" if self.offers_findings else "other_findings", services.CHOOSE_A_FINDING)
        if "status" in cleaned:
            for field, message in services.response_problems(
                status=cleaned.get("status"),
                reason=cleaned.get("reason", ""),
                decided_on=cleaned.get("decided_on"),
                due_on=cleaned.get("due_on"),
                completed_on=cleaned.get("completed_on"),
                first_heard=services.first_heard(chosen),
            ):
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned


class LoopClosureForm(PlainLanguageGate, ModelForm):
    """How and when an activity's participants were told what happened.

    Its summary is shown to residents whenever the activity is public.
    """

    plain_fields = ("summary",)
    public_flag = None

    people_reached = forms.IntegerField(
        label="How many people were reached (optional)",
        help_text="An estimate is fine.",
        required=False,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "invalid": "Enter the number of people as a whole number, like 40",
            "min_value": "The number of people cannot be negative",
            "max_value": "Enter a number no bigger than 10,000,000",
        },
    )

    class Meta:
        model = LoopClosure
        fields = ["channel", "told_on", "people_reached", "summary"]
        widgets = {
            "channel": forms.RadioSelect,
            "told_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"channel": "How were people told?"}
        help_texts = {"summary": "What people were told happened as a result of what they said."}
        error_messages = {
            "channel": {"required": "Choose how people were told"},
            "told_on": {"required": "Enter the date people were told", "invalid": "Enter the date as a real date"},
            "summary": {"required": "Enter what people were told"},
        }

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["channel"].choices = LoopClosure.Channel.choices

    def publishes_text(self) -> bool:
        return self.instance.activity.is_public

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("told_on") is not None:
            for field, message in services.loop_closure_problems(
                activity=self.instance.activity, told_on=cleaned["told_on"]
            ):
                self.add_error(field, message)
        return cleaned
