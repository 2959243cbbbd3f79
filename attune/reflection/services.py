"""Every write to the journal: create, change, delete, share and withdraw."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.reflection.models import EntryShare, JournalEntry


def _content(parts: dict, tags: list[str], nmc_themes, cpd: bool, cpd_hours, peer_reflection: bool) -> str:
    return json.dumps(
        {
            "parts": parts,
            "tags": tags,
            "nmc_themes": list(nmc_themes),
            "cpd": cpd,
            "cpd_hours": cpd_hours,
            "peer_reflection": peer_reflection,
        },
        ensure_ascii=False,
    )


def entry_create(
    *, author, structure: str, title: str, parts: dict, tags: list[str], nmc_themes=(), cpd=False, cpd_hours=None,
    peer_reflection=False, **links,
):  # fmt: skip
    return JournalEntry.objects.create(
        author=author,
        structure=structure,
        title=title,
        content=_content(parts, tags, nmc_themes, cpd, cpd_hours, peer_reflection),
        **links,
    )


def entry_update(
    *, entry: JournalEntry, title: str, parts: dict, tags: list[str], nmc_themes=(), cpd=False, cpd_hours=None,
    peer_reflection=False, **links,
) -> JournalEntry:  # fmt: skip
    entry.title = title
    entry.content = _content(parts, tags, nmc_themes, cpd, cpd_hours, peer_reflection)
    for name, value in links.items():
        setattr(entry, name, value)
    entry.save()
    return entry


def entry_delete(*, entry: JournalEntry) -> None:
    entry.delete()


def shared_organisation(author, supervisor):
    """The organisation where the supervisor supervises and the author belongs: where sharing is recorded.
    Only there, so that admins of the author's other organisations learn nothing of their journal."""
    supervised = Membership.objects.filter(user=supervisor, role=Role.SUPERVISOR).values("organisation_id")
    membership = Membership.objects.filter(user=author, organisation_id__in=supervised).order_by("pk").first()
    return membership.organisation_id if membership else None


def entry_share(*, entry: JournalEntry, supervisor) -> EntryShare:
    with transaction.atomic():
        share, _ = EntryShare.objects.get_or_create(entry=entry, supervisor=supervisor, withdrawn_at=None)
        audit_record(
            actor=entry.author,
            action=AuditAction.CHANGED,
            obj=entry,
            organisation=shared_organisation(entry.author, supervisor),
            detail="shared with a supervisor",
        )
    return share


def entry_unshare(*, entry: JournalEntry, supervisor) -> None:
    with transaction.atomic():
        EntryShare.objects.filter(entry=entry, supervisor=supervisor, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )
        audit_record(
            actor=entry.author,
            action=AuditAction.CHANGED,
            obj=entry,
            organisation=shared_organisation(entry.author, supervisor),
            detail="sharing withdrawn",
        )


def pack_create(*, author, entries, registrant_pin: str, partner_name: str, partner_pin: str, discussion_date):
    from attune.reflection.models import RevalidationPack

    return RevalidationPack.objects.create(
        author=author,
        # Oldest first: the order in which the accounts were written.
        entry_ids=[entry.pk for entry in sorted(entries, key=lambda e: (e.created_at, e.pk))],
        registrant_pin=registrant_pin,
        partner_name=partner_name,
        partner_pin=partner_pin,
        discussion_date=discussion_date,
    )
