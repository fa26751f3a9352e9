"""Demo Easy Read versions: a few public activities get one, drafted from their summaries as an author would start.

The glossary itself needs no demo data: its starting terms come with the database (a data migration).
Each Easy Read version is found by its activity first, so a second run creates nothing.
"""

from django.contrib.contenttypes.models import ContentType

from engaging.plain.easy_read import MAX_IDEA_WORDS, words_in
from engaging.plain.models import EasyRead
from engaging.register.easy_read import draft_for_activity
from engaging.register.models import Activity

EASY_READ_COUNT = 4


def load(builder) -> None:
    content_type = ContentType.objects.get_for_model(Activity)
    ids = [activity.pk for activity in builder.activities.values()]
    made = 0
    for activity in Activity.objects.public().filter(pk__in=ids).order_by("start_date", "title"):
        ideas = draft_for_activity(activity)
        if not all(words_in(idea) <= MAX_IDEA_WORDS for idea in ideas):
            continue  # an author would have to split these first
        builder._get_or_create(
            "Easy Read versions",
            EasyRead.objects,
            defaults={"ideas": [{"text": idea, "picture": ""} for idea in ideas]},
            content_type=content_type,
            object_id=activity.pk,
        )
        made += 1
        if made == EASY_READ_COUNT:
            break
