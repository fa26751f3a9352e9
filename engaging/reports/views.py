from django.http import HttpResponse


def local_accounts(request):
    return HttpResponse("The Local Account is being built.", status=501)


def local_account(request, year):
    return HttpResponse("The Local Account is being built.", status=501)
