"""Programmes, the people taking part, and the measures they answer before, at the end and after.

Measure answers are confidential, not anonymous: the same person's answers must be paired across
occasions, and the reliable change index is shown to that person. Facilitators and commissioners see
only aggregates from the minimum group size, and de-identified rows with codes that change with every
export.
"""

from django.conf import settings
from django.db import models

from attune.core.crypto import EncryptedTextField


class Occasion(models.TextChoices):
    BASELINE = "baseline", "Before the programme"
    END = "end", "At the end"
    FOLLOW_UP = "follow_up", "Follow-up"


class Level(models.TextChoices):
    """Kirkpatrick's four levels of training evaluation."""

    REACTION = "reaction", "Reaction"
    LEARNING = "learning", "Learning"
    BEHAVIOUR = "behaviour", "Behaviour"
    RESULTS = "results", "Results"


class Programme(models.Model):
    """A facilitator's programme for a cohort: its parts (modules, live sessions, practice scenarios,
    reflective groups) and the dates its measures open."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="programmes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    teams = models.ManyToManyField("accounts.Team", related_name="programmes")
    modules = models.JSONField(default=list, blank=True)
    scenarios = models.JSONField(default=list, blank=True)
    sessions = models.ManyToManyField("learning.TrainingSession", blank=True, related_name="programmes")
    group_series = models.ManyToManyField("reflection.GroupSeries", blank=True, related_name="programmes")
    # One-to-one supervision is part of the programme: the results count who had any during it (never what).
    supervision = models.BooleanField(default=False)
    # Team climate surveys before and after, from Consult (anonymous, so compared as groups, not pairs).
    climate_before = models.ForeignKey(
        "consultation.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    climate_after = models.ForeignKey(
        "consultation.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    follow_up_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title


class Measure(models.Model):
    """An instrument the cohort answers at each occasion; its text is copied in so scoring never
    changes under the programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    instrument_id = models.CharField(max_length=60)
    instrument_text = models.TextField()
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "instrument_id"], name="measure_once")]

    def __str__(self):
        return self.instrument_id


class Participant(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    # Emptied when the person deletes their account; their answers stay as an unnamed participant's.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="participant_once")]

    def __str__(self):
        return f"participant {self.pk}"


class MeasureResponse(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responses")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    answers = models.JSONField()
    # Answers in words (JSON: question id -> text), encrypted; the person's own unless they share them.
    comments = EncryptedTextField(blank=True)
    # The person agreed that their answers in words appear, without their name, in the programme's report.
    share_comments = models.BooleanField(default=False)
    answered_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "measure", "occasion"], name="measure_response_once")
        ]

    def __str__(self):
        return f"{self.measure} {self.occasion}"
