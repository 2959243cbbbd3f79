"""Spotting identifiers before a reflection is saved."""

import pytest

from attune.reflection.identifiers import find, nhs_number_valid


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9990001235"])
def test_valid_nhs_numbers_pass_the_check_digit(number):
    assert nhs_number_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "0000000000", "12345"])
def test_invalid_nhs_numbers_fail_it(number):
    assert not nhs_number_valid(number)


def kinds(text):
    return [(f.kind, f.text) for f in find(text)]


def test_it_finds_an_nhs_number_only_when_the_check_digit_passes():
    assert kinds("His NHS number is 943 476 5919.") == [("nhs_number", "943 476 5919")]
    assert kinds("Reference 943 476 5918 from the audit.") == []


def test_it_finds_dates_of_birth_phones_and_postcodes():
    text = "DOB 12/03/2019, mum's mobile 07700 900123, they live near LS1 4AP."
    assert kinds(text) == [
        ("date_of_birth", "12/03/2019"),
        ("phone", "07700 900123"),
        ("postcode", "LS1 4AP"),
    ]


def test_it_finds_full_names_but_not_places_or_services():
    found = kinds("I spoke with Sarah Jones and Dr Patel on the Neonatal Unit at Leeds Hospital.")
    assert ("name", "Sarah Jones") in found
    assert ("name", "Dr Patel") in found
    assert all(text not in {"Neonatal Unit", "Leeds Hospital"} for _, text in found)


def test_an_anonymised_reflection_raises_nothing():
    text = (
        "On a night shift I cared for a baby born at 28 weeks. The mother was frightened and I noticed I "
        "rushed my explanation. Next time I will ask what she already knows first."
    )
    assert find(text) == []


def test_every_finding_says_how_to_anonymise():
    (finding,) = find("Mrs Okafor asked again.")
    assert finding.kind == "name" and "initial" in finding.advice
