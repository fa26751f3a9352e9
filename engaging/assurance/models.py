"""Figures stored once worked out, so a reader is served them at once (engaging/assurance/stored.py)."""

from django.db import models


class Figures(models.Model):
    """The figures of one view (a board's dashboard for the last 12 months, a year's Local Account...), as served.

    `versions` holds the version of each table they read, as it was before they were worked out: a table with
    another version now has been written since, and a change is waiting to be counted (null: never current).
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    content = models.BinaryField()
    today = models.DateField(help_text="The day they were worked out for: periods and overdue actions move with it.")
    versions = models.JSONField(null=True)
    version = models.CharField(max_length=64, help_text="The code they were worked out by.")
    worked_out_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long working them out took.")
    wanted = models.BooleanField(default=False, help_text="A reader has found them out of date since.")

    class Meta:
        verbose_name_plural = "figures"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="figures_one_per_view")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
