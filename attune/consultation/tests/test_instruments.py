"""Instruments load, validate with precise errors, and score correctly, including published shapes."""

import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from attune.consultation.instruments import load_instrument, parse_instrument, read_responses
from attune.core.content import ContentInvalid

SHIPPED = sorted((Path(settings.CONTENT_DIR) / "instruments").glob("*.yaml"))

# The shape of the Copenhagen Burnout Inventory (Kristensen et al., 2005): answers scored 100 to 0,
# one reverse item, the mean of item scores.
# Items are worded afresh for the test: the instrument's own wording is not reproduced.
CBI_SHAPED = textwrap.dedent(
    """\
    id: frequency-shape
    version: 1
    title: A frequency scale scored 0 to 100
    description: Placeholder items.
    citation: For tests.
    licence: For tests.
    scale:
      favourable_from: 50
      points:
        - {value: 1, label: Always, score: 100}
        - {value: 2, label: Often, score: 75}
        - {value: 3, label: Sometimes, score: 50}
        - {value: 4, label: Seldom, score: 25}
        - {value: 5, label: Never, score: 0}
    subscales:
      - {id: work, name: Work, min_answered: 3}
    items:
      - {id: w1, subscale: work, text: Item one.}
      - {id: w2, subscale: work, text: Item two.}
      - {id: w3, subscale: work, text: Item three.}
      - {id: w4, subscale: work, text: Item four., reverse: true}
    scoring:
      method: mean
    """
)

# The shape of Edmondson's (1999) team psychological safety scale: seven points, seven items, three
# reversed, scored as a mean. Placeholder wording.
SEVEN_POINT = textwrap.dedent(
    """\
    id: seven-point
    version: 1
    title: Seven points
    description: Placeholder items.
    citation: For tests.
    licence: For tests.
    scale:
      favourable_from: 5
      points: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d},
               {value: 5, label: e}, {value: 6, label: f}, {value: 7, label: g}]
    subscales:
      - {id: safety, name: Safety, min_answered: 5}
    items:
      - {id: p1, subscale: safety, text: One., reverse: true}
      - {id: p2, subscale: safety, text: Two.}
      - {id: p3, subscale: safety, text: Three., reverse: true}
      - {id: p4, subscale: safety, text: Four.}
      - {id: p5, subscale: safety, text: Five., reverse: true}
      - {id: p6, subscale: safety, text: Six.}
      - {id: p7, subscale: safety, text: Seven.}
    scoring:
      method: mean
    """
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_instrument_loads(path):
    instrument = load_instrument(path)
    assert instrument.items and instrument.citation and instrument.licence


def test_the_relational_climate_check_scores_reverse_items_and_missing_answers():
    instrument = load_instrument(Path(settings.CONTENT_DIR) / "instruments" / "relational-climate.yaml")
    answers = {"safety_1": 5, "safety_2": 4, "safety_3": 2, "trust_1": 4, "trust_2": None, "trust_3": None}
    scores = instrument.score(answers)
    assert scores["safety"] == pytest.approx((5 + 4 + 4) / 3)  # "keep quiet" 2 reverses to 4
    assert scores["trust"] is None  # one answer, two needed
    assert scores["dialogue"] is None


def test_the_wellbeing_check_transforms_to_0_to_100():
    instrument = load_instrument(Path(settings.CONTENT_DIR) / "instruments" / "wellbeing-check.yaml")
    assert instrument.score({"coping": 5, "energy": 5, "rest": 5, "connected": 5, "worn_out": 1}) == {"wellbeing": 100}
    assert instrument.score({"coping": 3, "energy": 2, "rest": 4, "connected": 3, "worn_out": None}) == {
        "wellbeing": 50
    }
    assert instrument.score({"coping": 3, "energy": 2, "rest": None, "connected": None}) == {"wellbeing": None}


def test_a_cbi_shaped_instrument_scores_points_and_reverse_items():
    instrument = parse_instrument(CBI_SHAPED, "cbi.yaml")
    # Always (100), Often (75), Sometimes (50), and the reverse item answered Never: 0 reversed is 100.
    assert instrument.score({"w1": 1, "w2": 2, "w3": 3, "w4": 5}) == {"work": pytest.approx(81.25)}
    assert instrument.score({"w1": 1, "w2": 2, "w3": None, "w4": None}) == {"work": None}


def test_a_seven_point_scale_with_three_reverse_items():
    instrument = parse_instrument(SEVEN_POINT, "seven.yaml")
    answers = {"p1": 1, "p2": 7, "p3": 2, "p4": 6, "p5": 3, "p6": 5, "p7": None}
    # Reverse items: 1 -> 7, 2 -> 6, 3 -> 5. Mean of 7, 7, 6, 6, 5, 5 = 6.
    assert instrument.score(answers) == {"safety": 6}


def test_a_sum_with_a_missing_item_is_prorated():
    text = SEVEN_POINT.replace("method: mean", "method: sum")
    instrument = parse_instrument(text, "sum.yaml")
    answers = {"p1": 1, "p2": 7, "p3": 2, "p4": 6, "p5": 3, "p6": 5, "p7": None}
    assert instrument.score(answers) == {"safety": 42}  # mean 6 x 7 items


def test_broken_instruments_name_file_line_and_field():
    with pytest.raises(ContentInvalid) as caught:
        parse_instrument(
            CBI_SHAPED.replace("subscale: work, text: Item two.", "subscale: wrok, text: Item two."), "b.yaml"
        )
    assert "names a subscale 'wrok' that is not listed" in str(caught.value)
    with pytest.raises(ContentInvalid) as caught:
        parse_instrument(CBI_SHAPED.replace("min_answered: 3", "min_answered: 9"), "b.yaml")
    assert "asks for 9 answered items but has 4" in str(caught.value)
    with pytest.raises(ContentInvalid) as caught:
        parse_instrument(CBI_SHAPED.replace("method: mean", "method: median"), "b.yaml")
    assert str(caught.value).startswith("b.yaml:23: scoring.method: Input should be 'mean' or 'sum'")


def test_reading_responses_reports_every_bad_row_with_its_number():
    instrument = parse_instrument(CBI_SHAPED, "cbi.yaml")
    rows = [
        {"respondent": "a", "w1": "1", "w2": "2", "w3": "3", "w4": "5"},
        {"respondent": "b", "w1": "9", "w2": "x", "w3": "", "w4": ""},
        {"respondent": "c", "w1": "", "w2": "", "w3": "", "w4": ""},
    ]
    answers, errors = read_responses(instrument, rows)
    assert [str(e) for e in errors] == [
        "row 3: w1 is 9, outside the scale (1 to 5)",
        "row 3: w2 is 'x', not a number",
        "row 4: the row has no answers",
    ]
    assert answers[0]["answers"] == {"w1": 1, "w2": 2, "w3": 3, "w4": 5}


@pytest.mark.parametrize("text", [CBI_SHAPED, SEVEN_POINT])
def test_scoring_many_at_once_matches_scoring_one_by_one(text):
    import random

    instrument = parse_instrument(text, "test.yaml")
    values = [p.value for p in instrument.scale.points]
    rng = random.Random(7)
    people = [
        {i.id: rng.choice([*values, None, None]) for i in instrument.items} | {"off_scale": 99} for _ in range(200)
    ]
    people.append({instrument.items[0].id: 99})  # off the scale counts as missing
    matrix = instrument.score_matrix(instrument.item_matrix(instrument.answer_matrix(people)))
    for row, answers in zip(matrix, people, strict=True):
        one = instrument.score(answers)
        for column, subscale in enumerate(instrument.subscales):
            expected = one[subscale.id]
            assert (row[column] != row[column]) if expected is None else row[column] == pytest.approx(expected)
