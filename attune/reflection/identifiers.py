"""Spotting text that may identify someone, so an author can anonymise before saving.

Framework-free. It looks for NHS numbers (ten digits whose last is a valid modulus 11 check digit),
dates of birth, UK phone numbers, UK postcodes and full names, and says what it found and how to
anonymise it. It errs towards asking: the author decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]* \d{4})"
DATE_OF_BIRTH = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*:?\s*({DATE})|\b({DATE})\b", re.IGNORECASE
)
PHONE = re.compile(
    r"(?<![\d+])(?:\+44\s?7\d{3}|07\d{3}|\+44\s?\(?0?\)?\s?[1-3]\d{2,3}|0[1-3]\d{2,3})[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)"
)
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? [A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?")
FULL_NAME = re.compile(r"\b([A-Z][a-z'-]{1,20}) ([A-Z][a-z'-]{1,20}(?:-[A-Z][a-z'-]+)?)\b")

# Capitalised pairs that are not people's names: places, services and words that start sentences.
NOT_NAMES = frozenset(
    """
    nhs trust hospital ward unit team service services council court centre center clinic england
    scotland wales ireland london monday tuesday wednesday thursday friday saturday sunday january
    february march april june july august september october november december the this that when
    what where why how then after before during today yesterday i we they she he it my our their
    social work care neonatal maternity intensive emergency department a and but so if as at in on
    gibbs driscoll nmc code schwartz balint spikes nurse sbar duty candour freedom speak up
    """.split()
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    advice: str


ADVICE = {
    "nhs_number": "Remove the NHS number: a reflection never needs it.",
    "date_of_birth": "Leave out the date; an age band (for example 'a baby born at 28 weeks') is enough.",
    "phone": "Remove the phone number.",
    "postcode": "Remove the postcode; describe the setting instead ('a rural area').",
    "name": "Use a role or an initial instead of a name ('the mother', 'a colleague', 'Mrs A').",
}


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check: weights 10 down to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find(text: str) -> list[Finding]:
    found: list[Finding] = []

    def add(kind, match, group=0):
        start, end = match.span(group)
        if not any(f.start < end and start < f.end for f in found):
            found.append(Finding(kind, text[start:end], start, end, ADVICE[kind]))

    for match in NHS_NUMBER.finditer(text):
        if nhs_number_valid("".join(match.groups())):
            add("nhs_number", match)
    for match in PHONE.finditer(text):
        add("phone", match)
    for match in DATE_OF_BIRTH.finditer(text):
        add("date_of_birth", match, 1 if match.group(1) else 2)
    for match in POSTCODE.finditer(text):
        if match.group(0).isupper() or " " in match.group(0):
            add("postcode", match)
    for match in TITLE_NAME.finditer(text):
        add("name", match)
    for match in FULL_NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        if first.lower() in NOT_NAMES or last.lower() in NOT_NAMES:
            continue
        add("name", match)
    return sorted(found, key=lambda f: f.start)
