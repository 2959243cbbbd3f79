"""Survey instruments: versioned YAML under content/instruments/, validated, and scored.

Framework-free. An instrument lists its items, the response scale (with an optional score for each
point, for instruments such as the Copenhagen Burnout Inventory that score Always as 100 and Never as
0), reverse-scored items, subscales with the fewest answered items that make a valid score, and the
scoring rule: the mean or the sum of item scores, optionally turned into 0 to 100. Run
`manage.py score_instrument INSTRUMENT.yaml RESPONSES.csv` to score a file of responses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from attune.core.content import (
    ContentError,
    ContentInvalid,
    errors_from_pydantic,
    parse_yaml,
    require_id_matches_file,
    validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Point(Strict):
    value: int
    label: Text
    # What the answer counts for; the value itself when absent.
    score: float | None = None

    @property
    def points(self) -> float:
        return float(self.value if self.score is None else self.score)


class Scale(Strict):
    points: list[Point] = Field(min_length=2, max_length=11)
    # An item score at or above this (after reverse scoring) counts as favourable.
    favourable_from: float

    @model_validator(mode="after")
    def _distinct(self):
        values = [p.value for p in self.points]
        if len(values) != len(set(values)):
            raise ValueError("each point of the scale needs its own value")
        return self

    @property
    def lowest(self) -> float:
        return min(p.points for p in self.points)

    @property
    def highest(self) -> float:
        return max(p.points for p in self.points)


class Item(Strict):
    id: Id
    text: Text
    subscale: Id
    reverse: bool = False


class Subscale(Strict):
    id: Id
    name: Text
    min_answered: int = Field(ge=1)


class FreeText(Strict):
    id: Id
    prompt: Text


class Scoring(Strict):
    method: Literal["mean", "sum"]
    # "percent" turns a mean into 0 to 100: (mean - lowest) / (highest - lowest) x 100.
    transform: Literal["none", "percent"] = "none"


class Instrument(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]
    version: int = Field(ge=1)
    title: Text
    description: Text
    citation: Text
    licence: Text
    scale: Scale
    items: list[Item] = Field(min_length=2)
    subscales: list[Subscale] = Field(min_length=1)
    scoring: Scoring
    free_text: list[FreeText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self):
        subscales = {s.id for s in self.subscales}
        ids = [i.id for i in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("each item needs its own id")
        for item in self.items:
            if item.subscale not in subscales:
                raise ValueError(f"item {item.id!r} names a subscale {item.subscale!r} that is not listed")
        for subscale in self.subscales:
            count = sum(1 for i in self.items if i.subscale == subscale.id)
            if subscale.min_answered > count:
                raise ValueError(
                    f"subscale {subscale.id!r} asks for {subscale.min_answered} answered items but has {count}"
                )
        if self.scoring.method == "sum" and self.scoring.transform == "percent":
            raise ValueError("the percent transform applies to a mean, not a sum")
        return self

    def items_of(self, subscale: str) -> list[Item]:
        return [i for i in self.items if i.subscale == subscale]

    def item_score(self, item: Item, value: int | None) -> float | None:
        """The score of one answer after reverse scoring, or None when unanswered or off the scale."""
        if value is None:
            return None
        point = next((p for p in self.scale.points if p.value == value), None)
        if point is None:
            return None
        score = point.points
        return self.scale.lowest + self.scale.highest - score if item.reverse else score

    def score(self, answers: dict[str, int | None]) -> dict[str, float | None]:
        """Each subscale's score for one respondent, or None where too few items were answered.

        A sum with missing items (but enough answered) is prorated: the mean times the number of items.
        """
        scores = {}
        for subscale in self.subscales:
            items = self.items_of(subscale.id)
            values = [s for s in (self.item_score(i, answers.get(i.id)) for i in items) if s is not None]
            if len(values) < subscale.min_answered:
                scores[subscale.id] = None
                continue
            mean = sum(values) / len(values)
            if self.scoring.method == "sum":
                score = mean * len(items)
            elif self.scoring.transform == "percent":
                score = (mean - self.scale.lowest) / (self.scale.highest - self.scale.lowest) * 100
            else:
                score = mean
            scores[subscale.id] = score
        return scores

    def answer_matrix(self, answers: Iterable[dict[str, int | None]]) -> np.ndarray:
        """The answers as given, one row per respondent and one column per item in order, NaN where
        unanswered."""
        ids = [i.id for i in self.items]
        answers = list(answers)
        pick = itemgetter(*ids)
        try:
            # Answers saved by Attune name every item; this is the fast path for them.
            rows = [pick(a) for a in answers] if len(ids) > 1 else [[pick(a)] for a in answers]
        except KeyError:
            rows = [[a.get(i) for i in ids] for a in answers]
        return np.array(rows, dtype=float).reshape(-1, len(ids))

    def item_matrix(self, raw: np.ndarray) -> np.ndarray:
        """Item scores for an answer matrix: reverse scoring applied, NaN where unanswered or off the
        scale."""
        values = np.array(sorted(p.value for p in self.scale.points), dtype=float)
        points = {p.value: p.points for p in self.scale.points}
        scores = np.array([points[int(v)] for v in values])
        found = np.isfinite(raw)
        where = np.searchsorted(values, np.where(found, raw, values[0])).clip(0, len(values) - 1)
        on_scale = found & (values[where] == raw)
        items = np.where(on_scale, scores[where], np.nan)
        reverse = np.array([i.reverse for i in self.items])
        items[:, reverse] = self.scale.lowest + self.scale.highest - items[:, reverse]
        return items

    def score_matrix(self, items: np.ndarray) -> np.ndarray:
        """`score` for every row of an item matrix at once: one column per subscale, NaN where too few
        items were answered."""
        out = np.full((items.shape[0], len(self.subscales)), np.nan)
        for column, subscale in enumerate(self.subscales):
            mine = self.columns_of(subscale.id)
            block = items[:, mine]
            answered = np.isfinite(block).sum(axis=1)
            valid = answered >= subscale.min_answered
            mean = np.nansum(block, axis=1) / np.maximum(answered, 1)
            if self.scoring.method == "sum":
                score = mean * len(mine)
            elif self.scoring.transform == "percent":
                score = (mean - self.scale.lowest) / (self.scale.highest - self.scale.lowest) * 100
            else:
                score = mean
            out[valid, column] = score[valid]
        return out

    def columns_of(self, subscale: str) -> list[int]:
        """The positions in an item matrix of a subscale's items."""
        return [n for n, i in enumerate(self.items) if i.subscale == subscale]

    @property
    def score_range(self) -> tuple[float, float]:
        if self.scoring.method == "sum":
            return self.scale.lowest, self.scale.highest  # per item; a subscale's range scales with its items
        if self.scoring.transform == "percent":
            return 0.0, 100.0
        return self.scale.lowest, self.scale.highest


@lru_cache(maxsize=64)
def parse_instrument(text: str, path: str) -> Instrument:
    """Parsing and validating takes about 20 ms, and the same few texts are parsed on every survey page,
    report and programme: the result (immutable) is kept for each text."""
    data, lines = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ContentInvalid([ContentError(path, 1, "", "an instrument must be a set of 'key: value' lines")])
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        raise ContentInvalid(errors_from_pydantic(exc, path, lines)) from None


def load_instrument(path: Path) -> Instrument:
    instrument = parse_instrument(path.read_text(encoding="utf-8"), str(path))
    # "relational-climate@2.yaml" holds version 2 of "relational-climate".
    require_id_matches_file(path, instrument.id, path.stem.split("@")[0])
    return instrument


validate_file = validator(load_instrument)


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self):
        return f"row {self.row}: {self.message}"


def read_responses(instrument: Instrument, rows: list[dict[str, str]]) -> tuple[list[dict], list[RowError]]:
    """Check rows of a responses file (as csv.DictReader gives them, header on row 1).

    Returns the answers and every problem found, each with its row number. Empty cells are missing
    answers; anything else must be a point of the scale.
    """
    allowed = {p.value for p in instrument.scale.points}
    item_ids = [i.id for i in instrument.items]
    free_ids = [f.id for f in instrument.free_text]
    errors, answers = [], []
    if rows:
        unknown = set(rows[0]) - set(item_ids) - set(free_ids) - {"respondent", "team"}
        if unknown:
            errors.append(RowError(1, f"unknown column(s): {', '.join(sorted(unknown))}"))
        missing = set(item_ids) - set(rows[0])
        if missing:
            errors.append(RowError(1, f"missing column(s): {', '.join(sorted(missing))}"))
    for number, row in enumerate(rows, start=2):
        parsed: dict[str, int | None] = {}
        for item_id in item_ids:
            cell = (row.get(item_id) or "").strip()
            if not cell:
                parsed[item_id] = None
                continue
            try:
                value = int(cell)
            except ValueError:
                errors.append(RowError(number, f"{item_id} is {cell!r}, not a number"))
                continue
            if value not in allowed:
                errors.append(
                    RowError(number, f"{item_id} is {value}, outside the scale ({min(allowed)} to {max(allowed)})")
                )
                continue
            parsed[item_id] = value
        cells = [(row.get(name) or "").strip() for name in (*item_ids, *free_ids)]
        if not any(cells):
            errors.append(RowError(number, "the row has no answers"))
        answers.append({"respondent": (row.get("respondent") or "").strip() or str(number - 1),
                        "team": (row.get("team") or "").strip(), "answers": parsed,
                        "comments": {f: (row.get(f) or "").strip() for f in free_ids}})  # fmt: skip
    return answers, errors
