from django.contrib import admin
from django.urls import include, path

from engaging.api.api import api
from engaging.assurance.views.your_work import your_work
from engaging.core.views import health
from engaging.loop import easy_read_urls as response_easy_read_urls
from engaging.plain import urls as plain_urls
from engaging.register import easy_read_urls as activity_easy_read_urls
from engaging.register import urls as register_urls

# "Your work", an officer's to-do list, reads every app, so assurance serves it; it keeps its place among
# the register's pages (/register/your-work/, "register:dashboard"), where officers know it.
register_pages = [path("your-work/", your_work, name="dashboard"), *register_urls.urlpatterns]
# Easy Read pages live with the records they are about (an activity's in the register, a response's in the
# feedback loop) and keep their places among the plain-language pages (/words-we-use/easy-read/…, "plain:easy_read_…").
plain_pages = [*plain_urls.urlpatterns, *activity_easy_read_urls.urlpatterns, *response_easy_read_urls.urlpatterns]

urlpatterns = [
    path("", include("engaging.public.urls")),
    path("accounts/", include("engaging.accounts.urls")),
    path("register/", include((register_pages, "register"))),
    path("joining-up/", include("engaging.register.joining_urls")),
    path("lists/", include("engaging.lists.urls")),
    path("insight/", include("engaging.insight.urls")),
    path("feedback-loop/", include("engaging.loop.urls")),
    path("evaluation/", include("engaging.evaluation.urls")),
    path("you-said-we-did/", include("engaging.public.yswd_urls")),
    path("f/", include("engaging.public.feedback_urls")),
    path("words-we-use/", include((plain_pages, "plain"))),
    path("board/", include("engaging.board.urls")),
    path("stories/", include("engaging.voice.urls")),
    path("assurance/", include("engaging.assurance.urls")),
    path("local-account/", include("engaging.reports.urls")),
    path("questionnaires/", include("engaging.questionnaires.urls")),
    path("surveys/", include("engaging.surveys.urls")),
    path("themes/", include("engaging.themes.urls")),
    path("training/", include("engaging.learning.urls")),
    path("training/", include("engaging.learning.staff_urls")),
    path("your-data/requests/", include("engaging.rights.urls")),
    path("your-data/", include("engaging.privacy.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]

handler400 = "engaging.core.views.bad_request"
handler404 = "engaging.core.views.not_found"
handler403 = "engaging.core.views.forbidden"
handler500 = "engaging.core.views.server_error"
