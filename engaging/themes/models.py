"""Frameworks of themes, the comments sorted into them, and the trained models that suggest themes."""

from django.conf import settings
from django.db import models

from engaging.core.models import Timestamped


class Framework(Timestamped):
    """A set of themes with definitions. The NHS patient-experience framework is built in; partners add their own."""

    key = models.SlugField(max_length=60, unique=True, help_text="A short name for commands and the API.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Where the framework comes from, and its licence.")
    built_in = models.BooleanField(default=False, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="theme_frameworks"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """One theme of a framework, in its category, with what it covers and words that signal it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="themes")
    category = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "name"], name="theme_name_once_per_framework")]

    def __str__(self) -> str:
        return self.name


class TrainingRun(Timestamped):
    """One training of a framework's classifier, from a file or from the partnership's confirmed comments.

    The newest finished run of a framework is the one that classifies its comments.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Training"
        DONE = "done", "Trained"
        FAILED = "failed", "Not trained: something went wrong"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="training_runs")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    source = models.CharField(max_length=200, help_text="What it learned from: a file's name, or confirmed comments.")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    comment_count = models.PositiveIntegerField(default=0)
    macro_f1 = models.FloatField(null=True, blank=True)
    micro_f1 = models.FloatField(null=True, blank=True)
    message = models.TextField(blank=True)
    data = models.BinaryField(null=True, editable=False, help_text="The trained classifier.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["framework", "state", "-finished_at"], name="training_latest")]

    def __str__(self) -> str:
        return f"Training of {self.framework} from {self.source}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}


class CommentQuerySet(models.QuerySet):
    def least_certain_first(self):
        """Unconfirmed comments, the ones the classifier is least sure of first (unclassified ones before all)."""
        return self.filter(confirmed=False).order_by(models.F("certainty").asc(nulls_first=True), "pk")

    def with_theme(self, theme):
        return self.filter(comment_themes__theme=theme)


class Comment(Timestamped):
    """Something someone wrote, from any source in the hub, sorted into a framework's themes."""

    class Source(models.TextChoices):
        FEEDBACK = "feedback", "Participant feedback"
        FINDING = "finding", "Finding"
        QUESTIONNAIRE = "questionnaire", "Questionnaire answer"
        IMPORT = "import", "Imported file"

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEUTRAL = "neutral", "Neutral"
        NEGATIVE = "negative", "Negative"
        MIXED = "mixed", "Mixed"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(max_length=10000)
    source = models.CharField(max_length=20, choices=Source.choices)
    # The record it came from in its source (a feedback, finding or answer id); blank for imported files.
    source_ref = models.CharField(max_length=100, blank=True)
    written_on = models.DateField(null=True, blank=True)
    activity = models.ForeignKey(
        "register.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey("lists.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    # How sure the classifier is of its weakest yes-or-no on this comment (0 to 1); null until classified.
    certainty = models.FloatField(null=True, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    confirmed = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, through="CommentTheme", related_name="comments")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="comment_once_per_source_record",
            )
        ]
        indexes = [
            models.Index(fields=["framework", "confirmed", "certainty"], name="comment_to_code"),
            models.Index(fields=["framework", "source"], name="comment_source"),
            # The newest first, as lists show them: a page is read in order rather than sorting every comment.
            models.Index(fields=["framework", "-written_on", "-id"], name="comment_newest"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class CommentTheme(models.Model):
    """A theme a comment is in: suggested by the classifier (with its score) or chosen by an officer."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="comment_themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="comment_themes")
    score = models.FloatField(null=True, blank=True, help_text="The classifier's score, 0 to 1; blank if chosen.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "theme"], name="comment_theme_once")]
        indexes = [models.Index(fields=["theme", "comment"], name="comment_theme_by_theme")]


class CommentImport(Timestamped):
    """A file of comments an officer uploaded: checked and added all or nothing, by the task worker when large."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported: the file has problems"
        FAILED = "failed", "Not imported: something went wrong"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_imports")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="imports")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    text_column = models.CharField(max_length=200, default="text")
    data = models.BinaryField(editable=False, help_text="The uploaded file, cleared once the import has run.")
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    created_count = models.PositiveIntegerField(default=0)
    classified_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.REFUSED, self.State.FAILED}
