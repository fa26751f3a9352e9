"""Writing a Local Account's files, the work the task worker does (tasks.py) once a coordinator asks for them
(services.queue_generation): which files there are, and each step reported for the status page to follow."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from engaging.reports import docx, local_account, pdf
from engaging.reports.models import LocalAccount

logger = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Kind:
    """One of the files a Local Account is published as."""

    field: str
    content_type: str
    suffix: str
    label: str
    writer: Callable


KINDS: dict[str, Kind] = {
    "pdf": Kind("pdf", "application/pdf", ".pdf", "PDF", pdf.local_account_pdf),
    "docx": Kind("docx", DOCX_TYPE, ".docx", "Word document", docx.local_account_docx),
    "easy-read-pdf": Kind("easy_read_pdf", "application/pdf", "-easy-read.pdf", "Easy Read PDF", pdf.easy_read_pdf),
}
FILE_FIELDS = tuple(kind.field for kind in KINDS.values())


def _report(account_id: int, progress: int, note: str, **changes) -> None:
    # An update of its own, committed at once, so the status page sees each step.
    LocalAccount.objects.filter(pk=account_id).update(
        progress=progress, progress_note=note, updated_at=timezone.now(), **changes
    )


def generate_all(*, account_id: int) -> str:
    """Write every file of a queued Local Account, reporting each step. Returns the state it ends in."""
    claimed = LocalAccount.objects.filter(pk=account_id, state=LocalAccount.State.QUEUED).update(
        state=LocalAccount.State.GENERATING, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    account = LocalAccount.objects.select_related("board").get(pk=account_id)
    texts = {name: getattr(account, name) for name in ("introduction", "what_we_learned", "what_comes_next")}
    try:
        _report(account_id, 5, "Gathering the figures")
        figures = local_account.gather(account.year, account.board)
        files = {}
        for step, (progress, kind) in enumerate(((20, "pdf"), (60, "docx"), (75, "easy-read-pdf"))):
            _report(account_id, progress, f"Writing the {KINDS[kind].label} (step {step + 2} of 4)")
            files[KINDS[kind].field] = KINDS[kind].writer(account, figures)
    except Exception:
        logger.exception("The Local Account %s could not be generated", account_id)
        _report(
            account_id,
            0,
            "Something went wrong while writing the files. Try again, and if it fails again tell your administrator.",
            state=LocalAccount.State.FAILED,
        )
        raise
    saved = LocalAccount.objects.filter(pk=account_id, **texts).update(
        **files,
        story_ids=figures.story_ids,
        state=LocalAccount.State.READY,
        progress=100,
        progress_note="Ready to download",
        generated_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not saved:
        # The words were changed while the files were being written: these files are already out of date.
        note = "The words changed while the files were being made. Make them again."
        _report(account_id, 0, note, state=LocalAccount.State.DRAFT)
        return LocalAccount.State.DRAFT
    return LocalAccount.State.READY
