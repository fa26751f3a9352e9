"""Filling the glossary with its starting terms, without touching terms coordinators have changed."""

from django.utils import timezone

from engaging.plain.glossary_data import seeds

SEEDED = "Added from the hub's starting glossary"


def seed_glossary(model, history_model=None) -> int:
    """Add every starting term the glossary does not have in any case, live or archived; return how many.

    A coordinator's edits and archiving are kept: a term already there, however it is now
    written or explained, is left alone. `model` may be the real model or a migration's copy;
    `history_model`, if given, gets a creation record for each new term.
    """
    manager = model._base_manager
    existing = {term.lower() for term in manager.values_list("term", flat=True)}
    new = []
    for seed in seeds():
        if seed.term.lower() in existing:
            continue
        existing.add(seed.term.lower())
        new.append(
            model(
                term=seed.term,
                plain_alternative=seed.plain_alternative,
                explanation=seed.explanation,
                is_acronym=seed.is_acronym,
                stands_for=seed.stands_for,
            )
        )
    if not new:
        return 0
    manager.bulk_create(new)
    if history_model is not None:
        now = timezone.now()
        created = manager.filter(term__in=[item.term for item in new])
        history_model._base_manager.bulk_create(
            [
                history_model(
                    id=item.pk,
                    term=item.term,
                    plain_alternative=item.plain_alternative,
                    explanation=item.explanation,
                    is_acronym=item.is_acronym,
                    stands_for=item.stands_for,
                    archived_at=item.archived_at,
                    created_at=item.created_at,
                    updated_at=item.updated_at,
                    history_date=now,
                    history_type="+",
                    history_change_reason=SEEDED,
                )
                for item in created
            ]
        )
    return len(new)


def seed_pictures(model, history_model=None) -> int:
    """Give each Easy Read picture without keywords in the database its starting keywords; return how many.

    Keywords a coordinator has changed are left as they are. `model` may be the real model or a
    migration's copy; `history_model`, if given, gets a creation record for each new row.
    """
    from engaging.plain.pictures import default_keywords

    manager = model._base_manager
    existing = set(manager.values_list("name", flat=True))
    new = [
        model(name=name, keywords=", ".join(words))
        for name, words in default_keywords().items()
        if name not in existing
    ]
    if not new:
        return 0
    manager.bulk_create(new)
    if history_model is not None:
        now = timezone.now()
        history_model._base_manager.bulk_create(
            [
                history_model(
                    id=item.pk,
                    name=item.name,
                    keywords=item.keywords,
                    created_at=item.created_at,
                    updated_at=item.updated_at,
                    history_date=now,
                    history_type="+",
                    history_change_reason="Added with the hub's starting keywords",
                )
                for item in manager.filter(name__in=[item.name for item in new])
            ]
        )
    return len(new)
