from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "engaging.accounts"
    label = "accounts"
    # People's names appear beside overdue actions, and the people pages show their email and whether their
    # account is on. Only a change to these changes the table's version (engaging/core/versions.py): signing
    # in writes last_login to the same table and changes nothing shown.
    counted_columns = {"User": ("username", "first_name", "last_name", "email", "is_active")}

    def ready(self):
        from engaging.accounts.roles import roles_for
        from engaging.core import cache

        # What a visitor is shown follows from their roles, so kept pages are kept for each set of roles;
        # roles_for reads them once per request into _engaging_roles.
        cache.read_roles_with(roles_for, attributes=("_engaging_roles",))
