"""Figures stored once worked out, so a reader is served them at once (engaging/assurance/stored.py)."""

from django.db import models


class Figures(models.Model):
    """The figures of one view (a board's dashboard for the last 12 months, a year's Local Account...), as served.

    `counted` is the number of counted writes (`CountedWrites.count`) they had seen: fewer than there are
    now means a change is waiting to be counted.
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    content = models.BinaryField()
    today = models.DateField(help_text="The day they were worked out for: periods and overdue actions move with it.")
    counted = models.BigIntegerField()
    version = models.CharField(max_length=64, help_text="The code they were worked out by.")
    worked_out_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long working them out took.")
    wanted = models.BooleanField(default=False, help_text="A reader has found them out of date since.")

    class Meta:
        verbose_name_plural = "figures"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="figures_one_per_view")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class CountedWrites(models.Model):
    """One row: how many writes to records the stored figures count have been committed (see stored.py)."""

    count = models.BigIntegerField(default=0)
    at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "counted writes"
