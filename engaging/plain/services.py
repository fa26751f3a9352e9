"""Writing plain-language records."""

from django.db import transaction

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
