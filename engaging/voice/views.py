from django.http import HttpResponse

from engaging.register.views.access import internal_only


@internal_only
def index(request):
    return HttpResponse("Community voice is being built.", status=501)
