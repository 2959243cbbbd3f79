"""The skill coder's public interface: code learner turns, with scores, spans and an explanation."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import numpy as np

from attune.skills.model import METADATA, TURN_TOKENS, WEIGHTS, EncoderCoder
from attune.skills.rules import PARDON, find_jargon, only_acknowledges, rule_hits
from attune.skills.taxonomy import ACTS, FLAGS

MAX_CHARS = 2000
SHORTENED_NOTE = (
    f"The act was judged from the first {TURN_TOKENS} word pieces (about {TURN_TOKENS * 3 // 4} words); "
    "the phrase rules and the jargon list read the whole turn."
)
CHUNK = 256
# Rule flags whose rules are precise enough to decide alone: the model cannot know the lexicon.
RULE_ONLY = {"jargon"}
RULE_SCORE = 0.9
OTHER = ACTS.index("other")
COMMON_ENGLISH = frozenset(
    "the a an and or but to of in on at for with is are was were be been it this that you your i we me my "
    "do does did not no yes what how why when where who can could would will should have has had so if "
    "there they them he she his her our us about just really okay ok sorry".split()
)

EXPLANATIONS = {
    "open_question": "An open question: it invites them to answer in their own words.",
    "closed_question": "A closed question: it asks for a short answer, such as yes, no or one fact.",
    "simple_reflection": "A simple reflection: you said back what they told you, so they know you heard it.",
    "complex_reflection": "A complex reflection: you said back what they meant, adding the feeling beneath it.",
    "empathy": "An empathic statement: you named, understood, respected or supported what they feel.",
    "information": "Giving information: you told them something they need to know.",
    "advice": "Advice: you suggested what they should do.",
    "other": "This turn keeps the conversation going without asking, reflecting or informing.",
}
# The most useful thing to say about a flag, in order of priority: things to try first.
FLAG_EXPLANATIONS = {
    "blocking": "it moved away from what they were feeling; try staying with it a moment longer.",
    "premature_reassurance": "it reassured before you had heard their worry; try naming the worry first.",
    "minimising": "it made their experience sound smaller; try acknowledging how big it is for them.",
    "blame": "it sounds like blame, which makes people defensive; try describing what happened instead.",
    "jargon": "it used words they may not know ({terms}); try plain words.",
    "warning_shot": "you prepared them before the news.",
    "asks_permission": "you asked permission first, which keeps them in control.",
    "checks_understanding": "you checked what they understand.",
    "explores_feelings": "you asked about their feelings.",
    "summary": "you drew together what they have said.",
    "affirmation": "you recognised their strengths or efforts.",
    "apology": "you said sorry.",
}


def _looks_like_english(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 3:
        return True
    ascii_share = sum(w.isascii() for w in words) / len(words)
    common_share = sum(w in COMMON_ENGLISH for w in words) / len(words)
    return ascii_share > 0.8 and common_share >= 0.12


class SkillCoder:
    """Codes learner turns. Loading the model happens once, on first use."""

    def __init__(self, weights: Path = WEIGHTS, metadata: Path = METADATA):
        self.weights = weights
        self.metadata = metadata

    @cached_property
    def model(self) -> EncoderCoder:
        return EncoderCoder(self.weights, self.metadata)

    def load(self) -> SkillCoder:
        self.model.load()
        return self

    def code(self, text: str, prev: str = "") -> dict:
        return self.code_many([(text, prev)])[0]

    def code_many(self, turns: list[tuple[str, str]]) -> list[dict]:
        """Code many turns; the output is in the same order as the input.

        Turns are prepared CHUNK at a time, so memory stays flat however many are given.
        """
        results = []
        for start in range(0, len(turns), CHUNK):
            results.extend(self._code_chunk(turns[start : start + CHUNK]))
        return results

    def _code_chunk(self, turns: list[tuple[str, str]]) -> list[dict]:
        prepared, notes = [], []
        for text, prev in turns:
            turn_notes = []
            if len(text) > MAX_CHARS:
                text = text[:MAX_CHARS]
                turn_notes.append(f"Only the first {MAX_CHARS} characters were coded.")
            prev = (prev or "")[:MAX_CHARS]
            prepared.append((text, prev))
            notes.append(turn_notes)
        results: list[dict | None] = [None] * len(prepared)
        to_model = [i for i, (text, _) in enumerate(prepared) if text.strip()]
        for i, (text, _) in enumerate(prepared):
            if not text.strip():
                results[i] = self._empty(notes[i])
        if to_model:
            texts = [prepared[i][0] for i in to_model]
            prevs = [prepared[i][1] for i in to_model]
            # The phrase rules run once per turn: their hits feed the network and decide flags.
            hits = [rule_hits(text) for text in texts]
            scores = self.model.predict(texts, prevs, hits)
            for row, i in enumerate(to_model):
                if scores.shortened[row]:
                    notes[i].append(SHORTENED_NOTE)
                results[i] = self._result(
                    texts[row],
                    prevs[row],
                    hits[row],
                    scores.acts[row],
                    scores.flags[row],
                    float(scores.cue[row]),
                    float(scores.space[row]),
                    notes[i],
                )
        return results  # type: ignore[return-value]

    def _empty(self, notes: list[str]) -> dict:
        scores = {act: (1.0 if act == "other" else 0.0) for act in ACTS}
        return {
            "act": "other",
            "act_scores": scores,
            "flags": [],
            "flag_scores": {flag: 0.0 for flag in FLAGS},
            "cue": False,
            "space": None,
            "space_score": 0.0,
            "explanation": "Nothing was said in this turn.",
            "notes": [*notes, "The text was empty, so it is coded as other."],
        }

    def _result(self, text, prev, hits, act_probs, flag_probs, cue_prob, provides_prob, notes) -> dict:
        act_probs = np.asarray(act_probs, dtype=np.float64)
        if not _looks_like_english(text):
            # Keep the model's ranking but make the uncertainty plain in the scores.
            act_probs = 0.4 * act_probs + 0.6 / len(ACTS)
            notes = [*notes, "This does not look like English, so the coding is uncertain."]
        if only_acknowledges(text, prev):
            # The rule is surer than the network here; the network's ranking stays in the tail.
            act_probs = 0.1 * act_probs
            act_probs[OTHER] += 0.9
        act = ACTS[int(np.argmax(act_probs))]
        flag_scores, present = {}, []
        for index, flag in enumerate(FLAGS):
            score, is_present = _flag_decision(
                flag, float(flag_probs[index]), float(self.model.flag_threshold[index]), hits, text
            )
            flag_scores[flag] = round(score, 4)
            if is_present:
                entry = {
                    "flag": flag,
                    "score": round(score, 4),
                    "spans": [[h.start, h.end] for h in hits.get(flag, [])],
                }
                if flag == "jargon":
                    entry["alternatives"] = [
                        {"span": [hit.start, hit.end], "term": text[hit.start : hit.end], "plain": term.plain}
                        for hit, term in find_jargon(text)
                    ]
                present.append(entry)
        has_cue = bool(prev.strip()) and cue_prob >= 0.5
        space = None
        if has_cue:
            space = {
                "judgement": "provides" if provides_prob >= 0.5 else "reduces",
                "provides": round(provides_prob, 4),
            }
        return {
            "act": act,
            "act_scores": {a: round(float(p), 4) for a, p in zip(ACTS, act_probs, strict=True)},
            "flags": present,
            "flag_scores": flag_scores,
            "cue": has_cue,
            "cue_score": round(cue_prob, 4) if prev.strip() else 0.0,
            # How likely the turn gives space, judged as if the previous line carried a cue.
            "space_score": round(provides_prob, 4),
            "space": space,
            "explanation": explain(act, present, text, space),
            "notes": notes,
        }


def _flag_decision(flag: str, model_score: float, threshold: float, hits: dict, text: str) -> tuple[float, bool]:
    """A flag's score and whether it is present: rules decide where they are precise, the model elsewhere."""
    if flag in hits:
        return (RULE_SCORE if flag in RULE_ONLY else max(RULE_SCORE, model_score)), True
    if flag in RULE_ONLY or (flag == "apology" and PARDON.search(text)):
        return 0.0, False
    return model_score, model_score >= threshold


def explain(act: str, flags: list[dict], text: str, space: dict | None = None) -> str:
    """One plain-English sentence for the learner."""
    base = EXPLANATIONS[act]
    present = {f["flag"]: f for f in flags}
    for flag, message in FLAG_EXPLANATIONS.items():
        if flag in present:
            if flag == "jargon":
                terms = ", ".join(sorted({a["term"] for a in present[flag].get("alternatives", [])})) or "jargon"
                message = message.format(terms=terms)
            return f"{base.rstrip('.')}, and {message}"
    if space and space["judgement"] == "reduces":
        return f"{base.rstrip('.')}, but they had just shown a feeling; try making space for it first."
    return base
