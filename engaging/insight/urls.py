from django.urls import path

from engaging.insight.views import findings, library, planning, themes

app_name = "insight"

urlpatterns = [
    path("", library.library, name="library"),
    path("findings/<int:pk>/", library.finding_detail, name="finding"),
    path("findings/<int:pk>/history/", library.finding_history, name="history"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="edit"),
    path("findings/<int:pk>/archive/", findings.finding_archive, name="archive"),
    path("findings/<int:pk>/restore/", findings.finding_restore, name="restore"),
    path("activities/<int:pk>/findings/new/", findings.finding_create, name="add"),
    path("activities/<int:pk>/findings/import/", findings.finding_import, name="import"),
    path("activities/<int:pk>/findings/import/template.<str:fmt>", findings.import_template, name="import_template"),
    path("activities/<int:pk>/findings/import/<int:job>/", findings.import_job, name="import_job"),
    path("activities/<int:pk>/used/", planning.use_finding, name="use"),
    path("before-you-start/", planning.before_you_start, name="before_you_start"),
    path("themes/", themes.theme_list, name="themes"),
    path("themes/new/", themes.theme_edit, name="theme_add"),
    path("themes/<int:pk>/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/merge/", themes.theme_merge, name="theme_merge"),
]
