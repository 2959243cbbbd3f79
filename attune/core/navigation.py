"""The sections in the header's navigation.

Each capability adds its own section from its AppConfig.ready(), so the header only ever links to
parts of Attune that exist. Sections are listed in the order Learn, Practise, Reflect, Consult, Team, Evidence.
"""

from dataclasses import dataclass

from django.urls import reverse

ORDER = ["learn", "practise", "reflect", "consult", "team", "evidence"]


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    # URL path prefixes that mark this section as the current one.
    prefixes: tuple[str, ...]


_sections: dict[str, Section] = {}


def register(key: str, label: str, url_name: str, prefixes: tuple[str, ...]) -> None:
    _sections[key] = Section(key=key, label=label, url_name=url_name, prefixes=prefixes)


def items_for(request) -> list[dict]:
    ordered = sorted(_sections.values(), key=lambda s: ORDER.index(s.key) if s.key in ORDER else len(ORDER))
    return [
        {
            "label": section.label,
            "href": reverse(section.url_name),
            "current": any(request.path.startswith(p) for p in section.prefixes),
        }
        for section in ordered
    ]
