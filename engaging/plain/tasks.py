"""Background work for plain language, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from engaging.plain.scoring import rescore_all


@task()
def rescore_public_texts() -> dict[str, int]:
    """Check every public text again: the glossary or the target reading age changed, so any score may have.

    Returns how many texts were checked, unchanged and removed, so the result is visible in the task's record.
    """
    return rescore_all(force=True).as_dict()
