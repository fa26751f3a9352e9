"""Questionnaires: questions an activity asks residents in the hub, and the answers they give.

A questionnaire belongs to one activity and holds its questions in order. Each resident's answers are
one `QuestionnaireResponse` with an `Answer` per question answered (one per option chosen, for
several choices). Two things are kept apart from the answers:
- "about you" equality answers (`AboutYou`): their own table, a random key, no date, never shown or
  exported one by one; only ever counted in aggregate with counts under five suppressed;
- contact details (`HearBackContact`), given only by a resident who asks to hear back: not linked to
  any response at all, and deleted once the questionnaire's results have been reported back
  (`HearBackContact.objects.due_for_deletion`).
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

from engaging.core import retention
from engaging.core.models import Timestamped
from engaging.evaluation.models import EqualityMonitoring

# Contact details given to hear back are kept this many days after results are due, unless a coordinator changes it
# on the retention schedule (engaging/privacy): time to send the results, and to answer a reply to them.
HEAR_BACK_KIND = "hear-back"
HEAR_BACK_DAYS = 30
# With no date given for results, they are due this many days after the questionnaire closes.
RESULTS_DAYS = 90


class QuestionnaireQuerySet(models.QuerySet):
    def open_on(self, day: date | None = None):
        """Questionnaires taking answers on `day` (today by default): not yet past their closing date."""
        return self.filter(closes_on__gte=day or date.today())

    def public(self):
        """Questionnaires residents may see: with a question to answer, of an activity on the public pages
        (live, not cancelled)."""
        from engaging.register.models import Status

        return (
            self.filter(activity__is_public=True, activity__archived_at__isnull=True)
            .exclude(activity__status=Status.CANCELLED)
            .filter(pk__in=Question.objects.values("questionnaire_id"))
        )


class Questionnaire(Timestamped):
    """The questions an activity asks residents online, with an introduction and a closing date."""

    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField(max_length=200)
    introduction = models.TextField(max_length=4000, help_text="What the questionnaire is about and why it matters.")
    easy_read_introduction = models.TextField(
        "Easy Read introduction",
        max_length=2000,
        blank=True,
        help_text="Short sentences, one idea on each line. Leave empty if you have not written an Easy Read version.",
    )
    closes_on = models.DateField("closing date", help_text="The last day residents can answer.")
    what_happens_next = models.TextField(
        "what happens next",
        max_length=2000,
        blank=True,
        help_text="Shown to residents once they have answered: who reads the answers and what they decide.",
    )
    results_by = models.DateField(
        "when people will hear what happened",
        null=True,
        blank=True,
        help_text="When you will publish what you heard and what you did about it.",
    )
    asks_about_you = models.BooleanField(
        "ask the optional “about you” questions",
        default=True,
        help_text="Age, sex, ethnic group and other equality questions, kept apart from the answers.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:detail", args=[self.pk])

    def public_url(self) -> str:
        return reverse("questionnaires:answer", args=[self.pk])

    def is_closed(self, today: date | None = None) -> bool:
        """Closed from the day after its closing date."""
        return self.closes_on < (today or date.today())

    @property
    def closed(self) -> bool:
        return self.is_closed()

    @property
    def has_easy_read(self) -> bool:
        return bool(self.easy_read_introduction.strip())

    def easy_read_lines(self) -> list[str]:
        return [line.strip() for line in self.easy_read_introduction.splitlines() if line.strip()]

    def hear_back_until(self, keep_days: int | None = None) -> date:
        """Contact details are kept until results are reported back, and no longer (see `HearBackContact`): the
        retention schedule's days (engaging/privacy) after the date results are due."""
        if keep_days is None:
            keep_days = retention.days_for(HEAR_BACK_KIND, HEAR_BACK_DAYS)
        return self.results_due() + timedelta(days=keep_days)

    def results_due(self) -> date:
        """When residents were told they would hear what happened: the date given, or 90 days after closing."""
        return self.results_by or self.closes_on + timedelta(days=RESULTS_DAYS)


DEFAULT_RATING_LABELS = ["Very poor", "Poor", "Neither good nor poor", "Good", "Very good"]
RATINGS = (1, 2, 3, 4, 5)
MAX_OPTIONS = 20
MAX_QUESTIONS = 60
DEFAULT_TEXT_LIMIT = 1000
MAX_TEXT_LIMIT = 4000


class Question(models.Model):
    """One question of a questionnaire, asked in `position` order.

    Choice questions keep their options as a list of texts; a rating keeps the five labels of 1 to 5;
    free text keeps the most characters an answer may have.
    """

    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "One choice"
        MULTIPLE_CHOICE = "multiple_choice", "Several choices"
        RATING = "rating", "A rating from 1 to 5"
        TEXT = "text", "Free text"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField("type of question", max_length=20, choices=Kind.choices)
    text = models.CharField("question", max_length=500)
    hint = models.CharField(max_length=500, blank=True, help_text="Optional help shown under the question.")
    easy_read_text = models.CharField(
        "Easy Read question", max_length=500, blank=True, help_text="The question in short, everyday words."
    )
    options = models.JSONField(default=list, blank=True)
    max_length = models.PositiveSmallIntegerField("most characters in an answer", default=DEFAULT_TEXT_LIMIT)
    required = models.BooleanField(default=False)
    # Asked the same way as a question of an earlier questionnaire, so the answers can be compared over time.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", db_index=False
    )

    class Meta:
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE)

    @property
    def rating_labels(self) -> list[str]:
        """The labels of 1 to 5: the author's five, or the hub's own."""
        if self.kind == self.Kind.RATING and len(self.options) == len(RATINGS):
            return [str(label) for label in self.options]
        return list(DEFAULT_RATING_LABELS)

    def choices(self) -> list[tuple[str, str]]:
        """What a resident picks from, as (value, label): options by their text, ratings by number."""
        if self.kind == self.Kind.RATING:
            return [(str(n), f"{n} – {label}") for n, label in zip(RATINGS, self.rating_labels, strict=True)]
        if self.is_choice:
            return [(str(option), str(option)) for option in self.options]
        return []


class QuestionnaireResponse(models.Model):
    """One person's answers to a questionnaire, given online or entered by an officer from paper or the phone.

    Anonymous: nothing about the person or their device is kept with it.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form"
        PHONE = "phone", "Phone call"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField("how it was given", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    submitted_on = models.DateField(default=date.today)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["questionnaire", "submitted_on"], name="qresponse_questionnaire_date")]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.questionnaire_id}"


class AnswerQuerySet(models.QuerySet):
    def free_text(self):
        """Answers to free-text questions that say something."""
        return self.filter(question__kind=Question.Kind.TEXT).exclude(text="")


class Answer(models.Model):
    """One answer to one question: the option chosen (a row for each, for several choices), a rating, or text."""

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=MAX_TEXT_LIMIT)
    # Findings in the insight library an officer made from this answer, among others.
    findings = models.ManyToManyField("insight.Finding", blank=True, related_name="questionnaire_answers")

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["question", "pk"]
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self) -> str:
        return self.text or self.choice or str(self.rating or "")

    @property
    def submitted_on(self) -> date:
        """The day the answer was given (its response's date)."""
        return self.response.submitted_on

    @property
    def activity(self):
        return self.response.questionnaire.activity


class AboutYou(models.Model):
    """A resident's optional "about you" answers, kept apart from their answers to the questions.

    A random key and no date of its own, so rows cannot be matched to responses by order or time.
    The link to the response is read only to count: results may be split by these answers only when
    every count shown would be 5 or more (see `results.split_by`), and no page, export or API ever
    shows one person's row. Questions and answers are the participant feedback's own
    (`EqualityMonitoring`), so the two are counted the same way. A blank answer means skipped.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="about_you")
    response = models.OneToOneField(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="about_you", null=True, blank=True
    )
    age_band = models.CharField(
        "age", max_length=20, blank=True, choices=EqualityMonitoring.ANSWERS["age_band"].choices
    )
    sex = models.CharField("sex", max_length=30, blank=True, choices=EqualityMonitoring.ANSWERS["sex"].choices)
    gender_same_as_birth = models.CharField(
        "gender identity the same as the sex registered at birth",
        max_length=20,
        blank=True,
        choices=EqualityMonitoring.ANSWERS["gender_same_as_birth"].choices,
    )
    ethnicity = models.CharField(
        "ethnic group", max_length=60, blank=True, choices=EqualityMonitoring.ANSWERS["ethnicity"].choices
    )
    disability = models.CharField(
        "disability or long-term condition",
        max_length=20,
        blank=True,
        choices=EqualityMonitoring.ANSWERS["disability"].choices,
    )
    religion = models.CharField(
        "religion", max_length=40, blank=True, choices=EqualityMonitoring.ANSWERS["religion"].choices
    )
    sexual_orientation = models.CharField(
        "sexual orientation",
        max_length=40,
        blank=True,
        choices=EqualityMonitoring.ANSWERS["sexual_orientation"].choices,
    )
    carer = models.CharField("carer", max_length=20, blank=True, choices=EqualityMonitoring.ANSWERS["carer"].choices)

    ANSWERS = EqualityMonitoring.ANSWERS
    QUESTIONS = EqualityMonitoring.QUESTIONS

    class Meta:
        verbose_name = "about you answers"
        verbose_name_plural = "about you answers"


class HearBackQuerySet(models.QuerySet):
    def due_for_deletion(self, today: date | None = None, keep_days: int | None = None):
        """Contact details kept past their questionnaire's `hear_back_until` date: retention deletes them."""
        today = today or date.today()
        if keep_days is None:
            keep_days = retention.days_for(HEAR_BACK_KIND, HEAR_BACK_DAYS)
        ids = [
            q.pk
            for q in Questionnaire.objects.filter(hear_back__isnull=False).distinct()
            if q.hear_back_until(keep_days) < today
        ]
        return self.filter(questionnaire_id__in=ids)


class HearBackContact(models.Model):
    """How to reach a resident who asked to hear what happened. Not linked to their answers, which stay anonymous."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="hear_back")
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    given_on = models.DateField(default=date.today)

    objects = HearBackQuerySet.as_manager()

    class Meta:
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return self.name or self.email or self.phone
