"""Evaluation: how each activity went, what participants thought of it, and what works for whom."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from engaging.core.models import Timestamped


class Evaluation(Timestamped):
    """The record that an activity was evaluated, with what was learned.

    Reach, groups reached or missed, cost and influence on decisions are worked out from the
    activity, its participant numbers and its responses, so they are never typed twice.
    """

    activity = models.OneToOneField("register.Activity", on_delete=models.CASCADE, related_name="evaluation")
    lessons = models.TextField("what we learned", max_length=4000)
    what_worked = models.TextField("what worked", max_length=4000, blank=True)
    what_did_not = models.TextField("what did not work", max_length=4000, blank=True)
    participants_involved = models.BooleanField("participants took part in the evaluation", default=False)
    how_participants_involved = models.TextField("how participants took part", max_length=2000, blank=True)
    evaluated_on = models.DateField()
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on"]

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
        indexes = [models.Index(fields=["activity", "given_on"], name="feedback_activity_date")]


class EqualityMonitoring(models.Model):
    """Optional equality questions, kept apart from the feedback so answers cannot be joined to it.

    Only ever reported in aggregate, with counts under five suppressed.
    """

    # A random key and no date, so rows cannot be matched to feedback by order or time.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey("register.Activity", on_delete=models.CASCADE, related_name="equality_monitoring")
    age_band = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=30, blank=True)
    gender_same_as_birth = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    religion = models.CharField(max_length=40, blank=True)
    sexual_orientation = models.CharField(max_length=40, blank=True)
    carer = models.CharField(max_length=20, blank=True)
