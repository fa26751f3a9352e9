"""Who viewed what: a record each time a signed-in person opens a story, or a page of equality answers.

Changes are recorded by django-simple-history; views are recorded here, one row each, so a coordinator
can answer "who has read this?" (see engaging/privacy for the page that shows them, and for how long
they are kept). A view costs one insert, made after the page is ready; views by people not signed in
are not recorded, since they may read only what anyone may.

    record_view(request, story)                          # kind "voice.story", the story's id
    record_view(request, "equality.activity", activity.pk)

A page kept whole by `kept_view` (engaging/core/kept.py) is served from the cache without running its
view, so such a page is recorded by `records_views`, put above `kept_view`, which runs on every request:

    @internal_only
    @records_views("voice.story")
    @kept_view()
    def story(request, pk): ...
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.db import DatabaseError, models

from engaging.core.models import ViewRecord

logger = logging.getLogger(__name__)

PATH_LIMIT = ViewRecord._meta.get_field("path").max_length


def kind_of(model_or_instance) -> str:
    """The kind a record is viewed as: its model's label, such as "voice.story"."""
    return model_or_instance._meta.label_lower


def record_view(request, obj_or_kind, object_id=None) -> ViewRecord | None:
    """Note that the person signed in viewed `obj_or_kind` (a record, or a kind with `object_id`); None if nobody is
    signed in. Never breaks the page: a failure to write is logged and the page is shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if isinstance(obj_or_kind, models.Model):
        kind, object_id = kind_of(obj_or_kind), obj_or_kind.pk if object_id is None else object_id
    else:
        kind = str(obj_or_kind)
    try:
        return ViewRecord.objects.create(
            viewer_id=user.pk,
            kind=kind[: ViewRecord._meta.get_field("kind").max_length],
            object_id="" if object_id is None else str(object_id)[:64],
            path=request.path[:PATH_LIMIT],
        )
    except DatabaseError:
        logger.exception("A view of %s %s was not recorded", kind, object_id)
        return None


def records_views(kind: str, object_id: Callable | str | None = "pk"):
    """Record a view of `kind` each time the page answers 200, whether it was worked out or kept.

    `object_id` names the URL argument holding the id ("pk"), or is a function of (request, kwargs), or None."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and request.method in ("GET", "HEAD"):
                if callable(object_id):
                    found = object_id(request, kwargs)
                else:
                    found = kwargs.get(object_id) if object_id else None
                record_view(request, kind, found)
            return response

        return wrapper

    return decorate
