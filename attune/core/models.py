"""The outbox (every email Attune sends, kept until it has gone) and files prepared in the background."""

import uuid

from django.conf import settings
from django.db import models

from attune.core.crypto import EncryptedTextField


class EmailStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundEmail(models.Model):
    """An email as it will go out (MIME, encrypted: emails carry names and personal links), written in
    the transaction that caused it and delivered by the worker, so that nothing is lost while the mail
    server or the queue is down."""

    message = EncryptedTextField()
    status = models.CharField(max_length=8, choices=EmailStatus.choices, default=EmailStatus.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The error's type only: an SMTP error message can quote addresses.
    last_error = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self):
        return f"email {self.pk}"


class FileStatus(models.TextChoices):
    WAITING = "waiting", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be prepared"


class PreparedFile(models.Model):
    """A file made in the background for one person (a report's PDF), kept for a day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=FileStatus.choices, default=FileStatus.WAITING)
    filename = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    content = models.BinaryField(null=True, blank=True)
    # Said to the person when it could not be made; never a traceback.
    problem = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.kind} {self.pk}"
