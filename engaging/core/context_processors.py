from django.conf import settings

from engaging.accounts.roles import roles_for


def service(request):
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME,
        "roles": roles_for(getattr(request, "user", None)),
    }
