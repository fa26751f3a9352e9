from django.http import HttpResponse


def give_feedback(request, code):
    return HttpResponse("Participant feedback is being built.", status=501)
