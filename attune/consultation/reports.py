"""A campaign's report, and one team's report within it.

The campaign report: scores per subscale, breakdowns by team (and profession and band when asked),
reliability and agreement, comments grouped into themes, and change since the campaign it repeats. A
team's report: that team's scores, agreement and answers to each item, its comments, its change, and
the whole survey beside them.

Every figure describes at least the minimum number of people: small groups are suppressed, and so are
groups that could be worked out from the others and the total (`analysis.suppress`). Responses are
read once into NumPy arrays, so a survey of a whole trust is analysed in one pass.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from attune.consultation import analysis
from attune.consultation.campaigns import BANDS, PROFESSIONS, instrument_of, minimum, text_minimum
from attune.consultation.instruments import Instrument
from attune.consultation.models import Campaign

OVERALL_KEPT = 60 * 60 * 24


def _favourable_threshold(instrument: Instrument) -> float | None:
    """The scale's favourable point, expressed in the units of a subscale score."""
    scale = instrument.scale
    if instrument.scoring.method == "sum":
        return None
    if instrument.scoring.transform == "percent":
        return (scale.favourable_from - scale.lowest) / (scale.highest - scale.lowest) * 100
    return scale.favourable_from


def heat_band(mean: float | None, low: float, high: float) -> int | None:
    """Which of five shading bands a mean falls in, for heatmaps (the number is always shown too)."""
    if mean is None:
        return None
    return max(0, min(4, int((mean - low) / (high - low) * 5)))


@dataclass
class Cell:
    n: int
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    favourable: float | None = None
    agreement: float | None = None


@dataclass
class Responses:
    """A campaign's responses as arrays: item scores (reverse scoring applied, NaN where missing),
    subscale scores, and each response's team, profession and band."""

    answers: np.ndarray
    items: np.ndarray
    scores: np.ndarray
    team: np.ndarray
    profession: np.ndarray
    band: np.ndarray

    def __len__(self):
        return len(self.team)

    @classmethod
    def load(cls, campaign: Campaign, instrument: Instrument, **filters) -> Responses:
        rows = _fetch(campaign.responses.filter(**filters))
        answers = instrument.answer_matrix(row[0] for row in rows)
        items = instrument.item_matrix(answers)
        return cls(
            answers=answers,
            items=items,
            scores=instrument.score_matrix(items),
            team=np.array([row[1] or 0 for row in rows], dtype=np.int64),
            profession=np.array([row[2] for row in rows], dtype=object),
            band=np.array([row[3] for row in rows], dtype=object),
        )


def _fetch(responses) -> list[tuple]:
    """Answers, team, profession and band of many responses, fast.

    Decoding the answers row by row through the ORM costs about four times as long as reading them;
    here the raw JSON texts are joined and decoded in one call.
    """
    sql, params = responses.values_list("answers", "team_id", "profession", "band").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    texts = [row[0] for row in rows]
    if texts and isinstance(texts[0], str):
        decoded = json.loads("[" + ",".join(texts) + "]")
    else:  # a driver that decodes JSON itself
        decoded = texts
    return [(answers, *row[1:]) for answers, row in zip(decoded, rows, strict=True)]


def _value(x) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def _cells(instrument: Instrument, data: Responses, codes: np.ndarray, count: int, *, agreement: bool
           ) -> list[dict[str, Cell]]:  # fmt: skip
    """Cells for every group at once: `codes` gives each response's group, from 0 to count - 1."""
    threshold = _favourable_threshold(instrument)
    groups: list[dict[str, Cell]] = [{} for _ in range(count)]
    for column, subscale in enumerate(instrument.subscales):
        stats = analysis.by_group(data.scores[:, column], codes, count, threshold)
        rwg = None
        if agreement:
            items = data.items[:, instrument.columns_of(subscale.id)]
            rwg = analysis.rwg_j_by_group(items, codes, count, len(instrument.scale.points))
        for g in range(count):
            groups[g][subscale.id] = Cell(
                n=int(stats.n[g]), mean=_value(stats.mean[g]), sd=_value(stats.sd[g]), ci_low=_value(stats.ci_low[g]),
                ci_high=_value(stats.ci_high[g]), favourable=_value(stats.favourable[g]),
                agreement=None if rwg is None else _value(rwg[g]),
            )  # fmt: skip
    return groups


def overall_cells(instrument: Instrument, data: Responses) -> dict[str, Cell]:
    return _cells(instrument, data, np.zeros(len(data), dtype=np.int64), 1, agreement=False)[0]


def _breakdown(instrument, data: Responses, keys: np.ndarray, names: dict, *, agreement: bool
               ) -> list[tuple[str, dict[str, Cell] | None]]:  # fmt: skip
    present = np.array([bool(k) for k in keys], dtype=bool)
    if not present.any():
        return []
    values, codes = np.unique(keys[present].astype(str) if keys.dtype == object else keys[present],
                              return_inverse=True)  # fmt: skip
    subset = Responses(data.answers[present], data.items[present], data.scores[present], data.team[present],
                       data.profession[present], data.band[present])  # fmt: skip
    sizes = np.bincount(codes, minlength=len(values))
    hidden = analysis.suppress({str(v): int(n) for v, n in zip(values, sizes, strict=True)}, minimum())
    cells = _cells(instrument, subset, codes, len(values), agreement=agreement)
    rows = []
    for index, value in enumerate(values):
        key = value.item() if hasattr(value, "item") else value
        rows.append((names.get(key, str(key)), None if str(value) in hidden else cells[index]))
    return sorted(rows, key=lambda row: str(row[0]))


def comment_themes(texts: list[str]):
    """Comments grouped into themes on this machine; None when there are too few to show."""
    if len(texts) < text_minimum():
        return None
    from attune.consultation.themes import group_into_themes

    # Shuffled first, so that nothing about the order they were stored in survives.
    texts = sorted(texts)
    random.Random(len(texts)).shuffle(texts)  # noqa: S311 - not a secret
    return group_into_themes(texts)


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
    team_ids: dict[str, int] = field(default_factory=dict)
    breakdowns: dict[str, list[tuple[str, dict[str, Cell] | None]]] = field(default_factory=dict)
    themes: list | None = None
    change: dict[str, analysis.Comparison | None] | None = None
    # For each subscale: the percentage of its items' answers at each point of the scale.
    distribution: dict[str, list[float]] = field(default_factory=dict)


def distribution(instrument: Instrument, data: Responses) -> dict[str, list[float]]:
    points = sorted(p.value for p in instrument.scale.points)
    shares = {}
    for subscale in instrument.subscales:
        answers = data.answers[:, instrument.columns_of(subscale.id)].ravel()
        answers = answers[np.isfinite(answers)]
        shares[subscale.id] = [100 * float((answers == p).sum()) / len(answers) if len(answers) else 0.0
                               for p in points]  # fmt: skip
    return shares


def analyse(campaign: Campaign, instrument: Instrument, data: Responses, *, with_comments: bool = True) -> Report:
    """The whole-campaign report from responses already loaded."""
    report = Report(campaign=campaign, instrument=instrument, n=len(data), shown=len(data) >= minimum(),
                    minimum=minimum())  # fmt: skip
    if not report.shown:
        return report
    report.overall = overall_cells(instrument, data)
    report.distribution = distribution(instrument, data)
    cache.set(_overall_key(campaign, len(data)), report.overall, OVERALL_KEPT)
    for subscale in instrument.subscales:
        report.reliability[subscale.id] = analysis.alpha_of(data.items[:, instrument.columns_of(subscale.id)])
    teams = {t.pk: t.name for t in campaign.teams.all()}
    report.team_ids = {name: pk for pk, name in teams.items()}
    report.teams = _breakdown(instrument, data, data.team, teams, agreement=True)
    if campaign.ask_profession:
        report.breakdowns["Profession"] = _breakdown(instrument, data, data.profession, dict(PROFESSIONS),
                                                     agreement=False)  # fmt: skip
    if campaign.ask_band:
        report.breakdowns["Band"] = _breakdown(instrument, data, data.band, dict(BANDS), agreement=False)
    if with_comments:
        report.themes = comment_themes([c.text for c in campaign.comments.all()])
    if campaign.repeats_id:
        earlier = campaign.repeats
        before = Responses.load(earlier, instrument_of(earlier))
        if len(before) >= minimum():
            report.change = _change(instrument, before, data)
    return report


def _change(instrument: Instrument, before: Responses, after: Responses) -> dict[str, analysis.Comparison | None]:
    return {
        s.id: analysis.compare(before.scores[:, column], after.scores[:, column])
        for column, s in enumerate(instrument.subscales)
    }


def campaign_report(campaign: Campaign) -> Report:
    instrument = instrument_of(campaign)
    return analyse(campaign, instrument, Responses.load(campaign, instrument))


def _team_sizes(campaign: Campaign) -> dict[str, int]:
    rows = campaign.responses.exclude(team=None).values("team_id").annotate(n=Count("pk")).values_list("team_id", "n")
    return {str(team): n for team, n in rows}


def survey_overall(campaign: Campaign, instrument: Instrument, n: int) -> dict[str, Cell]:
    """The whole survey's cells, kept in the cache until another response arrives."""
    key = _overall_key(campaign, n)
    cells = cache.get(key)
    if cells is None:
        cells = overall_cells(instrument, Responses.load(campaign, instrument))
        cache.set(key, cells, OVERALL_KEPT)
    return cells


def _overall_key(campaign: Campaign, n: int) -> str:
    # Responses are only ever added, so their number (with the campaign's identity) marks a version.
    return f"consultation:overall:{campaign.pk}:{campaign.created_at.timestamp()}:{n}"


@dataclass
class TeamReport:
    campaign: Campaign
    instrument: Instrument
    team: object
    n: int
    shown: bool
    minimum: int
    cells: dict[str, Cell] = field(default_factory=dict)
    survey: dict[str, Cell] = field(default_factory=dict)
    survey_n: int = 0
    # For each item: the percentage of the team giving each point of the scale.
    items: list[tuple[str, list[float]]] = field(default_factory=list)
    themes: list | None = None
    change: dict[str, analysis.Comparison | None] | None = None
    # The team against everyone else in the survey: difference with its interval, and Hedges' g.
    versus_rest: dict[str, analysis.Comparison | None] = field(default_factory=dict)


def _summary(cell: Cell) -> analysis.Summary | None:
    if cell.mean is None or cell.sd is None:
        return None
    return analysis.Summary(cell.n, cell.mean, cell.sd**2)


def team_report(campaign: Campaign, team) -> TeamReport:
    """One team's results. Shown only when the whole-survey breakdown would show this team too, so
    that the team's figures and the survey's together never reveal a smaller group."""
    instrument = instrument_of(campaign)
    sizes = _team_sizes(campaign)
    n = sizes.get(str(team.pk), 0)
    hidden = analysis.suppress(sizes, minimum())
    report = TeamReport(campaign=campaign, instrument=instrument, team=team, n=n, minimum=minimum(),
                        shown=n >= minimum() and str(team.pk) not in hidden)  # fmt: skip
    if not report.shown:
        return report
    data = Responses.load(campaign, instrument, team=team)
    report.cells = _cells(instrument, data, np.zeros(len(data), dtype=np.int64), 1, agreement=True)[0]
    report.survey_n = campaign.responses.count()
    report.survey = survey_overall(campaign, instrument, report.survey_n)
    for subscale in instrument.subscales:
        whole, team_only = _summary(report.survey[subscale.id]), _summary(report.cells[subscale.id])
        rest = analysis.Summary.of_rest(whole, team_only) if whole and team_only else None
        report.versus_rest[subscale.id] = analysis.compare_summaries(rest, team_only) if rest else None
    points = sorted(p.value for p in instrument.scale.points)
    for column, item in enumerate(instrument.items):
        answered = data.answers[:, column][np.isfinite(data.answers[:, column])]
        shares = [100 * float((answered == p).sum()) / len(answered) if len(answered) else 0.0 for p in points]
        report.items.append((item.text, shares))
    report.themes = comment_themes([c.text for c in campaign.comments.filter(team=team)])
    if campaign.repeats_id:
        earlier = campaign.repeats
        earlier_sizes = _team_sizes(earlier)
        earlier_shown = str(team.pk) not in analysis.suppress(earlier_sizes, minimum())
        if earlier_shown and earlier_sizes.get(str(team.pk), 0) >= minimum():
            report.change = _change(instrument, Responses.load(earlier, instrument_of(earlier), team=team), data)
    return report
