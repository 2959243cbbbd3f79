"""The outbox: every email Attune sends, kept until it has gone."""

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
