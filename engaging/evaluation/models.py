"""Evaluation: how each activity went, what participants thought of it, and what works for whom."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from engaging.core.models import Timestamped
from engaging.core.record_versions import Versioned


class Evaluation(Timestamped, Versioned):
    """The record that an activity was evaluated, with what was learned.

    Reach, groups reached or missed, cost and influence on decisions are worked out from the
    activity, its participant numbers and its responses, so they are never typed twice.
    """

    activity = models.OneToOneField("register.Activity", on_delete=models.CASCADE, related_name="evaluation")
    lessons = models.TextField("what we learned", max_length=4000)
    what_worked = models.TextField("what worked", max_length=4000, blank=True)
    what_did_not = models.TextField("what did not work", max_length=4000, blank=True)
    reach_notes = models.TextField(
        "notes on reach",
        max_length=2000,
        blank=True,
        help_text="Who you reached and who you missed, and why, beyond the numbers.",
    )
    participants_involved = models.BooleanField("participants took part in the evaluation", default=False)
    how_participants_involved = models.TextField("how participants took part", max_length=2000, blank=True)
    evaluated_on = models.DateField()
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on"]
        # The newest first, as lists show them: a page is read in order rather than sorting every evaluation.
        indexes = [models.Index(fields=["-evaluated_on", "-id"], name="evaluation_newest")]

    def __str__(self) -> str:
        return f"Evaluation of {self.activity}"


def new_feedback_code() -> str:
    # Short enough to type from a printed sheet, without letters that look alike.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(7))


class FeedbackLink(models.Model):
    """The short public link, and so the QR code, through which participants rate an activity."""

    activity = models.OneToOneField("register.Activity", on_delete=models.CASCADE, related_name="feedback_link")
    code = models.CharField(max_length=12, unique=True, default=new_feedback_code)
    is_open = models.BooleanField("accepting feedback", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class ParticipantFeedback(models.Model):
    """One participant's anonymous rating of an activity. No personal data is asked for or kept."""

    class Scale(models.IntegerChoices):
        STRONGLY_DISAGREE = 1, "Strongly disagree"
        DISAGREE = 2, "Disagree"
        NEITHER = 3, "Neither agree nor disagree"
        AGREE = 4, "Agree"
        STRONGLY_AGREE = 5, "Strongly agree"

    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="participant_feedback")
    listened_to = models.PositiveSmallIntegerField("I felt listened to", choices=Scale.choices, validators=RATING)
    easy_to_take_part = models.PositiveSmallIntegerField(
        "It was easy to take part", choices=Scale.choices, validators=RATING
    )
    know_what_happens_next = models.PositiveSmallIntegerField(
        "I know what will happen next", choices=Scale.choices, validators=RATING
    )
    comment = models.TextField(blank=True, max_length=2000)
    given_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["activity", "given_on"], name="feedback_activity_date"),
            # Each activity's ratings read from the index alone, for what works and the evaluations.
            models.Index(
                fields=["activity", "listened_to", "easy_to_take_part", "know_what_happens_next"],
                name="feedback_activity_ratings",
            ),
        ]


PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", "Under 16"
    FROM_16 = "16_24", "16 to 24"
    FROM_25 = "25_34", "25 to 34"
    FROM_35 = "35_44", "35 to 44"
    FROM_45 = "45_54", "45 to 54"
    FROM_55 = "55_64", "55 to 64"
    FROM_65 = "65_74", "65 to 74"
    FROM_75 = "75_over", "75 or over"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = PREFER_NOT_TO_SAY


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Ethnicity(models.TextChoices):
    """The five top-level ethnic groups of the 2021 census in England and Wales."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    PREFER_NOT = PREFER_NOT_TO_SAY


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_OR_LESBIAN = "gay_or_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EqualityMonitoring(models.Model):
    """Optional equality questions, kept apart from the feedback so answers cannot be joined to it.

    Only ever reported in aggregate, with counts under five suppressed. A blank answer means the
    question was skipped.
    """

    # A random key and no date, so rows cannot be matched to feedback by order or time.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="equality_monitoring")
    age_band = models.CharField("age", max_length=20, blank=True, choices=AgeBand.choices)
    sex = models.CharField("sex", max_length=30, blank=True, choices=Sex.choices)
    gender_same_as_birth = models.CharField(
        "gender identity the same as the sex registered at birth", max_length=20, blank=True, choices=YesNo.choices
    )
    ethnicity = models.CharField("ethnic group", max_length=60, blank=True, choices=Ethnicity.choices)
    disability = models.CharField("disability or long-term condition", max_length=20, blank=True, choices=YesNo.choices)
    religion = models.CharField("religion", max_length=40, blank=True, choices=Religion.choices)
    sexual_orientation = models.CharField(
        "sexual orientation", max_length=40, blank=True, choices=SexualOrientation.choices
    )
    carer = models.CharField("carer", max_length=20, blank=True, choices=YesNo.choices)

    # Each question, in the order asked, and its answers.
    ANSWERS: dict[str, type[models.TextChoices]] = {
        "age_band": AgeBand,
        "sex": Sex,
        "gender_same_as_birth": YesNo,
        "ethnicity": Ethnicity,
        "disability": YesNo,
        "religion": Religion,
        "sexual_orientation": SexualOrientation,
        "carer": YesNo,
    }
    QUESTIONS = tuple(ANSWERS)

    class Meta:
        verbose_name_plural = "equality monitoring"

    @classmethod
    def question_label(cls, name: str) -> str:
        return str(getattr(cls._meta.get_field(name), "verbose_name", name))
