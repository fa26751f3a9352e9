"""Nothing shown to a signed-in person is kept by a browser or a shared cache on the way.

A page, an export or an API answer given to someone signed in (by session or by API token) may hold
what only they may see, so it is marked `Cache-Control: private, no-store`, whatever the view said.
Pages given to anyone else are left as their views made them: they are public.
"""

from django.utils.cache import patch_cache_control


class PrivateWhenSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API sets request.user from its token while the view runs, so this is read afterwards.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response
