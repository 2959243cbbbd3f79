"""What each capability holds about a person: exported on request, erased when the account goes.

Each app registers one section from its AppConfig.ready(). "Download my data" gathers every section
into one JSON archive; "delete my account" calls every section's eraser before the user row is deleted.
A section that must keep records for aggregates detaches them from the person in its eraser.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


_sections: dict[str, Section] = {}


def register(name: str, *, export: Callable[[Any], Any], erase: Callable[[Any], None]) -> None:
    _sections[name] = Section(name=name, export=export, erase=erase)


def sections() -> list[Section]:
    return list(_sections.values())


def export_for(user) -> dict:
    return {
        "format": "attune-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "sections": {section.name: section.export(user) for section in sections()},
    }


def erase_for(user) -> None:
    for section in sections():
        section.erase(user)


def _export_profile(user) -> dict:
    return {
        "email": user.email,
        "name": user.display_name,
        "profession": user.get_profession_display(),
        "joined": user.date_joined.isoformat(),
        "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        "two_factor_devices": [
            {"name": device.name, "confirmed": device.confirmed} for device in user.totpdevice_set.all()
        ],
    }


def _export_memberships(user) -> list[dict]:
    return [
        {
            "organisation": m.organisation.name,
            "team": m.team.name if m.team_id else None,
            "role": m.get_role_display(),
            "since": m.created_at.isoformat(),
        }
        for m in user.memberships.select_related("organisation", "team")
    ]


def _nothing_to_erase(user) -> None:
    """The profile and memberships go with the user row itself (cascade)."""


def register_core_sections() -> None:
    register("profile", export=_export_profile, erase=_nothing_to_erase)
    register("memberships", export=_export_memberships, erase=_nothing_to_erase)
