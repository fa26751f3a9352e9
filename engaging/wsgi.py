import gc
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engaging.settings")
started_before = set(threading.enumerate())
application = get_wsgi_application()


def _freeze_what_start_up_made(threads, wait_seconds: float = 60) -> None:
    """Once start-up work is done, keep the garbage collector from scanning it again.

    What start-up loads (the code, the URL patterns, the plain-language dictionaries: hundreds of
    thousands of objects) lives as long as the process, yet every full collection would walk all of
    it, holding up whichever request happens to trigger it for a tenth of a second or more.
    """
    for thread in threads:
        thread.join(wait_seconds)
    gc.freeze()


threading.Thread(
    target=_freeze_what_start_up_made,
    args=([t for t in threading.enumerate() if t not in started_before],),
    name="freeze-start-up",
    daemon=True,
).start()
