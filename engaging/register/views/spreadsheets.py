"""Export, import and the import template. Filled in below."""

from django.http import HttpResponse

from engaging.register.views.access import internal_only


@internal_only
def export_csv(request):
    return HttpResponse(status=501)


@internal_only
def export_xlsx(request):
    return HttpResponse(status=501)


@internal_only
def import_activities(request):
    return HttpResponse(status=501)


@internal_only
def import_template(request, fmt):
    return HttpResponse(status=501)
