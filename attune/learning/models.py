"""Modules (progress, knowledge checks) and live training (sessions, bookings, feedback)."""

import secrets
import uuid

from django.conf import settings
from django.db import models


class ModuleProgress(models.Model):
    """Where a learner is in one module: sections seen, time spent, and whether it is complete.

    Modules live in files, so they are referred to by their slug; progress outlives edits to a module.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress")
    module = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    sections_seen = models.JSONField(default=list)
    last_section = models.PositiveIntegerField(default=1)
    seconds_spent = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "module"], name="module_progress_unique")]

    def __str__(self):
        return f"{self.learner} in {self.module}"

    @property
    def minutes_spent(self) -> int:
        return round(self.seconds_spent / 60)


class CheckAttempt(models.Model):
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts")
    module = models.CharField(max_length=80)
    answers = models.JSONField()
    score = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A learner's attempts at one module, newest first (the module page and the CPD record).
            models.Index(fields=["learner", "module", "-created_at"], name="check_attempt_learner_idx"),
        ]

    def __str__(self):
        return f"{self.module}: {self.score}/{self.total}"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class TrainingSession(models.Model):
    """A live training session, in person or online, that people in an organisation can book."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="sessions")
    # Emptied if the facilitator deletes their account; the session and its bookings stay.
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    venue = models.CharField(max_length=300, blank=True)
    # Shown only to people with a confirmed place.
    meeting_link = models.URLField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    booking_deadline = models.DateTimeField()
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=1)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Booking(models.Model):
    """One person's place, or place in the queue, for a session. The waiting list is in created_at order."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="bookings")
    # Emptied when the person deletes their account, so attendance and feedback totals stay true.
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="bookings")
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Each calendar update sent to this person carries a higher SEQUENCE than the last.
    calendar_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One live booking per person per session; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=models.Q(status__in=["confirmed", "waiting"]),
                name="booking_one_live_per_person",
            ),
        ]
        indexes = [
            # Counting confirmed places and finding the head of the waiting list, under a lock.
            models.Index(fields=["session", "status", "created_at"], name="booking_queue_idx"),
        ]

    def __str__(self):
        return f"{self.learner} for {self.session} ({self.status})"


class SessionFeedback(models.Model):
    """A short reaction from someone who attended. Shown to facilitators only as totals."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    useful = models.PositiveSmallIntegerField()
    confident = models.PositiveSmallIntegerField()
    recommend = models.BooleanField()
    will_try = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(useful__gte=1, useful__lte=5), name="feedback_useful_1_5"),
            models.CheckConstraint(
                condition=models.Q(confident__gte=1, confident__lte=5), name="feedback_confident_1_5"
            ),
        ]

    def __str__(self):
        return f"feedback on {self.booking.session}"


def new_certificate_code() -> str:
    """Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 50 bits."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class CertificateKind(models.TextChoices):
    MODULE = "module", "Module"
    SESSION = "session", "Live training"


class Certificate(models.Model):
    """A record that someone completed a module or attended a session, checkable by anyone with its code.

    What it certifies is copied in when it is issued, so the certificate still reads the same if the
    module is later edited or the session's details change.
    """

    code = models.CharField(max_length=10, unique=True, default=new_certificate_code)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(max_length=8, choices=CertificateKind.choices)
    # The module's slug, or the session's id.
    reference = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    holder_name = models.CharField(max_length=120)
    issuer = models.CharField(max_length=200)
    completed_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "kind", "reference"], name="certificate_once_per_thing"),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"
