from django.db import models

from attune.audit.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor,
    action: AuditAction,
    obj: models.Model,
    organisation=None,
    detail: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` to `obj`. Call it inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        organisation_id=getattr(organisation, "pk", organisation),
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        detail=detail,
    )
