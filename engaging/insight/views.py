from django.http import HttpResponse

from engaging.register.views.access import internal_only


@internal_only
def library(request):
    return HttpResponse("The insight library is being built.", status=501)
