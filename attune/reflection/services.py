"""Every write to the journal: create, change, delete, share and withdraw."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from attune.audit.models import AuditAction
from attune.audit.services import audit_record_for_person
from attune.reflection.models import EntryShare, JournalEntry


def _content(parts: dict, tags: list[str], nmc_themes: list[str]) -> str:
    return json.dumps({"parts": parts, "tags": tags, "nmc_themes": nmc_themes}, ensure_ascii=False)


def entry_create(*, author, structure: str, title: str, parts: dict, tags: list[str], nmc_themes=(), **links):
    return JournalEntry.objects.create(
        author=author,
        structure=structure,
        title=title,
        content=_content(parts, tags, list(nmc_themes)),
        **links,
    )


def entry_update(*, entry: JournalEntry, title: str, parts: dict, tags: list[str], nmc_themes=()) -> JournalEntry:
    entry.title = title
    entry.content = _content(parts, tags, list(nmc_themes))
    entry.save(update_fields=["title", "content", "updated_at"])
    return entry


def entry_delete(*, entry: JournalEntry) -> None:
    entry.delete()


def entry_share(*, entry: JournalEntry, supervisor) -> EntryShare:
    with transaction.atomic():
        share, _ = EntryShare.objects.get_or_create(entry=entry, supervisor=supervisor, withdrawn_at=None)
        audit_record_for_person(actor=entry.author, action=AuditAction.CHANGED, obj=entry, person=entry.author,
                                detail="shared with a supervisor")  # fmt: skip
    return share


def entry_unshare(*, entry: JournalEntry, supervisor) -> None:
    with transaction.atomic():
        EntryShare.objects.filter(entry=entry, supervisor=supervisor, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )
        audit_record_for_person(actor=entry.author, action=AuditAction.CHANGED, obj=entry, person=entry.author,
                                detail="sharing withdrawn")  # fmt: skip
