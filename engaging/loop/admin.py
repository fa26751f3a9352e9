from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.loop.models import LoopClosure, LoopReminder, Response


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "status", "is_public", "updated_at"]
    list_filter = ["status", "is_public"]
    search_fields = ["action"]
    raw_id_fields = ["findings"]


@admin.register(LoopClosure)
class LoopClosureAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "channel", "told_on", "people_reached"]
    list_filter = ["channel"]
    raw_id_fields = ["activity"]


@admin.register(LoopReminder)
class LoopReminderAdmin(admin.ModelAdmin):
    list_display = ["activity", "sent_at", "recipients"]
    raw_id_fields = ["activity"]
