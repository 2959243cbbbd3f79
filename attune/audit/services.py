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


def audit_record_for_person(*, actor, action: AuditAction, obj: models.Model, person, detail: str = "") -> None:
    """Record an event about a person's own account in every organisation they belong to, so that each
    of those organisations' admins can see it (or once, with no organisation, if they belong to none)."""
    organisation_ids = set(person.memberships.values_list("organisation_id", flat=True)) or {None}
    for organisation_id in sorted(organisation_ids, key=lambda pk: pk or 0):
        audit_record(actor=actor, action=action, obj=obj, organisation=organisation_id, detail=detail)
