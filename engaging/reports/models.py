"""Generated reports: the annual Local Account, written by the task worker while people wait."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from engaging.core.models import Timestamped


class LocalAccount(Timestamped):
    """The partnership's public report for one year, with the words the board adds to the figures."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Waiting to be generated"
        GENERATING = "generating", "Generating"
        READY = "ready", "Ready"
        FAILED = "failed", "Generation failed"

    board = models.ForeignKey("board.Board", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    introduction = models.TextField(blank=True, max_length=4000)
    what_we_learned = models.TextField(blank=True, max_length=4000)
    what_comes_next = models.TextField(blank=True, max_length=4000)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done while generating.")
    progress_note = models.CharField(max_length=200, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    docx = models.BinaryField(null=True, blank=True, editable=False)
    easy_read_pdf = models.BinaryField(null=True, blank=True, editable=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The public stories printed in the generated files: if any stops being public (consent
    # withdrawn, or made board only), the files are made again before anyone downloads them.
    story_ids = models.JSONField(default=list, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["pdf", "docx", "easy_read_pdf", "progress", "progress_note", "story_ids"]
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="one_local_account_per_board_year"),
            # NULLs never clash in a unique constraint, so the hub-wide account needs its own.
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(board__isnull=True), name="one_hub_local_account_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Local Account {self.year}"

    def get_absolute_url(self) -> str:
        url = reverse("reports:local_account", args=[self.year])
        return f"{url}?board={self.board_id}" if self.board_id else url

    @property
    def title(self) -> str:
        return f"Local Account {self.year}" + (f": {self.board.name}" if self.board_id else "")

    @property
    def is_busy(self) -> bool:
        """Waiting for the task worker, or being written by it."""
        return self.state in (self.State.QUEUED, self.State.GENERATING)

    @property
    def has_files(self) -> bool:
        return self.state == self.State.READY
