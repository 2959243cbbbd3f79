"""Consultations: a team's request for help, the facilitator's formulation, the plan, meetings and actions."""

import uuid

from django.conf import settings
from django.db import models

from attune.core.crypto import EncryptedTextField


class Status(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Under way"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


class Tool(models.TextChoices):
    SURVEY = "survey", "A team climate survey"
    GROUP = "group", "A reflective group"
    TRAINING = "training", "Training"
    PRACTICE = "practice", "Practice scenarios"
    SUPERVISION = "supervision", "Supervision"


class Consultation(models.Model):
    """A request for help with a challenge a team faces, and the work that follows it.

    The challenge and the facilitator's formulation are encrypted. The team lead sees the request, the
    plan and the actions; the formulation (working notes) is the facilitator's alone.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="consultations")
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For requests through the public form, from people without an account.
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    team_description = models.CharField(max_length=200, blank=True)
    challenge = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participants = models.TextField(max_length=2000, blank=True)
    patterns = EncryptedTextField(blank=True)
    maintaining = EncryptedTextField(blank=True)
    hypotheses = EncryptedTextField(blank=True)
    plan = models.TextField(max_length=10000, blank=True)
    tools = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"consultation {self.pk}"

    @property
    def who(self) -> str:
        if self.team_id:
            return self.team.name
        return self.team_description or "A team"


class Meeting(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"meeting {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    DOING = "doing", "In progress"
    DONE = "done", "Done"


class Action(models.Model):
    """An action the team agreed, followed up at later meetings."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=120)
    due_on = models.DateField()
    status = models.CharField(max_length=6, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return self.description


class Campaign(models.Model):
    """A survey of one or more teams with one instrument, open until its close date.

    The instrument's text is copied in when the campaign starts, so its scoring never changes under it.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="campaigns")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="campaigns"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    instrument_id = models.CharField(max_length=60)
    instrument_text = models.TextField()
    teams = models.ManyToManyField("accounts.Team", related_name="campaigns")
    ask_profession = models.BooleanField(default=False)
    ask_band = models.BooleanField(default=False)
    closes_at = models.DateTimeField()
    # The earlier campaign this one repeats, to show change.
    repeats = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class SurveyInvitation(models.Model):
    """A person's personal link to a campaign. It records whether they have answered, never what or
    when: no time is kept, so that nothing here can be lined up with an answer."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    # Looked up by its hash; kept encrypted so that reminders can carry the same personal link.
    token_hash = models.CharField(max_length=64, unique=True)
    token = EncryptedTextField()
    answered = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="survey_invitation_once")]

    def __str__(self):
        return f"invitation {self.pk}"


class Source(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Imported"


class SurveyResponse(models.Model):
    """One set of answers, with nothing that points to a person: a random id, no time, no link to an
    invitation. The team (and profession and band, when asked) are kept for breakdowns, which are shown
    only for groups at or above the minimum size."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, related_name="+")
    profession = models.CharField(max_length=30, blank=True)
    band = models.CharField(max_length=20, blank=True)
    answers = models.JSONField()
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.ONLINE)

    def __str__(self):
        return f"response {self.pk}"


class WaitingAnswer(models.Model):
    """An answer waiting to join its campaign's responses, encrypted.

    An answer is written here in the same transaction that marks the invitation answered, so nothing
    is lost. Answers move into `SurveyResponse` together, in shuffled order and in one transaction, once
    at least the minimum group size are waiting (or the survey closes), so that the order rows were
    written in, or the transaction that wrote them, points to a group of people and never to one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="waiting")
    # JSON: team, profession, band, answers and comments.
    payload = EncryptedTextField()

    def __str__(self):
        return f"waiting answer {self.pk}"


class SurveyComment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments")
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, related_name="+")
    question = models.CharField(max_length=40)
    text = EncryptedTextField()

    def __str__(self):
        return f"comment {self.pk}"
