from django.conf import settings


def service(request):
    return {"SERVICE_NAME": settings.SERVICE_NAME, "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME}
