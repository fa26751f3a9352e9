from django.contrib import admin
from django.urls import include, path

from engaging.api.api import api
from engaging.core.views import health

urlpatterns = [
    path("", include("engaging.public.urls")),
    path("accounts/", include("engaging.accounts.urls")),
    path("register/", include("engaging.register.urls")),
    path("joining-up/", include("engaging.register.joining_urls")),
    path("lists/", include("engaging.lists.urls")),
    path("insight/", include("engaging.insight.urls")),
    path("feedback-loop/", include("engaging.loop.urls")),
    path("evaluation/", include("engaging.evaluation.urls")),
    path("you-said-we-did/", include("engaging.public.yswd_urls")),
    path("f/", include("engaging.public.feedback_urls")),
    path("words-we-use/", include("engaging.plain.urls")),
    path("board/", include("engaging.board.urls")),
    path("stories/", include("engaging.voice.urls")),
    path("assurance/", include("engaging.assurance.urls")),
    path("local-account/", include("engaging.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]

handler404 = "engaging.core.views.not_found"
handler403 = "engaging.core.views.forbidden"
handler500 = "engaging.core.views.server_error"
