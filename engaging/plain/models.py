"""The glossary: jargon and acronyms, each with a plainer way to say it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, Timestamped


class GlossaryTerm(Archivable, Timestamped):
    """A word, phrase or acronym that residents may not know, and what to say instead.

    The checker finds ordinary terms in any case and acronyms only in their own capitals.
    """

    term = models.CharField(
        "word, phrase or acronym",
        max_length=100,
        help_text="As it is written, for example “stakeholder”, “place-based” or “ICB”.",
    )
    is_acronym = models.BooleanField(
        "this is an acronym",
        default=False,
        help_text="Acronyms are only found in capitals, so “ICB” is found but “icb” is not.",
    )
    stands_for = models.CharField(
        "what the acronym stands for",
        max_length=200,
        blank=True,
        help_text="For acronyms only. For example “Integrated Care Board”.",
    )
    plain_alternative = models.CharField(
        "plain alternative",
        max_length=200,
        help_text="What to write instead, for example “people with an interest”.",
    )
    explanation = models.TextField(
        "short explanation",
        max_length=500,
        help_text="What it means, in a sentence or two, for the public “Words we use” page.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = [Lower("term")]
        constraints = [models.UniqueConstraint(Lower("term"), name="unique_glossary_term")]

    def __str__(self) -> str:
        return self.term

    @property
    def letter(self) -> str:
        """The letter it is listed under on the “Words we use” page; numbers and symbols go under “0–9”."""
        first = self.term[:1].upper()
        return first if "A" <= first <= "Z" else "0–9"


class EasyReadQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class EasyRead(Timestamped):
    """The Easy Read version of a public text: short ideas, one per line, each with a picture.

    `ideas` is a list of {"text": "...", "picture": "name"}; an empty picture means the hub
    chooses one from the idea's words (see engaging/plain/pictures.py).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    ideas = models.JSONField(default=list)

    history = HistoricalRecords()
    objects = EasyReadQuerySet.as_manager()

    class Meta:
        verbose_name = "Easy Read version"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_easy_read_each")]

    def __str__(self) -> str:
        return f"Easy Read version of {self.content_type.model} {self.object_id}"
