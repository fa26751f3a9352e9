"""The glossary: jargon and acronyms, each with a plainer way to say it."""

from django.conf import settings
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


class PublishAnyway(models.Model):
    """A public text published although it missed the plain-English target, what it missed and the author's reason.

    One row each time it happens, kept for good: the text's digest shows which wording the reason was for.
    `problems` says what was to fix, as the author was told; `reading_age` is empty for a text too short to
    have one (under 100 words), which was judged on its words alone. Rows kept before `problems` was
    recorded have only the reading age, which was then the whole verdict.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=50)
    reason = models.TextField(max_length=1000)
    problems = models.TextField("what it missed the target by", blank=True)
    reading_age = models.FloatField(null=True, blank=True)
    target_reading_age = models.PositiveSmallIntegerField()
    text_digest = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "publish-anyway record"
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "field"], name="publish_anyway_subject")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} {self.field}: published anyway ({self.what_it_missed})"

    @property
    def reading_age_years(self) -> int | None:
        """The reading age in whole years, as the checker says it; None for a text too short to have one."""
        return None if self.reading_age is None else max(5, round(self.reading_age))

    @property
    def what_it_missed(self) -> str:
        """What the text missed the target by, in words: what was to fix, or (for older rows) its reading age."""
        if self.problems:
            return self.problems
        if self.reading_age is not None:
            return f"Reading age {self.reading_age_years}, above the target of {self.target_reading_age}"
        return "Not recorded"


class PublicTextScore(models.Model):
    """The checker's last word on one public text field, kept current so the coordinator's list is one query.

    Each app registers which of its fields are public (see engaging/plain/public_texts.py); saving one checks it again.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    reading_age = models.FloatField(null=True)
    word_count = models.PositiveIntegerField(default=0)
    issue_count = models.PositiveIntegerField(default=0)
    issue_summary = models.JSONField(default=dict)  # {"jargon": 3, "long_sentence": 1, ...}
    meets_target = models.BooleanField(default=True)
    text_digest = models.CharField(max_length=64)
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "field"], name="one_score_per_text")
        ]
        indexes = [models.Index(fields=["-reading_age", "-issue_count"], name="public_text_worst_first")]

    def __str__(self) -> str:
        return f"{self.title} ({self.field}): reading age {self.reading_age}"


class EasyReadPicture(Timestamped):
    """The keywords that choose one of the hub's Easy Read pictures for a line, kept so coordinators can change them.

    The drawings and their alt text are in engaging/plain/pictures.py; a picture with no row here
    uses its starting keywords.
    """

    name = models.CharField(max_length=30, unique=True)
    keywords = models.TextField(
        max_length=2000,
        help_text="Words or short phrases, separated by commas. A line with one of them in it may get this picture.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Easy Read picture"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        from engaging.plain.pictures import clean_keywords

        return clean_keywords(self.keywords)
