"""Journal entries, private to their author and encrypted at rest, and shares with a supervisor."""

import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from attune.core.crypto import EncryptedTextField


class Structure(models.TextChoices):
    GIBBS = "gibbs", "Gibbs' reflective cycle"
    DRISCOLL = "driscoll", "What? So what? Now what?"
    NMC = "nmc", "NMC revalidation reflective account"
    FREE = "free", "Free writing"


class JournalEntry(models.Model):
    """A reflection. Everything the author writes (title, parts, tags) is stored encrypted; only ids,
    dates and the structure's name are plain, so the database alone reveals nothing of its content."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    structure = models.CharField(max_length=10, choices=Structure.choices)
    title = EncryptedTextField()
    # JSON: {"parts": {key: text}, "tags": [...], "nmc_themes": [...]}, encrypted as one.
    content = EncryptedTextField()
    module = models.CharField(max_length=80, blank=True)
    session = models.ForeignKey("learning.TrainingSession", on_delete=models.SET_NULL, null=True, blank=True)
    conversation = models.ForeignKey(
        "rehearsal.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "journal entries"

    def __str__(self):
        return f"journal entry {self.pk}"

    @property
    def data(self) -> dict:
        return json.loads(self.content or "{}")

    @property
    def parts(self) -> dict:
        return self.data.get("parts", {})

    @property
    def tags(self) -> list[str]:
        return self.data.get("tags", [])


class EntryShare(models.Model):
    """An entry shared, read-only, with a named supervisor, until the author withdraws it."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="shares")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "supervisor"], condition=Q(withdrawn_at=None), name="entry_share_one_active"
            )
        ]

    def __str__(self):
        return f"entry {self.entry_id} shared with {self.supervisor_id}"


class RevalidationPack(models.Model):
    """Five reflective accounts and the record of the reflective discussion, for NMC revalidation.

    PINs and the discussion partner's name are stored encrypted like the entries themselves.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="revalidation_packs")
    registrant_pin = EncryptedTextField()
    partner_name = EncryptedTextField()
    partner_pin = EncryptedTextField()
    discussion_date = models.DateField()
    # The five entries, oldest first.
    entry_ids = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"revalidation pack {self.pk}"

    def entries(self) -> list[JournalEntry]:
        by_id = {e.pk: e for e in JournalEntry.objects.filter(author=self.author, pk__in=self.entry_ids)}
        return [by_id[pk] for pk in self.entry_ids if pk in by_id]
