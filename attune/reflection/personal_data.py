from attune.accounts import personal_data
from attune.reflection.models import JournalEntry
from attune.reflection.structures import parts_of


def _export(user) -> dict:
    return {
        "journal": [
            {
                "title": entry.title,
                "structure": entry.structure,
                "parts": {part.label: entry.parts.get(part.key, "") for part in parts_of(entry.structure)},
                "tags": entry.tags,
                "created_at": entry.created_at.isoformat(),
                "updated_at": entry.updated_at.isoformat(),
            }
            for entry in JournalEntry.objects.filter(author=user)
        ]
    }


def _erase(user) -> None:
    JournalEntry.objects.filter(author=user).delete()


def register_sections() -> None:
    personal_data.register("journal", export=_export, erase=_erase)
