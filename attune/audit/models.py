"""An append-only record of who looked at or changed a sensitive record, and when.

It never holds the content itself. The person who acted is kept as a bare id rather than a foreign
key: deleting an account must not rewrite history, and the log must not keep the person's name.
"""

from django.db import models


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    EXPORTED = "exported", "Exported"


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    # What was touched, for example "membership" and its id; never a description of its content.
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    # A short fixed label such as "role granted", chosen by the code that records the event.
    detail = models.CharField(max_length=120, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The organisation admin's audit page lists one organisation's events, newest first.
            models.Index(fields=["organisation_id", "-at"], name="audit_org_at"),
        ]

    def __str__(self):
        return f"{self.action} {self.object_type} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
