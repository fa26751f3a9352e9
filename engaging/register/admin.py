from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.register.models import Activity, JoinUp


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "lead_organisation", "type", "level", "status", "start_date"]
    list_filter = ["status", "type", "level"]
    search_fields = ["title"]


admin.site.register(JoinUp, SimpleHistoryAdmin)
