from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.board.models import (
    AgendaItem,
    Board,
    LegalDuty,
    Meeting,
    MethodFit,
    Screening,
    ScreeningAction,
    ScreeningRule,
)


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area"]
    search_fields = ["name"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "starts_at", "venue", "is_public"]
    list_filter = ["board", "is_public"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "lead_organisation", "order"]
    search_fields = ["title"]
    raw_id_fields = ["activities"]


@admin.register(LegalDuty)
class LegalDutyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "source", "applies_to"]
    list_filter = ["applies_to"]


@admin.register(Screening)
class ScreeningAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "recommended_type", "recommended_level", "screened_at"]
    raw_id_fields = ["agenda_item", "insight_reused"]


@admin.register(ScreeningRule)
class ScreeningRuleAdmin(SimpleHistoryAdmin):
    list_display = ["question", "answer", "recommends_type", "recommends_level", "weight", "reason"]
    list_filter = ["question"]


@admin.register(ScreeningAction)
class ScreeningActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner_organisation", "due_on", "done_on"]
    list_filter = ["done_on"]


@admin.register(MethodFit)
class MethodFitAdmin(SimpleHistoryAdmin):
    list_display = ["method", "group", "suits", "reason"]
    list_filter = ["suits", "method"]
