"""Writing plain-language records."""

from django.db import transaction
from django.utils.formats import date_format

from engaging.plain.checking import live_glossary
from engaging.plain.easy_read import draft_ideas
from engaging.plain.models import EasyRead


@transaction.atomic
def save_easy_read(*, subject, ideas: list[dict]) -> EasyRead:
    """Keep the Easy Read version of `subject` (any record): its ideas in order, empty ones left out."""
    kept = [
        {"text": idea["text"].strip(), "picture": idea.get("picture") or ""}
        for idea in ideas
        if idea.get("text", "").strip()
    ]
    easy_read = EasyRead.objects.for_object(subject).select_for_update().first()
    if easy_read is None:
        easy_read = EasyRead(subject=subject)
    easy_read.ideas = kept
    easy_read.save()
    return easy_read


def draft_for_activity(activity) -> list[str]:
    """A first Easy Read draft of an activity: its summary, when it runs, then how to take part."""
    glossary = live_glossary()
    ideas = draft_ideas(activity.summary, glossary=glossary)
    when = date_format(activity.start_date, "l j F Y")
    if activity.end_date and activity.end_date != activity.start_date:
        ideas.append(f"It runs from {when} to {date_format(activity.end_date, 'l j F Y')}.")
    else:
        ideas.append(f"It is on {when}.")
    return ideas + draft_ideas(activity.how_to_take_part, glossary=glossary)
