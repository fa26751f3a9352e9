from datetime import date, datetime

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from engaging.accounts.models import Organisation, User
from engaging.board.models import (
    AgendaItem,
    Board,
    LegalDuty,
    Meeting,
    Scale3,
    Screening,
    ScreeningAction,
    ScreeningRule,
)
from engaging.board.screening import QUESTIONS, questions
from engaging.core.forms import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from engaging.core.record_versions import VersionedForm
from engaging.insight.models import Finding
from engaging.insight.relevance import relevant_findings
from engaging.lists.models import Area, Group
from engaging.register.forms import DateInput
from engaging.register.models import EARLIEST_DATE, LATEST_DATE, Activity, EngagementLevel, EngagementType

FINDINGS_SHOWN = 8


def _ids(values) -> set[int]:
    return {int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) < 19}


def plain_lengths(form: forms.BaseForm) -> None:
    """Say how long text may be in plain words, for every field that has a limit."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if limit:
            field.error_messages["max_length"] = f"Use {limit} characters or fewer"


def _check_year(value: date | None, field: str, form: forms.Form) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        form.add_error(field, "Enter a date between 1900 and 2199")


# Boards, meetings and agenda items ------------------------------------------------------------


class AreaChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class BoardForm(ModelForm):
    area = AreaChoiceField(queryset=Area.objects.all(), required=False, empty_label="No particular place")

    class Meta:
        model = Board
        fields = ["name", "area", "members", "description"]
        widgets = {"members": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"members": "Member organisations", "area": "The place it serves"}
        error_messages = {"name": {"required": "Enter the board's name", "unique": "A board with this name exists"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["members"].queryset = Organisation.objects.all()


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(ModelForm):
    """A meeting: its date and time are asked for separately, as people think of them."""

    date = forms.DateField(
        widget=DateInput,
        error_messages={"required": "Enter the date of the meeting", "invalid": "Enter the date as a real date"},
    )
    time = forms.TimeField(
        widget=TimeInput,
        help_text="For example 14:00",
        error_messages={"required": "Enter the time the meeting starts", "invalid": "Enter the time like 14:00"},
    )
    papers_url = forms.URLField(
        label="Link to the papers (optional)",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter the link to the papers as a web address, like https://example.org"},
    )

    class Meta:
        model = Meeting
        fields = ["board", "venue", "is_public", "papers_url", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "board": {"required": "Choose the board"},
        }
        help_texts = {"is_public": "Anyone may attend and read the papers."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["board"].queryset = Board.objects.all()
        self.fields["board"].empty_label = "Choose a board"
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", local.date())
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        _check_year(cleaned.get("date"), "date", self)
        return cleaned

    def save(self, commit=True):
        day, time = self.cleaned_data["date"], self.cleaned_data["time"]
        self.instance.starts_at = timezone.make_aware(datetime.combine(day, time))
        return super().save(commit)


class AgendaItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "lead_organisation", "decision_sought", "decision_date", "outcome", "order"]
        widgets = {
            "decision_sought": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "decision_date": DateInput,
        }
        labels = {
            "decision_sought": "Decision sought",
            "decision_date": "Date of the decision (optional)",
            "outcome": "Outcome (after the meeting)",
            "order": "Place on the agenda",
        }
        help_texts = {
            "decision_sought": "What the board is asked to decide or note.",
            "order": "Items are listed from the lowest number.",
        }
        error_messages = {
            "title": {"required": "Enter the item's title"},
            "lead_organisation": {"required": "Choose the lead organisation"},
            "decision_sought": {"required": "Enter the decision the board is asked for"},
            "decision_date": {"invalid": "Enter the date of the decision as a real date"},
            "order": {
                "invalid": "Enter the place on the agenda as a whole number, like 3",
                "min_value": "The place on the agenda cannot be negative",
                "max_value": "Enter a place on the agenda below 32768",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["lead_organisation"].queryset = Organisation.objects.all()
        self.fields["lead_organisation"].empty_label = "Choose an organisation"
        self.fields["order"].required = False

    def clean_order(self):
        """Left empty, an item keeps its place, or a new one goes to the end of the agenda."""
        order = self.cleaned_data.get("order")
        if order is None:
            return self.instance.order if self.instance.pk else self.initial.get("order", 0)
        return order


# Screening ------------------------------------------------------------------------------------


def groups_seldom_heard_first():
    seldom = Case(
        When(category=Group.Category.SELDOM_HEARD, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return Group.objects.annotate(seldom_first=seldom).order_by("seldom_first", "name")


class AffectedGroupsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} (seldom heard)" if obj.category == Group.Category.SELDOM_HEARD else obj.name


class ScreeningForm(VersionedForm, ModelForm):
    """The board's one screening form: the same questions for every agenda item."""

    affected_groups = AffectedGroupsField(
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which groups are affected?",
        help_text="Seldom-heard groups are listed first. Choose every group the decision affects.",
    )

    class Meta:
        model = Screening
        fields = [
            "changes_services", "legal_duties", "affected_groups", "who_is_affected", "insight_reused", "influence",
            "time_available", "community_interest", "partner_capability",
        ]  # fmt: skip
        widgets = {
            "changes_services": forms.RadioSelect,
            "legal_duties": forms.CheckboxSelectMultiple,
            "insight_reused": forms.CheckboxSelectMultiple,
            "influence": forms.RadioSelect,
            "time_available": forms.RadioSelect,
            "community_interest": forms.RadioSelect,
            "partner_capability": forms.RadioSelect,
            "who_is_affected": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "changes_services": "Does it change services, or how people reach them?",
            "legal_duties": "Which legal duties to involve or consult apply?",
            "who_is_affected": "Who else is affected? (optional)",
            "insight_reused": "What insight already exists?",
            "influence": "How much can people still influence the decision?",
            "time_available": "How much time is there before the decision?",
            "community_interest": "How interested in this, and able to take part, are the communities affected?",
            "partner_capability": "How able are the board and its partners to involve them?",
        }
        help_texts = {
            "legal_duties": "Tick each duty that applies. Leave them all unticked if none does. "
            "The summaries are a guide, not legal advice.",
            "who_is_affected": "In your own words, for example “people who use the walk-in centre at night”.",
            "insight_reused": "Current findings from the insight library that match this item and the groups "
            "chosen. Tick the ones to reuse, so that people are not asked again.",
        }
        error_messages = {
            "changes_services": {"required": "Choose whether it changes services or how people reach them"},
            "influence": {"required": "Choose how much people can still influence the decision"},
            "time_available": {"required": "Choose how much time there is before the decision"},
            "community_interest": {"required": "Choose how interested and able the communities are"},
            "partner_capability": {"required": "Choose how able the board and its partners are to involve them"},
            "legal_duties": {"invalid_choice": "Choose legal duties from the list"},
            "insight_reused": {
                "invalid_choice": "Choose findings from the list: that one is no longer current",
                "invalid_pk_value": "Choose findings from the list",
            },
        }

    def __init__(self, *args, agenda_item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.agenda_item = agenda_item
        self.fields["changes_services"].choices = Screening.Answer.choices
        self.fields["influence"].choices = Screening.Influence.choices
        self.fields["time_available"].choices = Screening.Time.choices
        self.fields["community_interest"].choices = Scale3.choices
        self.fields["partner_capability"].choices = Scale3.choices
        self.fields["legal_duties"].queryset = LegalDuty.objects.order_by("name")
        self.fields["affected_groups"].queryset = groups_seldom_heard_first()
        self.fields["legal_duties"].error_messages["invalid_pk_value"] = "Choose legal duties from the list"
        self.fields["affected_groups"].error_messages["invalid_choice"] = "Choose groups from the list"
        self.fields["affected_groups"].error_messages["invalid_pk_value"] = "Choose groups from the list"
        self._offer_findings()

    def _chosen(self, name: str) -> set[int]:
        if self.is_bound:
            return _ids(self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name) or [])
        # The instance's choices as the form has already read them (Django's model_to_dict), not read again.
        return {getattr(item, "pk", item) for item in self.initial.get(name) or []}

    def _offer_findings(self) -> None:
        """Offer the current findings most relevant to the item and the chosen groups, and any already ticked."""
        item = self.agenda_item
        group_ids = self._chosen("affected_groups")
        # The item has no priorities of its own: those of the engagement linked to it say what it serves.
        priority_ids = set(
            Activity.priorities.through.objects.filter(
                activity__in=item.activities.values("pk"), priority__archived_at__isnull=True
            ).values_list("priority_id", flat=True)
        )
        candidates = relevant_findings(
            text=f"{item.title} {item.decision_sought}",
            group_ids=group_ids,
            priority_ids=priority_ids,
            limit=FINDINGS_SHOWN * 3,
        )
        today = date.today()
        relevant = [f for f in candidates if not f.is_stale(today)][:FINDINGS_SHOWN]
        ticked = self._chosen("insight_reused")
        current = Finding.objects.in_library().current()
        self.fields["insight_reused"].queryset = current.filter(pk__in={f.pk for f in relevant} | ticked)
        extra = {f.pk: f for f in current.filter(pk__in=ticked - {f.pk for f in relevant}).for_lists()}
        self.finding_choices = [(f, f.pk in ticked) for f in relevant + list(extra.values())]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("affected_groups") and not (cleaned.get("who_is_affected") or "").strip():
            if "affected_groups" not in self.errors:
                self.add_error("affected_groups", "Choose the groups affected, or say who else is affected")
        return cleaned

    def answers(self) -> dict:
        return dict(self.cleaned_data)


class GunningForm(ModelForm):
    class Meta:
        model = Screening
        fields = list(Screening.GUNNING)


# Actions --------------------------------------------------------------------------------------


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def people_with_a_role():
    return User.objects.filter(is_active=True, memberships__isnull=False).distinct().order_by("first_name", "last_name")


class ActionForm(ModelForm):
    owner = PersonChoiceField(queryset=User.objects.none(), required=False, empty_label="Nobody in particular")

    class Meta:
        model = ScreeningAction
        fields = ["description", "owner_organisation", "owner", "due_on"]
        widgets = {"due_on": DateInput}
        labels = {
            "description": "What needs doing",
            "owner_organisation": "Organisation responsible",
            "owner": "Person responsible (optional)",
            "due_on": "Due by",
        }
        error_messages = {
            "description": {"required": "Enter what needs doing"},
            "due_on": {"required": "Enter the date it is due by", "invalid": "Enter the due date as a real date"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["owner_organisation"].queryset = Organisation.objects.all()
        self.fields["owner_organisation"].empty_label = "No organisation"
        self.fields["owner"].queryset = people_with_a_role()


ACTION_STATUSES = [("open", "Not done"), ("overdue", "Overdue"), ("done", "Done"), ("all", "All")]


class ActionFilterForm(forms.Form):
    organisation = ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Any organisation",
        label="Organisation responsible",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Anyone",
        label="Person responsible",
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    status = forms.ChoiceField(
        choices=ACTION_STATUSES,
        required=False,
        label="Status",
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["owner"].queryset = people_with_a_role()


# Rules ----------------------------------------------------------------------------------------


def when_choices() -> list:
    """Each question with its answers, for one grouped drop-down: the value is "question=answer"."""
    return [("", "Choose a question and answer")] + [
        (question.label, [(f"{question.key}={value}", label) for value, label in question.answers])
        for question in questions().values()
    ]


class RuleForm(ModelForm):
    when = forms.ChoiceField(
        label="When the answer is",
        help_text="The question, and the answer that makes this rule apply.",
        error_messages={"required": "Choose the question and answer", "invalid_choice": "Choose from the list"},
    )

    class Meta:
        model = ScreeningRule
        fields = ["recommends_type", "recommends_level", "action", "action_due_days", "reason", "weight"]
        labels = {
            "recommends_type": "Recommend this type of engagement",
            "recommends_level": "Recommend this level of influence",
            "action": "Add this action (optional)",
            "action_due_days": "Action due after (days)",
            "reason": "Why (shown with the recommendation)",
            "weight": "Weight",
        }
        help_texts = {
            "action_due_days": "How many days after the screening the action is due.",
            "weight": "When rules disagree, the one with the highest weight wins. From 0 to 1000.",
        }
        error_messages = {
            "reason": {"required": "Enter why this answer leads to this recommendation"},
            "weight": {
                "required": "Enter a weight",
                "invalid": "Enter the weight as a whole number, like 40",
                "min_value": "Enter a weight from 0 to 1000",
                "max_value": "Enter a weight from 0 to 1000",
            },
            "action_due_days": {
                "invalid": "Enter the number of days as a whole number, like 14",
                "min_value": "Enter a number of days from 0 to 730",
                "max_value": "Enter a number of days from 0 to 730",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_lengths(self)
        self.fields["when"].choices = when_choices()
        if self.instance.pk:
            self.initial["when"] = f"{self.instance.question}={self.instance.answer}"
        self.fields["recommends_type"].choices = [("", "Does not decide the type")] + list(EngagementType.choices)
        self.fields["recommends_level"].choices = [("", "Does not decide the level")] + list(EngagementLevel.choices)

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not 0 <= weight <= 1000:
            raise forms.ValidationError("Enter a weight from 0 to 1000")
        return weight

    def clean_action_due_days(self):
        days = self.cleaned_data["action_due_days"]
        if days is not None and not 0 <= days <= 730:
            raise forms.ValidationError("Enter a number of days from 0 to 730")
        return days

    def clean(self):
        cleaned = super().clean()
        action = (cleaned.get("action") or "").strip()
        if action and cleaned.get("action_due_days") is None and "action_due_days" not in self.errors:
            self.add_error("action_due_days", "Enter how many days after the screening the action is due")
        if not action and cleaned.get("action_due_days") is not None:
            self.add_error("action", "Enter the action, or leave the number of days empty")
        return cleaned

    def save(self, commit=True):
        question, _, answer = self.cleaned_data["when"].partition("=")
        self.instance.question, self.instance.answer = question, answer
        return super().save(commit)


QUESTION_KEYS = [question.key for question in QUESTIONS]
