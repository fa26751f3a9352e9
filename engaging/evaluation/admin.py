from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engaging.evaluation.models import Evaluation, FeedbackLink, ParticipantFeedback

# Equality monitoring is deliberately not here: it is only ever shown in aggregate, with small numbers hidden.


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "evaluated_on", "evaluated_by", "participants_involved"]
    list_select_related = ["activity", "evaluated_by"]
    raw_id_fields = ["activity", "evaluated_by"]
    search_fields = ["activity__title", "lessons"]


@admin.register(FeedbackLink)
class FeedbackLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "activity", "is_open", "created_at"]
    list_select_related = ["activity"]
    list_filter = ["is_open"]
    raw_id_fields = ["activity"]
    search_fields = ["code", "activity__title"]


@admin.register(ParticipantFeedback)
class ParticipantFeedbackAdmin(admin.ModelAdmin):
    """Read only: participants' answers are theirs, not to be edited."""

    list_display = ["activity", "given_on", "listened_to", "easy_to_take_part", "know_what_happens_next"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
