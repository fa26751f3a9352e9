from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "engaging.accounts"
    label = "accounts"
