"""Where scenarios come from: the built-in files under content/scenarios/ and facilitators' own.

Parsed scenarios are cached by the hash of their text, so a turn never re-reads YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from attune.accounts.models import Membership, Role
from attune.core.content import ContentInvalid
from attune.rehearsal.engine.scenario import Scenario, load_scenario, parse_scenario, source_hash
from attune.rehearsal.models import CustomScenario, ScenarioSource


@dataclass(frozen=True)
class Entry:
    key: str
    scenario: Scenario
    # The YAML, for built-in scenarios; a custom one's is read from its stored source when needed.
    text: str
    custom: CustomScenario | None = None

    def source_text(self) -> str:
        if self.custom is not None and not self.text:
            return ScenarioSource.objects.values_list("text", flat=True).get(pk=self.custom.source_id)
        return self.text

    @property
    def builtin(self) -> bool:
        return self.custom is None


def scenarios_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "scenarios"


# Parsed scenarios by the hash of their text. Scenario texts are immutable once stored, so an entry
# never goes stale; the cache is bounded so that many custom drafts cannot grow it without limit.
_parsed: dict[str, Scenario] = {}
CACHE_SIZE = 256


def parsed(sha256: str, text: str, path: str) -> Scenario:
    scenario = _parsed.get(sha256)
    if scenario is None:
        scenario = parse_scenario(text, path)
        if len(_parsed) >= CACHE_SIZE:
            _parsed.pop(next(iter(_parsed)))
        _parsed[sha256] = scenario
    return scenario


def scenario_for_source(source: ScenarioSource) -> Scenario:
    """The parsed scenario of a stored text. Reads the text from the database only on a cache miss,
    so callers can load the source with its text deferred."""
    scenario = _parsed.get(source.sha256)
    if scenario is None:
        text = ScenarioSource.objects.values_list("text", flat=True).get(pk=source.pk)
        scenario = parsed(source.sha256, text, f"scenario {source.sha256[:8]}")
    return scenario


def builtin_entries() -> list[Entry]:
    """Every valid built-in scenario, gentlest first. An invalid file is left out (check_content names it)."""
    entries = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            scenario = parsed(source_hash(text), text, str(path))
            if scenario.id != path.stem:
                load_scenario(path)  # raises with the precise message
        except ContentInvalid:
            continue
        entries.append(Entry(key=scenario.id, scenario=scenario, text=text))
    order = {"gentle": 0, "standard": 1, "challenging": 2}
    return sorted(entries, key=lambda e: (order[e.scenario.difficulty], e.scenario.title))


def custom_entries_for(user) -> list[Entry]:
    """Published scenarios whose audience includes the person: their organisation or their team.

    The facilitators and admins of the organisation that wrote a scenario always see it.
    """
    memberships = Membership.objects.filter(user=user)
    organisation_ids = set(memberships.values_list("organisation_id", flat=True))
    team_ids = set(memberships.exclude(team=None).values_list("team_id", flat=True))
    overseen = set(
        memberships.filter(role__in=[Role.FACILITATOR, Role.ORG_ADMIN]).values_list("organisation_id", flat=True)
    )
    visible = (
        CustomScenario.objects.published()
        .filter(Q(organisations__in=organisation_ids) | Q(teams__in=team_ids) | Q(organisation_id__in=overseen))
        .distinct()
        .select_related("source", "organisation")
        .defer("source__text")
    )
    return [
        Entry(key=custom.key, scenario=scenario_for_source(custom.source), text="", custom=custom) for custom in visible
    ]


def entries_for(user) -> list[Entry]:
    return builtin_entries() + (custom_entries_for(user) if user.is_authenticated else [])


def get_entry_or_404(user, key: str) -> Entry:
    for entry in entries_for(user):
        if entry.key == key:
            return entry
    raise Http404("No such scenario")
