from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.insight.models import Finding, FindingUse, Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "archived_at"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Theme.everything.all()


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "activity", "heard_on", "review_by", "is_public", "archived_at"]
    list_filter = ["kind", "representativeness", "is_public"]
    search_fields = ["statement", "activity__title"]
    autocomplete_fields = ["activity"]
    raw_id_fields = ["superseded_by", "created_by"]
    filter_horizontal = ["themes", "groups", "areas", "priorities"]
    date_hierarchy = "heard_on"

    def get_queryset(self, request):
        return Finding.everything.select_related("activity")


@admin.register(FindingUse)
class FindingUseAdmin(SimpleHistoryAdmin):
    list_display = ["finding", "activity", "used_by", "used_at"]
    raw_id_fields = ["finding", "activity", "used_by"]
