from django.urls import path

from engaging.register.views import activities, calendar, spreadsheets

app_name = "register"

# "Your work" (your-work/, "dashboard") sits among these pages but is served by assurance: see engaging/urls.py.

urlpatterns = [
    path("", activities.activity_list, name="list"),
    path("new/", activities.activity_create, name="create"),
    path("archived/", activities.archived_list, name="archived"),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", calendar.month, name="calendar_month"),
    path("register.ics", calendar.register_feed, name="feed"),
    path("export.csv", spreadsheets.export_csv, name="export_csv"),
    path("export.xlsx", spreadsheets.export_xlsx, name="export_xlsx"),
    path("import/", spreadsheets.import_activities, name="import"),
    path("import/template.<str:fmt>", spreadsheets.import_template, name="import_template"),
    path("import/<int:pk>/", spreadsheets.import_job, name="import_job"),
    path("<int:pk>/", activities.activity_detail, name="detail"),
    path("<int:pk>/edit/", activities.activity_edit, name="edit"),
    path("<int:pk>/status/", activities.activity_status, name="status"),
    path("<int:pk>/participants/", activities.activity_participants, name="participants"),
    path("<int:pk>/cancel/", activities.activity_cancel, name="cancel"),
    path("<int:pk>/archive/", activities.activity_archive, name="archive"),
    path("<int:pk>/restore/", activities.activity_restore, name="restore"),
    path("<int:pk>/history/", activities.activity_history, name="history"),
]
