from attune.accounts import personal_data
from attune.reflection.models import AnswerReceipt, JournalEntry
from attune.reflection.structures import parts_of
from attune.reflection.supervision import agreements_for


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
        ],
        "revalidation_packs": [
            {
                "your_pin": pack.registrant_pin,
                "discussion_partner": pack.partner_name,
                "partner_pin": pack.partner_pin,
                "discussion_date": pack.discussion_date.isoformat(),
                "entries": [entry.title for entry in pack.entries()],
            }
            for pack in user.revalidation_packs.all()
        ],
        "supervision": [
            {
                "supervisor": agreement.supervisor.display_name,
                "supervisee": agreement.supervisee.display_name,
                "kind": agreement.get_kind_display(),
                "status": agreement.get_status_display(),
                "sessions": [
                    {
                        "held_on": session.held_on.isoformat(),
                        "shared_notes": session.shared_notes,
                        "your_private_notes": [n.text for n in session.private_notes.all() if n.author_id == user.pk],
                        "actions": [
                            {"action": a.description, "owner": a.owner.display_name, "due_on": a.due_on.isoformat()}
                            for a in session.actions.all()
                        ],
                    }
                    for session in agreement.sessions.all()
                ],
            }
            for agreement in agreements_for(user)
        ],
        # Group answers are counted anonymously, so what you answered cannot be exported; only that you did.
        "reflective_group_answers": [
            {"session": str(receipt.session), "answered": receipt.get_measure_display()}
            for receipt in AnswerReceipt.objects.filter(person=user).select_related("session__series")
        ],
    }


def _erase(user) -> None:
    user.revalidation_packs.all().delete()
    JournalEntry.objects.filter(author=user).delete()


def register_sections() -> None:
    personal_data.register("journal", export=_export, erase=_erase)
