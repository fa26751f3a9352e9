from django.http import HttpResponse

from engaging.register.views.access import internal_only


@internal_only
def what_works(request):
    return HttpResponse("What works is being built.", status=501)
