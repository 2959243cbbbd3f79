"""Consultation requests a person made, in "download my data"; on deletion they stay with the team
(the request belongs to the team's consultation) but no longer name the person."""

from attune.accounts import personal_data
from attune.consultation.models import Consultation


def _export(user) -> dict:
    return {
        "requests": [
            {"organisation": c.organisation.name, "asked_on": c.created_at.isoformat(), "challenge": c.challenge,
             "status": c.get_status_display()}
            for c in Consultation.objects.filter(requested_by=user).select_related("organisation")
        ]
    }  # fmt: skip


def _erase(user) -> None:
    Consultation.objects.filter(requested_by=user).update(requested_by=None)


def register_sections() -> None:
    personal_data.register("consultation", export=_export, erase=_erase)
