from engaging.accounts.roles import roles_for


def roles(request):
    """The visitor's roles, for the menu and for what each page shows them."""
    return {"roles": roles_for(getattr(request, "user", None))}
