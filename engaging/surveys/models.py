"""Surveys and their respondents, indicators worked out from them, and GP practices with their patient
participation groups.

A respondent is stored without anything that identifies them: the date they answered, their area, their
weight, and their answers packed as one byte per question (the answer's code, 0 for no answer). One small
row per respondent keeps a million-row import fast and the sums behind an indicator cheap to read.
"""

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from engaging.core.models import Archivable, Timestamped

MAX_ANSWERS = 255  # an answer's code fits in one byte; 0 means "not answered"


class Survey(Timestamped):
    """A survey whose results are imported one row per respondent (for example "Feeling the Difference")."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    description = models.TextField(blank=True)
    # Kept with every import and undo, so lists never count a million rows, and the survey's row is written
    # whenever its respondents change (what is worked out from them is kept until then).
    respondent_count = models.PositiveIntegerField(default=0, editable=False)
    # A questionnaire answered in the hub, followed as this survey: its responses are the respondents.
    questionnaire = models.OneToOneField(
        "questionnaires.Questionnaire", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question of a survey. `position` is where its answer sits in each respondent's packed answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="unique_question_position"),
            models.UniqueConstraint(fields=["survey", "text"], name="unique_question_text"),
        ]

    def __str__(self) -> str:
        return self.text


class Answer(models.Model):
    """One of a question's answers, as respondents' rows spell it. `code` is its byte in the packed answers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    code = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["question", "code"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="unique_answer_code"),
            models.UniqueConstraint(fields=["question", "text"], name="unique_answer_text"),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyImport(models.Model):
    """One file of respondents imported into a survey: who brought it in, when, and how many rows."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the file, so the same file is not added twice.")
    rows = models.PositiveIntegerField(default=0)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} into {self.survey}"


class Respondent(models.Model):
    """One person's answers, with nothing that identifies them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    batch = models.ForeignKey(SurveyImport, on_delete=models.CASCADE, related_name="respondents")
    answered_on = models.DateField()
    area = models.ForeignKey("lists.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    weight = models.FloatField(default=1.0)
    answers = models.BinaryField(help_text="One byte per question position: the answer's code, 0 when not answered.")

    class Meta:
        indexes = [models.Index(fields=["survey", "answered_on"], name="respondent_survey_date")]

    def __str__(self) -> str:
        return f"Respondent to {self.survey_id} on {self.answered_on}"


class ImportJob(Timestamped):
    """A large survey file waiting for, or being imported by, the task worker; the file is kept in chunks."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported: the file has problems"
        FAILED = "failed", "Not imported: something went wrong"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_import_jobs")
    survey_name = models.CharField(max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    bytes_read = models.PositiveBigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.REFUSED, self.State.FAILED}

    @property
    def percent(self) -> int:
        """How far through the file the worker is, by bytes read."""
        if self.finished:
            return 100
        return min(99, int(100 * self.bytes_read / self.size)) if self.size else 0


class ImportChunk(models.Model):
    """A piece of an uploaded file, so neither the web server nor the worker holds a large file in memory."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="unique_import_chunk")]


class Indicator(Timestamped):
    """The share of a question's respondents giving a positive answer, period by period."""

    class Period(models.TextChoices):
        YEAR = "year", "Calendar year"
        FINANCIAL_YEAR = "financial_year", "Financial year (April to March)"
        QUARTER = "quarter", "Calendar quarter"

    name = models.CharField(max_length=200)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="indicators")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="indicators")
    positive_answers = models.ManyToManyField(Answer, related_name="positive_in")
    excluded_answers = models.ManyToManyField(Answer, blank=True, related_name="excluded_from")
    higher_is_better = models.BooleanField(default=True)
    period = models.CharField(max_length=20, choices=Period.choices, default=Period.YEAR)
    on_dashboard = models.BooleanField(
        "chosen by the board", default=False, help_text="Shown on the assurance dashboard and in the Local Account."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Practice(Archivable, Timestamped):
    """A GP practice, as NHS Digital lists it, with the area it serves and its registered patients."""

    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    name = models.CharField(max_length=200)
    area = models.ForeignKey("lists.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="practices")
    primary_care_network = models.CharField(max_length=200, blank=True)
    list_size = models.PositiveIntegerField("registered patients", null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"


class PatientParticipationGroup(Timestamped):
    """A practice's patient participation group, which every practice in England must have."""

    class Status(models.TextChoices):
        NONE = "none", "No group"
        FORMING = "forming", "Forming"
        ACTIVE = "active", "Active"
        VIRTUAL = "virtual", "Virtual only"
        ACTIVE_AND_VIRTUAL = "active_and_virtual", "Active and virtual"

    # A group that meets, online or in person, covers the practice; one still forming does not yet.
    WORKING = (Status.ACTIVE, Status.VIRTUAL, Status.ACTIVE_AND_VIRTUAL)

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="group")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NONE)
    last_met = models.DateField(null=True, blank=True)
    members = models.PositiveIntegerField(null=True, blank=True)
    reviewed_on = models.DateField("membership last reviewed for representativeness", null=True, blank=True)
    agreed_actions = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["practice__name"]

    def __str__(self) -> str:
        return f"Patient participation group of {self.practice.name}"

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING

    def reviewed_this_year(self, today: date | None = None) -> bool:
        """Whether membership was reviewed for representativeness in the current calendar year."""
        today = today or date.today()
        return self.reviewed_on is not None and self.reviewed_on.year == today.year
