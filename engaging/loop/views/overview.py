"""The feedback loop at a glance: who has not been told what happened, and each organisation's loop-closure rate."""

from datetime import date, timedelta

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from engaging.accounts.access import internal_only, roles_for
from engaging.accounts.models import Organisation
from engaging.core.forms import ModelChoiceField
from engaging.core.kept import kept_view
from engaging.loop import closure
from engaging.register.forms import DateInput

PAGE_SIZE = 50
HOME = ("Home", "/")
LOOP = ("Feedback loop", "/feedback-loop/")


def sees_everyone(user) -> bool:
    """Coordinators and board members follow every organisation; officers their own."""
    roles = roles_for(user)
    return roles.coordinator or roles.board_member


class PeriodForm(forms.Form):
    """The organisation and the period of closing days the loop-closure rate covers."""

    organisation = ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="All organisations",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    start = forms.DateField(
        label="Closed on or after",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the start of the period as a real date"},
    )
    end = forms.DateField(
        label="Closed on or before",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the end of the period as a real date"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["end"].initial = today
        self.fields["start"].initial = today - timedelta(days=365)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period must be the same as or after its start")
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period; by default the last twelve months, up to today."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or self.today
        start = data.get("start") or (end - timedelta(days=365))
        return start, end

    def chosen_organisation(self):
        if "organisation" not in self.fields or not (self.is_bound and self.is_valid()):
            return None
        return self.cleaned_data.get("organisation")


def records_link(*, state: str, organisation_id: int | None, start: date, end: date, base: str = "") -> str:
    """Where the activities behind one figure are listed; `base`, the list's address, saves reversing it again."""
    params = {"state": state, "start": start.isoformat(), "end": end.isoformat()}
    if organisation_id:
        params["organisation"] = organisation_id
    return f"{base or reverse('loop:activities')}?{urlencode(params)}"


@internal_only
@require_safe
@kept_view()
def index(request):
    today = date.today()
    everyone = sees_everyone(request.user)
    form = PeriodForm(request.GET or None, today=today)
    if not everyone:
        del form.fields["organisation"]
    start, end = form.period()
    chosen = form.chosen_organisation() if everyone else None

    # Leads are read by id for the page: joined to every activity, SQLite starts from the organisations.
    overdue = closure.overdue_activities(today=today).prefetch_related("lead_organisation")
    if chosen is not None:
        overdue = overdue.filter(lead_organisation=chosen)
    elif not everyone:
        overdue = overdue.filter(lead_organisation__in=roles_for(request.user).officer_of)
    page = Paginator(overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue_rows = [
        (a, closure.deadline(a.closing_day), closure.days_overdue(closed=a.closing_day, today=today))
        for a in page.object_list
    ]

    rows = closure.rates(start=start, end=end, today=today, organisation=chosen)
    total = closure.total(rows) if len(rows) > 1 else None
    table = []
    base = reverse("loop:activities")  # three links a row, an organisation a row
    for row in [*rows, *([total] if total else [])]:
        organisation_id = row.organisation_id or (chosen.pk if chosen else None)
        period = {"organisation_id": organisation_id, "start": start, "end": end, "base": base}
        table.append(
            {
                "rate": row,
                "on_time_url": records_link(state=closure.ON_TIME, **period),
                "counted_url": records_link(state="counted", **period),
                "waiting_url": records_link(state=closure.WAITING, **period),
            }
        )
    return render(
        request,
        "loop/index.html",
        {
            "form": form,
            "everyone": everyone,
            "page_obj": page,
            "overdue_rows": overdue_rows,
            "table": table,
            "start": start,
            "end": end,
            "weeks": closure.window().days // 7,
            "crumbs": [HOME, ("Feedback loop", None)],
        },
    )


class RecordsForm(PeriodForm):
    state = forms.ChoiceField(
        label="Which activities",
        required=False,
        choices=[
            ("", "Every finished activity"),
            ("counted", "Due by now (told, or past the deadline)"),
            (closure.ON_TIME, "Told in time"),
            (closure.LATE, "Told late"),
            (closure.OVERDUE, "Overdue"),
            (closure.WAITING, "Not yet due"),
        ],
        error_messages={"invalid_choice": "Choose which activities to show from the list"},
    )


@internal_only
@require_safe
@kept_view()
def activities(request):
    """The finished activities behind each count on the overview, with their loop state."""
    today = date.today()
    form = RecordsForm(request.GET or None, today=today)
    start, end = form.period()
    queryset = closure.finished_activities(start=start, end=end)
    organisation = form.chosen_organisation()
    if organisation is not None:
        queryset = queryset.filter(lead_organisation=organisation)
    state = form.cleaned_data.get("state") if form.is_bound and form.is_valid() else ""
    if state:
        queryset = closure.in_state(queryset, state, today=today)
    queryset = (
        queryset.select_related("lead_organisation")
        .annotate(closing_day=closure.CLOSING_DAY, first_told=closure.first_told())
        .order_by("closing_day", "pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for activity in page.object_list:
        told = [activity.first_told] if activity.first_told else []
        which = closure.state(closed=activity.closing_day, told=told, today=today)
        rows.append((activity, closure.deadline(activity.closing_day), which, closure.STATE_LABELS[which]))
    return render(
        request,
        "loop/activities.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "start": start,
            "end": end,
            "crumbs": [HOME, LOOP, ("Finished activities", None)],
        },
    )
