"""One set of filters for the register, shared by its list, calendar, feeds, exports and API."""

import copy
from collections import OrderedDict

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.html import conditional_escape, escape

from engaging.accounts.models import Organisation
from engaging.core.choices import KeptChoices, KeptChoicesMixin, KeptList, kept_key
from engaging.core.forms import CHOOSE_FROM_THE_LIST, ModelChoiceField
from engaging.core.ids import out_of_range
from engaging.lists.models import Area, Group, Method, Priority, audience_groups
from engaging.register.levels import LEVEL_MEANINGS
from engaging.register.models import Activity, EngagementLevel, EngagementType, Status
from engaging.register.overlaps import in_area_ids, meeting_area_ids

SORTS = {
    "start": ("start_date", "title"),
    "-start": ("-start_date", "title"),
    "title": ("title",),
    "-title": ("-title",),
    "organisation": ("lead_organisation__name", "-start_date"),
    "status": ("status", "-start_date"),
    "updated": ("-updated_at",),
}


class KeptModelChoiceField(KeptChoicesMixin, django_filters.fields.ModelChoiceField):
    """Chooses from a kept list of a shared list's rows (see engaging/core/choices.py)."""


# A partnership with more organisations than this offers only those that sit on a board in its filter menus.
MENU_ORGANISATIONS = 300


def organisations_for_menus():
    """The organisations a filter menu offers: those that lead an activity, and that sit on a board when
    the partnership has more than MENU_ORGANISATIONS organisations.

    Nearly every organisation of a national hub leads something, and a menu of 6,000 made each filter page
    weigh 645 KB. Those that sit on a board are the ones the dashboard and their evidence pages link to.
    """
    many = Exists(Organisation.objects.order_by()[MENU_ORGANISATIONS : MENU_ORGANISATIONS + 1])
    leading = Exists(Activity.objects.filter(lead_organisation=OuterRef("pk")))
    return Organisation.objects.filter(leading).filter(Q(on_board=True) | ~many)


class OrganisationChoiceField(KeptModelChoiceField):
    """Offers the organisations `organisations_for_menus` gives, and takes any organisation's id.

    An address that names one not offered (from the API's documentation, or one that has since left its
    board) filters by it, and the menu shows it chosen; an id that is no organisation is an error.
    """

    unlisted = None

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            self.unlisted = self.any_organisation(value)
            if self.unlisted is None:
                raise
            return self.unlisted

    def any_organisation(self, value):
        value = str(value)
        if not (value.isascii() and value.isdigit()) or out_of_range(value, Organisation._meta.pk, self.queryset.db):
            return None
        return Organisation.objects.filter(pk=int(value)).first()

    def kept_list(self):
        kept = super().kept_list()
        row = self.unlisted
        if kept is None or row is None or row.pk in kept.rows:
            return kept
        option = (escape(str(row.pk)), conditional_escape(self.label_from_instance(row)))
        return KeptList(rows={**kept.rows, row.pk: row}, options=(*kept.options, option))


class AreaChoiceField(KeptChoicesMixin, ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SharedFieldFilters(OrderedDict):
    """A FilterSet's filters, whose copies for each request share their form fields.

    django-filter deep-copies every filter for each FilterSet, and with them their form fields,
    choices and querysets; the form then copies its fields again. The fields are never changed
    through the filters, so one copy (the form's own) is enough.
    """

    def __deepcopy__(self, memo):
        copies = OrderedDict()
        for name, filter_ in self.items():
            duplicate = copy.copy(filter_)
            duplicate.extra = filter_.extra.copy()
            if filter_.method is not None:
                duplicate.method = filter_.method  # binds the filter's method to the copy, not the original
            copies[name] = duplicate
        return copies


class KeptChoicesFilterSet(django_filters.FilterSet):
    """A FilterSet whose choice filters offer kept lists, checked with one query per request.

    Its form class is made once per FilterSet class, from fields that every request's filters share.
    """

    @classmethod
    def get_filters(cls):
        return SharedFieldFilters(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        if "_form_class_cache" not in cls.__dict__:
            cls._form_class_cache = super().get_form_class()
        return cls._form_class_cache

    @property
    def form(self):
        """The form, its choice fields (its own copies) taking on this request's kept lists."""
        if not hasattr(self, "_form"):
            form = super().form
            kept = KeptChoices()
            for name, key in self._kept_keys().items():
                kept.add(form.fields[name], key)
        return self._form

    @classmethod
    def _kept_keys(cls) -> dict:
        """The key of each choice filter's list, worked out once per class (it means compiling its query)."""
        if "_kept_keys_cache" not in cls.__dict__:
            cls._kept_keys_cache = {
                name: kept_key(filter_.field)
                for name, filter_ in cls.base_filters.items()
                if issubclass(filter_.field_class, KeptChoicesMixin)
            }
        return cls._kept_keys_cache


class AreaFilter(django_filters.ModelChoiceFilter):
    """An area matches activities in any area that meets it, so a ward finds borough-wide work."""

    field_class = AreaChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(in_area_ids(meeting_area_ids([value])))


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KeptModelChoiceField


class OrganisationFilter(KeptModelChoiceFilter):
    field_class = OrganisationChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", organisations_for_menus())
        label = kwargs.get("label", "Organisation")
        kwargs.setdefault("error_messages", {"invalid_choice": f"{label}: {CHOOSE_FROM_THE_LIST}"})
        super().__init__(*args, **kwargs)


class LinkedFilter(KeptModelChoiceFilter):
    """Matches activities linked to the chosen item, by a correlated EXISTS so rows are never repeated."""

    def filter(self, qs, value):
        if not value:
            return qs
        through = getattr(Activity, self.field_name).through
        column = Activity._meta.get_field(self.field_name).m2m_reverse_field_name()
        return qs.filter(Exists(through.objects.filter(activity_id=OuterRef("pk"), **{column: value})))


class ActivityFilter(KeptChoicesFilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=200)
    organisation = OrganisationFilter(label="Organisation", method="by_organisation", empty_label="Any")
    type = django_filters.ChoiceFilter(label="Engagement type", choices=EngagementType.choices, empty_label="Any")
    level = django_filters.ChoiceFilter(label="Level", choices=EngagementLevel.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, empty_label="Any")
    group = LinkedFilter(label="Group", field_name="groups", queryset=Group.objects.all(), empty_label="Any")
    area = AreaFilter(label="Area", queryset=Area.objects.all(), empty_label="Any")
    priority = LinkedFilter(
        label="Priority", field_name="priorities", queryset=Priority.objects.all(), empty_label="Any"
    )
    method = LinkedFilter(label="Method", field_name="methods", queryset=Method.objects.all(), empty_label="Any")
    starts_after = django_filters.DateFilter(
        label="Running on or after", method="running_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_before = django_filters.DateFilter(
        label="Running on or before", method="running_until", widget=forms.DateInput(attrs={"type": "date"})
    )
    active = django_filters.BooleanFilter(
        label="Leave out cancelled activities", method="leave_out_cancelled", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        method="sort_by",
        empty_label=None,
        choices=[
            ("-start", "Newest start first"),
            ("start", "Oldest start first"),
            ("title", "Title A to Z"),
            ("-title", "Title Z to A"),
            ("organisation", "Lead organisation"),
            ("status", "Status"),
            ("updated", "Recently changed"),
        ],
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        for word in value.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(purpose__icontains=word))
        return qs

    def by_organisation(self, qs, name, value):
        partnered = Activity.partner_organisations.through.objects.filter(organisation=value)
        return qs.filter(Q(lead_organisation=value) | Exists(partnered.filter(activity_id=OuterRef("pk"))))

    def running_from(self, qs, name, value):
        return qs.filter(end_date__gte=value)

    def running_until(self, qs, name, value):
        return qs.filter(start_date__lte=value)

    def leave_out_cancelled(self, qs, name, value):
        return qs.not_cancelled() if value else qs

    def sort_by(self, qs, name, value):
        return qs.order_by(*SORTS.get(value, SORTS["-start"]))

    def filter_queryset(self, queryset):
        queryset = queryset.order_by(*SORTS["-start"])
        return super().filter_queryset(queryset)


class PublicGroupChoiceField(KeptModelChoiceField):
    """Groups by the names residents read ("Trans people", not "Gender reassignment")."""

    def label_from_instance(self, obj):
        return obj.public_name


class PublicLinkedFilter(LinkedFilter):
    field_class = PublicGroupChoiceField


class LevelRadios(forms.RadioSelect):
    """The levels of influence as radios, each with the line that says what it means for residents."""

    hints = {str(level): meaning for level, meaning in LEVEL_MEANINGS.items()}


class PublicActivityFilter(KeptChoicesFilterSet):
    """What residents can filter by on the public pages."""

    area = AreaFilter(label="Area", queryset=Area.objects.all(), empty_label="Anywhere")
    # Groups that name no audience ("Sex") are not offered (engaging/lists/models.py, NO_AUDIENCE).
    group = PublicLinkedFilter(
        label="Who it is for", field_name="groups", queryset=audience_groups(Group.objects.all()), empty_label="Anyone"
    )
    priority = LinkedFilter(label="Topic", field_name="priorities", queryset=Priority.objects.all(), empty_label="Any")
    level = django_filters.ChoiceFilter(
        label="How much you can change", choices=EngagementLevel.choices, empty_label="Any", widget=LevelRadios
    )

    class Meta:
        model = Activity
        fields: list[str] = []
