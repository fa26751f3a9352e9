from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from engaging.accounts import views, views_people
from engaging.accounts.forms import LoginForm
from engaging.accounts.landing import SignInView

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in/",
        SignInView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("people/", views_people.people, name="people"),
    path("people/new/", views_people.person_add, name="person_add"),
    path("people/<int:pk>/", views_people.person, name="person"),
    path("people/<int:pk>/active/", views_people.person_active, name="person_active"),
    path("memberships/<int:pk>/remove/", views_people.membership_remove, name="membership_remove"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
        ),
        name="password_change",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
