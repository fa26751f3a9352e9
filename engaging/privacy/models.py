"""A record of each time the retention schedule was applied: when, how, and how many records of each kind it
anonymised or deleted. It holds counts only, never anything about the people whose data was removed."""

from django.db import models


class RetentionRun(models.Model):
    class Trigger(models.TextChoices):
        COMMAND = "command", "The apply_retention command"
        WORKER = "worker", "The daily task"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    dry_run = models.BooleanField(default=False, help_text="Counted what it would do, and changed nothing.")
    # {kind: days} as the schedule stood, and {kind: {"anonymised": n, "deleted": n}} for what was done.
    periods = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)
    failed = models.CharField(max_length=200, blank=True, help_text="What went wrong, if the run stopped.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["-started_at"], name="retention_run_latest")]

    def __str__(self) -> str:
        return f"Retention run at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(sum(done.values()) for done in self.counts.values())
