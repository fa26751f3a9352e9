"""What the assurance pages keep: only the record of changes that lets worked-out figures be reused."""

from django.db import models


class Change(models.Model):
    """A write to a table the figures count, noted by a database trigger (see data_version.py).

    On PostgreSQL each writing transaction adds one row, under its transaction id, with a random mark;
    on SQLite, which has one writer at a time, a single row's mark is replaced on every write. Either
    way the marks together change whenever such a write is committed.
    """

    txid = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField()

    def __str__(self) -> str:
        return f"Change {self.txid}"


class FeedbackChange(models.Model):
    """The same as Change, for residents' feedback alone: answers come far more often than any other write,
    and most kept pages do not read them, so they change a stamp of their own (see data_version.py)."""

    txid = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField()

    def __str__(self) -> str:
        return f"Feedback change {self.txid}"
