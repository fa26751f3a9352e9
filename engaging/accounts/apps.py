from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "engaging.accounts"
    label = "accounts"
    # Writes to these change the data stamp, so figures and pages kept from them are worked out afresh
    # (engaging/core/data_version.py).
    counted_models = ("Organisation",)
    # People's names appear beside overdue actions. Only a change of name counts: signing in writes to
    # the same table and changes no figure.
    counted_columns = {"User": ("username", "first_name", "last_name")}

    def ready(self):
        from engaging.accounts.roles import roles_for
        from engaging.core import kept

        # What a visitor is shown follows from their roles, so kept pages are kept for each set of roles.
        kept.read_roles_with(roles_for)
