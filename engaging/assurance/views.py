from django.http import HttpResponse

from engaging.register.views.access import internal_only


@internal_only
def dashboard(request):
    return HttpResponse("The assurance dashboard is being built.", status=501)
