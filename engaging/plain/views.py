from django.http import HttpResponse


def words_we_use(request):
    return HttpResponse("Words we use is being built.", status=501)
