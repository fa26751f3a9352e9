"""When a story is erased (consent withdrawn, or its time up), the report files and figures that printed it go too.

Connected in ReportsConfig.ready() to engaging.core.erasure.erased, so this runs inside the erasing transaction.
"""

from engaging.assurance import stored
from engaging.assurance.models import Figures
from engaging.reports.models import LocalAccount
from engaging.reports.services import _discard_files
from engaging.voice.models import Story

STORED_KIND = "local-account"


def forget_stories(sender, ids, **kwargs) -> None:
    """Throw away every Local Account file that printed one of these stories, and the year's stored figures (which
    quote the stories): both are made again, without them, when next asked for."""
    ids = set(ids)
    for account in LocalAccount.objects.exclude(story_ids=[]):
        if ids & set(account.story_ids or []):
            _discard_files(account)
            account.save()
    Figures.objects.filter(kind=STORED_KIND).delete()
    for served in [key for key in stored._served if key[0] == STORED_KIND]:
        stored._served.pop(served, None)


def connect() -> None:
    from engaging.core.erasure import erased

    erased.connect(forget_stories, sender=Story, dispatch_uid="reports_forget_erased_stories")
