from attune.accounts.models import User
from attune.audit.models import AuditEvent


def audit_events_for_organisation(organisation, *, limit: int = 200) -> list[dict]:
    """The newest events for one organisation, each with the actor's current name, or a note that the
    account no longer exists."""
    events = list(AuditEvent.objects.filter(organisation_id=organisation.pk)[:limit])
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id}).values_list("pk", "display_name")
    )
    return [
        {
            "event": event,
            "actor": names.get(event.actor_id, "Deleted account" if event.actor_id else "System"),
        }
        for event in events
    ]
