"""The library's filters, shared by its page and the API. The words to search for are applied by search.py."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from engaging.insight.models import Finding, Theme
from engaging.insight.search import MAX_QUERY_LENGTH
from engaging.lists.models import Area, Group, Priority
from engaging.register.filters import AreaChoiceField, KeptChoicesFilterSet, KeptModelChoiceFilter, OrganisationFilter
from engaging.register.models import Activity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaFilter(django_filters.ModelChoiceFilter):
    """An area matches findings in any area that meets it, so a ward finds what was heard borough-wide."""

    field_class = AreaChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        meeting = Area.objects.meeting([value]).values("pk")
        return qs.filter(Exists(Finding.areas.through.objects.filter(finding_id=OuterRef("pk"), area__in=meeting)))


class LinkedFilter(KeptModelChoiceFilter):
    """Findings linked to the chosen item, by a correlated EXISTS so no finding is listed twice."""

    def filter(self, qs, value):
        if not value:
            return qs
        through = getattr(Finding, self.field_name).through
        column = Finding._meta.get_field(self.field_name).m2m_reverse_field_name()
        return qs.filter(Exists(through.objects.filter(finding_id=OuterRef("pk"), **{column: value})))


class FindingFilter(KeptChoicesFilterSet):
    q = django_filters.CharFilter(label="Search for", method="leave_to_search", max_length=MAX_QUERY_LENGTH)
    theme = LinkedFilter(label="Theme", field_name="themes", queryset=Theme.objects.all(), empty_label="Any")
    group = LinkedFilter(label="Group", field_name="groups", queryset=Group.objects.all(), empty_label="Any")
    area = AreaFilter(label="Area", queryset=Area.objects.all(), empty_label="Any")
    priority = LinkedFilter(
        label="Strategy priority", field_name="priorities", queryset=Priority.objects.all(), empty_label="Any"
    )
    organisation = OrganisationFilter(
        label="Organisation",
        field_name="activity__lead_organisation",
        empty_label="Any",
        help_text="The organisation that led the activity.",
    )
    heard_after = django_filters.DateFilter(
        label="Heard on or after", field_name="heard_on", lookup_expr="gte", widget=DATE_WIDGET
    )
    heard_before = django_filters.DateFilter(
        label="Heard on or before", field_name="heard_on", lookup_expr="lte", widget=DATE_WIDGET
    )
    include_stale = django_filters.BooleanFilter(
        label="Include stale findings", method="with_stale", widget=forms.CheckboxInput
    )

    class Meta:
        model = Finding
        fields: list[str] = []

    def __init__(self, data=None, *args, today: date | None = None, **kwargs):
        # Always bound, so that stale findings are left out even when no filter is chosen.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.today = today or date.today()
        for name in ("heard_after", "heard_before"):
            self.form.fields[name].error_messages["invalid"] = "Enter a real date"
        self.form.fields["q"].error_messages["max_length"] = f"Search for {MAX_QUERY_LENGTH} characters or fewer"

    def leave_to_search(self, qs, name, value):
        return qs

    def with_stale(self, qs, name, value):
        return qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_stale"):
            queryset = queryset.current(self.today)
        return queryset

    @property
    def words(self) -> str:
        return (self.form.cleaned_data.get("q") or "") if self.is_bound and self.is_valid() else ""


class ActivityFindingFilter(FindingFilter):
    """For the API: the findings of one activity, too."""

    activity = django_filters.ModelChoiceFilter(queryset=Activity.objects.all())
