"""Practice conversations, their turns, and the scenarios facilitators write for their teams."""

import uuid

from django.conf import settings
from django.db import models


class Level(models.TextChoices):
    GENTLE = "gentle", "Gentle"
    STANDARD = "standard", "Standard"
    CHALLENGING = "challenging", "Challenging"


class ScenarioSource(models.Model):
    """The exact YAML a conversation was played from, stored once per distinct text.

    A conversation keeps pointing at the text it started with, so editing or removing a scenario never
    changes a transcript, a resume or a debrief that already exists.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"scenario text {self.sha256[:12]}"


class CustomScenarioQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class CustomScenario(models.Model):
    """A scenario a facilitator wrote (or copied from a built-in one) for their organisation's teams."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="scenarios")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    source = models.ForeignKey(ScenarioSource, on_delete=models.PROTECT, related_name="+")
    copied_from = models.CharField(max_length=60, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Who may practise it once published: everyone in these organisations, and the people in these teams.
    organisations = models.ManyToManyField("accounts.Organisation", blank=True, related_name="shared_scenarios")
    teams = models.ManyToManyField("accounts.Team", blank=True, related_name="scenarios")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def key(self) -> str:
        return f"custom-{self.pk}"


class Status(models.TextChoices):
    ACTIVE = "active", "In progress"
    ENDED = "ended", "Ended"


class ConversationQuerySet(models.QuerySet):
    def of(self, learner):
        return self.filter(learner=learner, preview=False)


class Conversation(models.Model):
    """One attempt at a scenario by one learner. Its transcript belongs to the learner alone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    # "first-conversation" for a built-in scenario, "custom-12" for one a facilitator wrote.
    scenario_key = models.CharField(max_length=80)
    scenario_title = models.CharField(max_length=200)
    source = models.ForeignKey(ScenarioSource, on_delete=models.PROTECT, related_name="conversations")
    level = models.CharField(max_length=12, choices=Level.choices)
    seed = models.PositiveIntegerField()
    coaching = models.BooleanField(default=True)
    # A facilitator trying out a draft: kept out of history and aggregates.
    preview = models.BooleanField(default=False)
    state = models.JSONField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    turn_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, blank=True)
    ending = models.CharField(max_length=60, blank=True)
    # Headline figures from the debrief, kept when the conversation ends for "compared with earlier".
    scores = models.JSONField(default=dict, blank=True)
    # "Try that again": the conversation this one was replayed from, and from which turn.
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries")
    retried_from_turn = models.PositiveIntegerField(null=True, blank=True)
    shared_with = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="shared_conversations"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # A learner's history, newest first.
            models.Index(fields=["learner", "-started_at"], name="conversation_learner_idx"),
            # A facilitator's list of transcripts shared with their organisation.
            models.Index(fields=["shared_with", "-updated_at"], name="conversation_shared_idx"),
        ]

    def __str__(self):
        return f"{self.scenario_title} ({self.started_at:%d %b %Y})"

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


class Turn(models.Model):
    """One exchange: what the learner typed, how it was coded, and what the person said back.

    Number 0 holds the person's opening line and no learner text.
    """

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    number = models.PositiveIntegerField()
    learner_text = models.TextField(blank=True)
    coding = models.JSONField(null=True, blank=True)
    reply_text = models.TextField()
    reply_line = models.CharField(max_length=60)
    reply_cue = models.CharField(max_length=10, blank=True)
    thought = models.TextField()
    # Which backend worded the reply: "scripted", "generative", or "scripted (fallback)".
    voiced_by = models.CharField(max_length=24, default="scripted")
    state = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            # Two tabs sending a turn at once: only one of them can be turn N.
            models.UniqueConstraint(fields=["conversation", "number"], name="turn_number_unique"),
        ]

    def __str__(self):
        return f"turn {self.number}"


class TurnComment(models.Model):
    """A facilitator's comment on a turn of a transcript the learner shared with them."""

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"comment on {self.turn}"
