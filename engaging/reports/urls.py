from django.urls import path

from engaging.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.local_accounts, name="local_accounts"),
    path("<int:year>/", views.local_account, name="local_account"),
]
