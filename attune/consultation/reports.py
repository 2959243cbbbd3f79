"""A campaign's report: scores per subscale, breakdowns by team (and profession and band when asked),
reliability and agreement, comments, and change since the campaign it repeats.

Every figure describes at least the minimum number of people: small groups are suppressed, and so are
groups that could be worked out from the others and the total (`analysis.suppress`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from attune.consultation import analysis
from attune.consultation.campaigns import instrument_of, minimum, text_minimum
from attune.consultation.instruments import Instrument
from attune.consultation.models import Campaign


def _favourable_threshold(instrument: Instrument) -> float | None:
    """The scale's favourable point, expressed in the units of a subscale score."""
    scale = instrument.scale
    if instrument.scoring.method == "sum":
        return None
    if instrument.scoring.transform == "percent":
        return (scale.favourable_from - scale.lowest) / (scale.highest - scale.lowest) * 100
    return scale.favourable_from


@dataclass
class Cell:
    n: int
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    favourable: float | None = None
    agreement: float | None = None


@dataclass
class Report:
    campaign: Campaign
    instrument: Instrument
    n: int
    shown: bool
    minimum: int
    overall: dict[str, Cell] = field(default_factory=dict)
    reliability: dict[str, float | None] = field(default_factory=dict)
    teams: list[tuple[str, dict[str, Cell] | None]] = field(default_factory=list)
    breakdowns: dict[str, list[tuple[str, dict[str, Cell] | None]]] = field(default_factory=dict)
    comments: list[str] | None = None
    change: dict[str, analysis.Comparison | None] | None = None


def _cells(instrument: Instrument, rows: list[dict], threshold: float | None, *, agreement: bool) -> dict[str, Cell]:
    cells = {}
    options = len(instrument.scale.points)
    for subscale in instrument.subscales:
        scores = [r["scores"][subscale.id] for r in rows]
        d = analysis.describe(scores)
        cell = Cell(n=d.n, mean=d.mean, ci_low=d.ci_low, ci_high=d.ci_high)
        if threshold is not None:
            cell.favourable = analysis.percent_favourable(scores, threshold)
        if agreement:
            items = instrument.items_of(subscale.id)
            matrix = [[instrument.item_score(i, r["answers"].get(i.id)) for i in items] for r in rows]
            cell.agreement = analysis.rwg_j(matrix, options)
        cells[subscale.id] = cell
    return cells


def _breakdown(instrument, rows, key, names, threshold, *, agreement) -> list[tuple[str, dict[str, Cell] | None]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        if row[key]:
            groups.setdefault(row[key], []).append(row)
    hidden = analysis.suppress({name: len(group) for name, group in groups.items()}, minimum())
    return [
        (names.get(name, name), None if name in hidden else _cells(instrument, group, threshold, agreement=agreement))
        for name, group in sorted(groups.items(), key=lambda item: str(names.get(item[0], item[0])))
    ]


def _rows(campaign: Campaign, instrument: Instrument) -> list[dict]:
    return [
        {
            "answers": r.answers,
            "scores": instrument.score(r.answers),
            "team": r.team_id,
            "profession": r.profession,
            "band": r.band,
        }
        for r in campaign.responses.all()
    ]


def campaign_report(campaign: Campaign) -> Report:
    instrument = instrument_of(campaign)
    rows = _rows(campaign, instrument)
    report = Report(campaign=campaign, instrument=instrument, n=len(rows), shown=len(rows) >= minimum(),
                    minimum=minimum())  # fmt: skip
    if not report.shown:
        return report
    threshold = _favourable_threshold(instrument)
    report.overall = _cells(instrument, rows, threshold, agreement=False)
    for subscale in instrument.subscales:
        items = instrument.items_of(subscale.id)
        matrix = [[instrument.item_score(i, r["answers"].get(i.id)) for i in items] for r in rows]
        report.reliability[subscale.id] = analysis.cronbach_alpha(matrix)
    team_names = {t.pk: t.name for t in campaign.teams.all()}
    report.teams = _breakdown(instrument, rows, "team", team_names, threshold, agreement=True)
    if campaign.ask_profession:
        from attune.consultation.campaigns import PROFESSIONS

        report.breakdowns["Profession"] = _breakdown(instrument, rows, "profession", dict(PROFESSIONS), threshold,
                                                     agreement=False)  # fmt: skip
    if campaign.ask_band:
        from attune.consultation.campaigns import BANDS

        report.breakdowns["Band"] = _breakdown(instrument, rows, "band", dict(BANDS), threshold, agreement=False)
    texts = [c.text for c in campaign.comments.all()]
    if len(texts) >= text_minimum():
        # Shuffled, so that the order says nothing about who wrote what or when.
        random.Random(campaign.pk).shuffle(texts)  # noqa: S311 - not a secret
        report.comments = texts
    if campaign.repeats_id:
        earlier = campaign.repeats
        earlier_rows = _rows(earlier, instrument_of(earlier))
        if len(earlier_rows) >= minimum():
            report.change = {
                s.id: analysis.compare(
                    [r["scores"][s.id] for r in earlier_rows if r["scores"].get(s.id) is not None],
                    [r["scores"][s.id] for r in rows if r["scores"][s.id] is not None],
                )
                for s in instrument.subscales
            }
    return report
