import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

INSTRUMENT = settings.CONTENT_DIR / "instruments" / "wellbeing-check.yaml"


def test_it_prints_each_respondents_scores(tmp_path):
    responses = tmp_path / "paper.csv"
    responses.write_text("respondent,coping,energy,rest,connected,worn_out\nA,5,5,5,5,1\nB,3,2,4,3,\nC,3,2,,,\n")
    out = io.StringIO()
    call_command("score_instrument", str(INSTRUMENT), str(responses), stdout=out)
    assert out.getvalue().splitlines() == ["respondent,wellbeing", "A,100.00", "B,50.00", "C,"]


def test_bad_rows_are_listed_with_their_numbers_and_nothing_is_scored(tmp_path):
    responses = tmp_path / "paper.csv"
    responses.write_text("respondent,coping,energy,rest,connected,worn_out\nA,5,5,5,5,1\nB,6,2,4,3,\nC,,,,,\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score_instrument", str(INSTRUMENT), str(responses), stdout=out)
    assert "row 3: coping is 6, outside the scale (1 to 5)" in str(caught.value)
    assert "row 4: the row has no answers" in str(caught.value)
    assert out.getvalue() == ""


def test_a_file_that_is_not_text_is_refused(tmp_path):
    responses = tmp_path / "photo.csv"
    responses.write_bytes(b"\xff\xd8\xff\xe0binary")
    with pytest.raises(CommandError, match="cannot be read as a CSV file"):
        call_command("score_instrument", str(INSTRUMENT), str(responses))
