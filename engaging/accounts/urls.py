from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from engaging.accounts import views, views_people, views_sign_on, views_sign_on_rules, views_two_factor
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
    path("sign-in/code/", views_two_factor.code, name="two_factor_code"),
    path("two-step/set-up/", views_two_factor.set_up, name="two_factor_setup"),
    path("two-step/backup-codes/", views_two_factor.backup_codes, name="two_factor_backup_codes"),
    path("two-step/backup-codes/new/", views_two_factor.new_backup_codes, name="two_factor_new_backup_codes"),
    path("people/<int:pk>/two-step/reset/", views_two_factor.reset, name="two_factor_reset"),
    path("sso/start/", views_sign_on.SignOnStart.as_view(), name="sso_start"),
    path("sso/callback/", views_sign_on.callback, name="sso_callback"),
    path("single-sign-on/", views_sign_on_rules.index, name="sign_on_rules"),
    path("single-sign-on/rules/new/", views_sign_on_rules.rule_add, name="sign_on_rule_add"),
    path("single-sign-on/rules/<int:pk>/remove/", views_sign_on_rules.rule_remove, name="sign_on_rule_remove"),
    path("single-sign-on/links/new/", views_sign_on_rules.link_add, name="sign_on_link_add"),
    path("single-sign-on/links/<int:pk>/remove/", views_sign_on_rules.link_remove, name="sign_on_link_remove"),
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
