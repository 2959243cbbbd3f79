"""A learner's CPD record (modules, live training, practice) and the certificates that evidence it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from attune.learning.library import all_modules
from attune.learning.models import Booking, Certificate, CertificateKind, ModuleProgress
from attune.rehearsal.models import Conversation, Status


@dataclass(frozen=True)
class Activity:
    kind: str  # "module", "session", "practice" or "reflection"
    title: str
    on: date
    hours: Decimal
    reference: str
    detail: str = ""


def module_hours(minutes: int) -> Decimal:
    """A module counts for its stated length, in tenths of an hour."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def activities(learner) -> list[Activity]:
    minutes = {m.slug: m.meta.minutes for m in all_modules()}
    found = [
        Activity(
            kind="module",
            title=p.title,
            on=timezone.localdate(p.completed_at),
            hours=module_hours(minutes.get(p.module, max(1, p.minutes_spent))),
            reference=p.module,
            detail=f"{p.minutes_spent} minutes recorded",
        )
        for p in ModuleProgress.objects.filter(learner=learner).exclude(completed_at=None)
    ]
    for booking in Booking.objects.filter(learner=learner, attended=True, status="confirmed").select_related("session"):
        session = booking.session
        found.append(
            Activity(
                kind="session",
                title=session.title,
                on=timezone.localdate(session.starts_at),
                hours=session.cpd_hours,
                reference=str(session.pk),
                detail=session.get_mode_display(),
            )
        )
    for conversation in Conversation.objects.of(learner).filter(status=Status.ENDED).exclude(ended_at=None):
        minutes_taken = max(1, round((conversation.ended_at - conversation.started_at).total_seconds() / 60))
        found.append(
            Activity(
                kind="practice",
                title=f"Practice conversation: {conversation.scenario_title}",
                on=timezone.localdate(conversation.ended_at),
                hours=(Decimal(min(minutes_taken, 60)) / 60).quantize(Decimal("0.1")),
                reference=str(conversation.pk),
                detail=f"{conversation.turn_count} turns, {conversation.get_level_display().lower()}",
            )
        )
    from attune.reflection.models import JournalEntry

    for entry in JournalEntry.objects.filter(author=learner):
        data = entry.data
        if data.get("cpd"):
            found.append(
                Activity(
                    kind="reflection",
                    title=entry.title,
                    on=timezone.localdate(entry.created_at),
                    hours=Decimal(data.get("cpd_hours") or "0"),
                    reference=str(entry.pk),
                    detail="with peer reflection" if data.get("peer_reflection") else "written reflection",
                )
            )
    return sorted(found, key=lambda a: a.on, reverse=True)


def certificate_for(*, learner, activity: Activity, issuer: str) -> Certificate:
    """The certificate for a completed module or an attended session, issued on first request."""
    if activity.kind not in (CertificateKind.MODULE, CertificateKind.SESSION):
        raise ValueError("certificates are for modules and live training")
    existing = Certificate.objects.filter(learner=learner, kind=activity.kind, reference=activity.reference).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                learner=learner,
                kind=activity.kind,
                reference=activity.reference,
                title=activity.title,
                holder_name=learner.display_name,
                issuer=issuer,
                completed_on=activity.on,
                hours=activity.hours,
            )
    except IntegrityError:
        # The same certificate was issued by a simultaneous request.
        return Certificate.objects.get(learner=learner, kind=activity.kind, reference=activity.reference)
