"""Surface features of a learner turn that a sentence encoder blurs: a question mark, the first word,
how much of the previous line the turn repeats, which phrase rules fired. The coder's heads read them
beside the encoder's pooled output."""

from __future__ import annotations

import math
import re

from attune.skills.rules import PHRASES, rule_hits

WORD = re.compile(r"[a-z']+")
WH_START = re.compile(
    r"^\W*(?:so,?\s+|and\s+|okay,?\s+|ok,?\s+|right,?\s+)?(?:what|how|why|where|when|who|which|tell me|describe|talk me|say more|can you (?:tell|say|describe|talk))\b",
    re.I,
)
AUX_START = re.compile(
    r"^\W*(?:so,?\s+|and\s+|okay,?\s+|ok,?\s+|right,?\s+)?(?:is|are|was|were|do|does|did|can|could|would|will|have|has|had|should|shall|may|might|any|anything|anyone)\b",
    re.I,
)
REFLECT_START = re.compile(
    r"^\W*(?:so\b|it sounds|sounds like|it seems|you(?:'re| are| feel| felt| sound| seem| want| wanted| don't| didn't| haven't| have| were| was)|part of you|on the one hand|what i'm hearing|i'm hearing|i hear)",
    re.I,
)
EMPATHY_CUE = re.compile(
    r"\b(?:i can (?:see|hear|imagine|only imagine)|i understand|anyone would|it makes sense|no wonder|of course you|understandable|that must be|must have been|we(?:'ll| will) (?:be here|support|help)|we're not going anywhere|i'm here|you're not alone|thank you for (?:telling|sharing))\b",
    re.I,
)
ADVICE_CUE = re.compile(
    r"\b(?:you should|you need to|you must|you've got to|i'd (?:suggest|recommend|encourage)|i would (?:suggest|recommend|encourage)|try to|it might help|it would help|make sure|don't forget|why don't you|have you thought about|you could|it's best to|some (?:people|parents|families|mums|patients) find)\b",
    re.I,
)
INFO_CUE = re.compile(
    r"\b(?:the (?:scan|test|results?|plan|team|doctor|consultant|court|meeting)|will (?:be|come|happen)|we(?:'re| are) going to|is going to|at (?:\d|ten|nine|eight|two|three|four)|o'clock|tomorrow|this morning|last night|showed|means that)\b",
    re.I,
)
EMOTION_WORDS = re.compile(
    r"\b(?:scared|frightened|terrified|afraid|worried|worry|anxious|angry|furious|upset|sad|devastated|guilty|guilt|ashamed|shame|alone|lonely|overwhelmed|exhausted|hopeless|helpless|fault|blame|cry|crying|panic|hurt|grief|grieving|lost|awful|horrible|sick of|fed up|can't cope|struggling|hate|frustrated|frustrating|confused)\b",
    re.I,
)
# A one-token acknowledgement, as the network was trained to see it; `rules.only_acknowledges` is the
# fuller list that decides the act.
BACKCHANNEL = re.compile(r"^\W*(?:mm+(?:-?hmm)?|uh-?huh|okay|ok|right|yeah|yes|sure|i see|ah|oh)\W*$", re.I)

RULE_FLAGS = ["jargon", *PHRASES]


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def hand_features(text: str, prev: str, hits: dict | None = None) -> list[float]:
    """The features of one turn; `hits` are its rule hits when the caller has them already."""
    stripped = text.strip()
    words, prev_words = _words(text), _words(prev)
    overlap = len(set(words) & set(prev_words)) / max(len(set(words)), 1)
    sentences = max(len(re.findall(r"[.!?]+(?:\s|$)", stripped)), 1)
    last_sentence = re.split(r"(?<=[.!?])\s+", stripped)[-1] if stripped else ""
    hits = rule_hits(text) if hits is None else hits
    return [
        float(stripped.endswith("?")),
        float("?" in stripped),
        float(last_sentence.endswith("?")),
        float(bool(WH_START.search(last_sentence))),
        float(bool(AUX_START.search(last_sentence))),
        float(bool(WH_START.search(stripped))),
        float(bool(AUX_START.search(stripped))),
        float(bool(REFLECT_START.search(stripped))),
        float(bool(EMPATHY_CUE.search(stripped))),
        float(bool(ADVICE_CUE.search(stripped))),
        float(bool(INFO_CUE.search(stripped))),
        float(bool(BACKCHANNEL.match(stripped))),
        math.log1p(len(stripped)) / 6,
        math.log1p(len(words)) / 4,
        min(sentences, 6) / 6,
        words.count("you") / max(len(words), 1) * 5,
        (words.count("i") + words.count("i'm") + words.count("we")) / max(len(words), 1) * 5,
        overlap,
        float(not prev.strip()),
        float("?" in prev),
        min(len(EMOTION_WORDS.findall(prev)), 3) / 3,
        min(len(EMOTION_WORDS.findall(text)), 3) / 3,
        float(stripped[:1].islower()) if stripped else 0.0,
        float(
            bool(
                re.search(
                    r"\b(?:so far|let me (?:check|see if)|to sum|three things|two things|you've told me)\b",
                    stripped,
                    re.I,
                )
            )
        ),
        *[float(flag in hits) for flag in RULE_FLAGS],
    ]
