"""Rule-based flags: where a lexicon or a phrase list is more precise than a model.

Each rule returns the character spans of the text that triggered it, so the learner can see exactly
which words were meant. The model adds its own score for every flag; the coder combines the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON = Path(__file__).parent / "lexicon" / "jargon.yaml"


@dataclass(frozen=True)
class JargonTerm:
    term: str
    plain: str
    area: str


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    note: str = ""


class LexiconError(ValueError):
    pass


def load_lexicon(path: Path = LEXICON) -> list[tuple[re.Pattern, JargonTerm]]:
    """Compile the jargon lexicon; raise LexiconError naming the entry for any malformed one."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: expected a list of terms")
    compiled = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not {"term", "plain", "area"} <= entry.keys():
            raise LexiconError(f"{path}: entry {number} needs term, plain and area")
        spellings = [entry["term"], *entry.get("match", [])]
        flags = 0 if entry.get("case") == "exact" else re.IGNORECASE
        alternatives = "|".join(
            re.escape(s).replace(r"\ ", r"[\s-]+") for s in sorted(spellings, key=len, reverse=True)
        )
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)
        compiled.append((pattern, JargonTerm(entry["term"], entry["plain"], entry["area"])))
    return compiled


@lru_cache(maxsize=1)
def _lexicon() -> list[tuple[re.Pattern, JargonTerm]]:
    return load_lexicon()


@lru_cache(maxsize=4096)
def find_jargon(text: str) -> tuple[tuple[Hit, JargonTerm], ...]:
    """Jargon terms in the text, in order, each with its span. Cached; the result is immutable."""
    found: list[tuple[Hit, JargonTerm]] = []
    taken: list[tuple[int, int]] = []
    for pattern, term in _lexicon():
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            found.append((Hit(span[0], span[1], f'"{match.group(0)}": try "{term.plain}"'), term))
    return tuple(sorted(found, key=lambda item: item[0].start))


# "Sorry?" meaning "pardon?" is not an apology, whatever the model thinks.
PARDON = re.compile(
    r"^\W*sorry\s*\?|\bsorry,? (?:what|say (?:that|it) again|could you repeat|i didn'?t (?:catch|hear))", re.I
)

# A turn made only of acknowledgements ("Mm-hmm.", "Okay, yeah.", "I see.") is back-channel, which the
# taxonomy codes as other whatever the previous line said. The network, reading a long previous line,
# can take a bare "Okay." for a reflection of it. (`features.BACKCHANNEL`, one token only, is an input
# the network was trained with; it stays as trained until the next retraining can share this list.)
BACKCHANNEL = re.compile(
    r"^(?:\W*\b(?:ok(?:ay)?|yeah|yes|yep|yup|right|all ?right|sure|m+|m+-?hm+|uh-huh|hm+|uh|um|er|erm|ah|oh"
    r"|i see|got it)\b)+\W*$",
    re.IGNORECASE,
)


def only_acknowledges(text: str, prev: str = "") -> bool:
    """Whether the turn is nothing but back-channel. After a question, "Yes." or "Right." is an answer."""
    return len(text) <= 80 and not prev.rstrip().endswith("?") and BACKCHANNEL.match(text) is not None


def _phrases(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


PHRASES: dict[str, re.Pattern] = {
    "apology": _phrases(
        r"\b(?:i'?m|i am|we'?re|we are)\s+(?:so\s+|really\s+|very\s+|truly\s+|terribly\s+)*sorry\b",
        r"\bi\s+(?:do\s+)?apologi[sz]e\b",
        r"\bmy apologies\b",
        r"\bwe apologi[sz]e\b",
        r"^\s*sorry\b(?!\s*\?)(?=[\s,.!]|$)",
        r"\bsorry (?:about|for|that)\b",
    ),
    "warning_shot": _phrases(
        r"\b(?:i'?m\s+)?afraid (?:i|we) (?:have|'ve got|need to (?:tell|share)|'ve) (?:some )?(?:bad|difficult|hard|sad|worrying)",
        r"\bi(?:'ve| have)? (?:got )?(?:some )?(?:bad|difficult|hard|sad|worrying|serious) news\b",
        r"\bi wish i had (?:better|different|good) news\b",
        r"\bthis (?:is|will be|may be|might be) (?:hard|difficult|not easy) (?:to hear|news)\b",
        r"\bnot the news (?:you|we) (?:were|was) (?:hoping|wanting)\b",
        r"\b(?:things|results?|scan|tests?) (?:are|is|were|was)n'?t? (?:as|what) (?:we|you) (?:hoped|wanted)\b",
        r"\bi(?:'m| am) (?:really )?(?:worried|concerned) (?:about|that) what (?:i|we) (?:found|saw|need to tell)",
    ),
    "asks_permission": _phrases(
        # Permission to tell, share or talk something through; "is it okay if I sit down?" asks for none.
        r"\b(?:is it|would it be|will it be) (?:ok|okay|alright|all right) (?:if|to|for me to)\s+"
        r"(?:(?:i|we|if|er|um|uh)\b[\s,]*)*"
        r"(?:tell|told|share|shared|explain|explained|show|showed|(?:go|went|run|ran) (?:through|over)|"
        r"talk(?:ed)?(?! in\b)|say|said|suggest|suggested|offer|offered|give you|gave you|mention|mentioned|raise|"
        r"raised|read)\b",
        r"\b(?:can|could|may|might) i (?:share|tell you|suggest|explain|offer|give you|talk (?:to|with) you about|ask you about|raise|go through)\b",
        r"\bwould you like (?:me to (?:explain|tell|go through|talk|say|share|show)|to hear|to know|some information|"
        r"more information)\b",
        r"\bhow much (?:detail|information) would you like\b",
        r"\bdo you want (?:me to (?:explain|tell|go through)|to hear|to know)\b",
        r"\bare you (?:ok|okay|happy) (?:if|for me to|with me)\b",
        r"\bwould you be (?:ok|okay|happy) (?:if|for me to|with me)\b",
    ),
    "checks_understanding": _phrases(
        r"\bwhat(?:'s| is) your understanding\b",
        r"\bwhat do you (?:understand|know) (?:about|so far|already)\b",
        r"\bwhat have you (?:been told|heard|understood)\b",
        r"\b(?:does|did) (?:that|this|it all) make sense\b",
        r"\bso (?:that )?i know (?:i(?:'ve)? explained|i've been clear)\b",
        r"\bwhat will you tell\b",
        r"\bcan you (?:tell|say|explain) (?:it )?(?:back )?(?:to me )?in your own words\b",
        r"\bin your own words\b",
        r"\bwhat(?:'s| is| has) been (?:explained|said) to you\b",
        r"\bwhat did you take from\b",
    ),
    "premature_reassurance": _phrases(
        r"\bdon'?t (?:you )?worry\b",
        r"\b(?:everything|it|she|he|they|all)(?:'s| is| will be|'ll be) (?:going to be )?(?:absolutely |totally |completely |just )?(?:fine|ok|okay|alright|all right)\b(?! to\b)",
        r"\bi'?m sure (?:it'?s|it is|it will|she'?ll|he'?ll|everything|there'?s nothing)\b",
        r"\bnothing to worry about\b",
        r"\b(?:she|he)'?s a (?:little )?fighter\b",
        r"\b(?:no need|there'?s no need) to (?:worry|be (?:scared|worried|upset))\b",
        r"\btry not to worry\b",
    ),
    "minimising": _phrases(
        r"\b(?:it'?s|it is|that'?s|that is) (?:only|just) (?:a|an|one)\b",
        r"\b(?:is|was|it'?s|that'?s)\s+(?:only|just)\s+(?:a\s+)?(?:small|little|tiny|minor|mild)\b",
        r"\b(?:only|just) a (?:small|little|tiny|minor) (?:one|bleed|tear|problem|thing|issue)\b",
        r"(?<!\bor )\bat least\b",
        r"\b(?:could|might) have been (?:much |a lot |so much )?worse\b",
        r"\b(?:it'?s|that'?s|it is) (?:not|nothing) (?:that )?(?:serious|bad|a big deal|a big thing)\b",
        r"\b(?:no|not a) big deal\b",
        # "It's nothing you did" absolves; it does not make the experience smaller.
        r"\b(?:it'?s|that'?s|it is|that is) nothing\b(?! to (?:worry|be)| you (?:did|could))",
        r"\beveryone (?:feels|goes through|gets) (?:like )?th(?:at|is)\b",
        r"\byou'?re (?:overreacting|over-reacting|being dramatic)\b",
        r"\b(?:had|has had|'s had) a (?:good|long|full) (?:innings|life|run)\b",
    ),
    "blame": _phrases(
        r"\bif you(?:'d| had) (?:only |just )?(?:come|listened|told|called|brought|done|stopped)\b",
        # "You should have been told" owns a failure towards the person; it does not blame them.
        r"\byou should have\b(?! been (?:told|shown|given|contacted|informed|offered|asked|kept|included|involved|"
        r"called|warned|supported|updated|invited|listened|seen|heard|helped|believed))",
        r"\b(?:it'?s|that'?s|this is|was) your (?:own )?fault\b",
        r"\bwhose fault\b",
        r"\b(?:didn'?t|did not) do (?:their|his|her|your) job\b",
        r"\byou (?:didn'?t|did not|never) (?:listen|bother|follow)\b",
    ),
}


# For a flag, words just before a phrase that undo it. "I can't promise he'll be all right" is an honest
# limit, not reassurance: the words before "he'll be all right" make it a hope rather than a promise.
HEDGED = re.compile(
    r"\b(?:can'?t|cannot|can not|couldn'?t|won'?t) (?:promise|say|tell you|be sure)|\b(?:don'?t|do not) know (?:if|whether)"
    r"|\bnot (?:sure|certain) (?:if|whether|that)?|\bno one can (?:say|promise)|\bi wish i could (?:say|tell you)"
    r"|\bi hope\b|\bwe hope\b",
    re.IGNORECASE,
)
# "Thinking you should have seen it" and "not saying it's your fault" give back or deny someone's blame;
# they do not lay it.
VOICED = re.compile(
    r"\b(?:thinks?|thinking|thought|wonder(?:s|ing)?|feels?|feeling|felt|believes?|worry|worried|moment|"
    r"sounds? like|not|no one|nobody)\b[^.!?]*$",
    re.IGNORECASE,
)
NOT_AFTER: dict[str, re.Pattern] = {"premature_reassurance": HEDGED, "blame": VOICED}


@lru_cache(maxsize=4096)
def rule_hits(text: str) -> dict[str, list[Hit]]:
    """Every rule-based flag found in the text, with its spans (jargon spans carry a plain alternative).

    Cached, because the features and the result both ask; callers must not change what it returns.
    """
    hits: dict[str, list[Hit]] = {}
    jargon = find_jargon(text)
    if jargon:
        hits["jargon"] = [hit for hit, _ in jargon]
    for flag, pattern in PHRASES.items():
        found = [Hit(*m.span()) for m in pattern.finditer(text)]
        unless = NOT_AFTER.get(flag)
        if unless is not None:
            found = [hit for hit in found if not unless.search(text[max(0, hit.start - 40) : hit.start])]
        if found:
            hits[flag] = found
    return hits
