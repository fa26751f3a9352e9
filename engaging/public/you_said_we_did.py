from django.http import HttpResponse


def index(request):
    return HttpResponse("You said, we did is being built.", status=501)
