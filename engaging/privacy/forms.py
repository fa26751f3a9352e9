"""The coordinators' form for the retention schedule, and the filters of the record of views."""

from django import forms
from django.db.models import Q

from engaging.core.date_parts import DatePartsField
from engaging.privacy import schedule
from engaging.privacy.viewing import KIND_LABELS


class ScheduleForm(forms.Form):
    """One whole number of days for each kind, between MIN_DAYS and MAX_DAYS."""

    def __init__(self, *args, periods: list[schedule.Period], **kwargs):
        super().__init__(*args, **kwargs)
        for period in periods:
            kind = period.kind
            self.fields[field_name(kind.key)] = forms.IntegerField(
                label=f"{kind.name}: days kept {kind.counted_from}",
                min_value=schedule.MIN_DAYS,
                max_value=schedule.MAX_DAYS,
                initial=period.days,
                help_text=f"{kind.why_default} The hub's default is {default_in_words(kind.default_days)}.",
                error_messages={
                    "required": f"Enter how many days to keep {kind.name.lower()}",
                    "invalid": f"Enter the days to keep {kind.name.lower()} as a whole number, like 365",
                    "min_value": f"Keep {kind.name.lower()} for at least {schedule.MIN_DAYS} day",
                    "max_value": f"Keep {kind.name.lower()} for {schedule.MAX_DAYS:,} days or fewer",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            )

    def days(self) -> dict[str, int]:
        return {key: self.cleaned_data[field_name(key)] for key in schedule.BY_KEY if field_name(key) in self.fields}


def default_in_words(days: int) -> str:
    """ "365 days (1 year)", or "30 days" where saying it again in other words would add nothing."""
    plain = schedule.plain_days(days)
    return f"{days:,} days" if plain == f"{days:,} days" else f"{days:,} days ({plain})"


def field_name(key: str) -> str:
    return key.replace("-", "_")


class ViewsFilterForm(forms.Form):
    """Filters for the record of who viewed what. Every field may be left empty."""

    person = forms.CharField(
        label="Person", required=False, max_length=150, help_text="Their username, or part of their name."
    )
    kind = forms.ChoiceField(label="What was viewed", required=False)
    viewed_from = DatePartsField(
        name="the ‘from’ date", label="Viewed on or after", required=False, help_text="For example, 27 3 2026"
    )
    viewed_to = DatePartsField(
        name="the ‘to’ date", label="Viewed on or before", required=False, help_text="For example, 31 3 2026"
    )
    record = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    FIELDS = ("person", "kind", "viewed_from", "viewed_to", "record", "page")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Anything"), *KIND_LABELS.items()]

    def clean(self):
        data = super().clean()
        start, end = data.get("viewed_from"), data.get("viewed_to")
        if start and end and end < start:
            self.add_error("viewed_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data

    def filtered(self, records):
        if not self.is_valid():
            return records.none()
        data = self.cleaned_data
        if data["person"]:
            words = data["person"].strip()
            records = records.filter(
                Q(viewer__username__icontains=words)
                | Q(viewer__first_name__icontains=words)
                | Q(viewer__last_name__icontains=words)
                | Q(viewer__email__iexact=words)
            )
        if data["kind"]:
            records = records.filter(kind=data["kind"])
        if data["record"]:
            records = records.filter(object_id=data["record"])
        if data["viewed_from"]:
            records = records.filter(viewed_at__date__gte=data["viewed_from"])
        if data["viewed_to"]:
            records = records.filter(viewed_at__date__lte=data["viewed_to"])
        return records
