"""Journal entries, private to their author and encrypted at rest, and shares with a supervisor."""

import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from attune.core.crypto import EncryptedTextField


class Structure(models.TextChoices):
    GIBBS = "gibbs", "Gibbs' reflective cycle"
    DRISCOLL = "driscoll", "What? So what? Now what?"
    NMC = "nmc", "NMC revalidation reflective account"
    FREE = "free", "Free writing"


class JournalEntry(models.Model):
    """A reflection. Everything the author writes (title, parts, tags) is stored encrypted; only ids,
    dates and the structure's name are plain, so the database alone reveals nothing of its content."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    structure = models.CharField(max_length=10, choices=Structure.choices)
    title = EncryptedTextField()
    # JSON: {"parts": {key: text}, "tags": [...], "nmc_themes": [...]}, encrypted as one.
    content = EncryptedTextField()
    module = models.CharField(max_length=80, blank=True)
    session = models.ForeignKey("learning.TrainingSession", on_delete=models.SET_NULL, null=True, blank=True)
    conversation = models.ForeignKey(
        "rehearsal.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections"
    )
    supervision = models.ForeignKey(
        "reflection.SupervisionSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "journal entries"

    def __str__(self):
        return f"journal entry {self.pk}"

    @property
    def about(self) -> str:
        """The link as the entry form's "about" value, for example "module:trust"."""
        if self.conversation_id:
            return f"conversation:{self.conversation_id}"
        if self.session_id:
            return f"session:{self.session_id}"
        if self.supervision_id:
            return f"supervision:{self.supervision_id}"
        return f"module:{self.module}" if self.module else ""

    @property
    def data(self) -> dict:
        return json.loads(self.content or "{}")

    @property
    def parts(self) -> dict:
        return self.data.get("parts", {})

    @property
    def tags(self) -> list[str]:
        return self.data.get("tags", [])


class EntryShare(models.Model):
    """An entry shared, read-only, with a named supervisor, until the author withdraws it."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="shares")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "supervisor"], condition=Q(withdrawn_at=None), name="entry_share_one_active"
            )
        ]

    def __str__(self):
        return f"entry {self.entry_id} shared with {self.supervisor_id}"


class RevalidationPack(models.Model):
    """Five reflective accounts and the record of the reflective discussion, for NMC revalidation.

    PINs and the discussion partner's name are stored encrypted like the entries themselves.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="revalidation_packs")
    registrant_pin = EncryptedTextField()
    partner_name = EncryptedTextField()
    partner_pin = EncryptedTextField()
    discussion_date = models.DateField()
    # The five entries, oldest first.
    entry_ids = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"revalidation pack {self.pk}"

    def entries(self) -> list[JournalEntry]:
        by_id = {e.pk: e for e in JournalEntry.objects.filter(author=self.author, pk__in=self.entry_ids)}
        return [by_id[pk] for pk in self.entry_ids if pk in by_id]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    SIX_WEEKLY = "six_weekly", "Every six weeks"
    QUARTERLY = "quarterly", "Every three months"


class SupervisionKind(models.TextChoices):
    PROFESSIONAL = "professional", "Clinical or professional supervision"
    RESTORATIVE = "restorative", "Restorative supervision (in the spirit of A-EQUIP)"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the supervisee to agree"
    AGREED = "agreed", "Agreed"
    ENDED = "ended", "Ended"


class SupervisionAgreement(models.Model):
    """What a supervisor and supervisee agree about their supervision. Only the two of them see it."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervising")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervised")
    kind = models.CharField(max_length=14, choices=SupervisionKind.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    confidentiality = models.TextField(max_length=4000)
    record_keeping = models.TextField(max_length=4000)
    review_on = models.DateField()
    status = models.CharField(max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.PROPOSED)
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(supervisor=models.F("supervisee")), name="supervision_two_people"),
        ]

    def __str__(self):
        return f"supervision agreement {self.pk}"

    def other(self, user):
        return self.supervisee if user.pk == self.supervisor_id else self.supervisor


class SupervisionSession(models.Model):
    agreement = models.ForeignKey(SupervisionAgreement, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    # Seen by both; each person's private notes are in PrivateNote.
    shared_notes = EncryptedTextField(blank=True)
    next_on = models.DateField(null=True, blank=True)
    next_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"supervision session {self.pk}"


class PrivateNote(models.Model):
    """One person's own notes on a session, which the other person never sees."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "author"], name="private_note_one_each")]

    def __str__(self):
        return f"private note {self.pk}"


class SupervisionAction(models.Model):
    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedTextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on"]

    def __str__(self):
        return f"supervision action {self.pk}"


class GroupKind(models.TextChoices):
    REFLECTIVE_PRACTICE = "reflective_practice", "Reflective practice group"
    SCHWARTZ = "schwartz", "Schwartz Round style"
    BALINT = "balint", "Balint style"


class GroupSeries(models.Model):
    """A facilitated series of reflective group sessions for one team."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="group_series")
    # Emptied if the facilitator deletes their account; the series stays with the team.
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    title = models.CharField(max_length=200)
    # Agreed with the group at its first session.
    ground_rules = models.TextField(max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class GroupSession(models.Model):
    series = models.ForeignKey(GroupSeries, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    # The facilitator's notes on the themes that came up, without names; encrypted.
    theme_notes = EncryptedTextField(blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.series} on {self.starts_at:%d %b %Y}"


class Measure(models.TextChoices):
    CHECK_IN = "check_in", "Check-in"
    CHECK_OUT = "check_out", "Check-out"
    EVALUATION = "evaluation", "Evaluation"


class AnswerReceipt(models.Model):
    """That a person has answered a measure for a session, so they answer once. It holds no answer."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=10, choices=Measure.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "measure"], name="answer_receipt_once"),
        ]

    def __str__(self):
        return f"receipt {self.pk}"


class AnswerTally(models.Model):
    """How many people gave each score to each question in a session.

    Anonymous by construction: answers are never stored one per person, only counted, and nothing
    (no time, no order, no row per answer) ties a count to a receipt.
    """

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="tallies")
    question = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "question", "score"], name="answer_tally_unique"),
        ]

    def __str__(self):
        return f"tally {self.pk}"
