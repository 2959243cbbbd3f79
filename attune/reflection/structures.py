"""The shapes a journal entry can take, each part with guidance for the author.

Gibbs (1988), Driscoll (2007) and the NMC revalidation reflective account are cited by name; the
guidance is written fresh for Attune.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    guidance: str


STRUCTURES: dict[str, tuple[str, tuple[Part, ...]]] = {
    "gibbs": (
        "Gibbs' reflective cycle",
        (
            Part(
                "description",
                "Description",
                "What happened? Keep to the facts, and leave out anything that identifies anyone.",
            ),
            Part("feelings", "Feelings", "What were you thinking and feeling at the time, and afterwards?"),
            Part("evaluation", "Evaluation", "What went well, and what did not?"),
            Part(
                "analysis",
                "Analysis",
                "Why do you think it went that way? What ideas or experience help make sense of it?",
            ),
            Part("conclusion", "Conclusion", "What else could you have done? What have you learned?"),
            Part("action_plan", "Action plan", "If it happened again, what would you do? What will you try next?"),
        ),
    ),
    "driscoll": (
        "What? So what? Now what? (Driscoll)",
        (
            Part("what", "What?", "Describe what happened, and your part in it."),
            Part("so_what", "So what?", "What does it mean? What did you notice in yourself and in others?"),
            Part("now_what", "Now what?", "What will you do differently, and what support would help?"),
        ),
    ),
    "nmc": (
        "NMC revalidation reflective account",
        (
            Part(
                "event",
                "What was the nature of the CPD activity, feedback or event?",
                "Briefly, what it was and when, with nothing that identifies a person.",
            ),
            Part("learning", "What did you learn from it?", "What you took from it, in your own words."),
            Part(
                "change",
                "How did you change or improve your practice as a result?",
                "What you now do differently, or will.",
            ),
            Part(
                "code",
                "How is this relevant to the Code?",
                "Which of the Code's four themes it relates to: prioritise people, practise effectively, preserve safety, promote professionalism and trust.",
            ),
        ),
    ),
    "free": (
        "Free writing",
        (Part("text", "Your reflection", "Write in whatever way helps you think."),),
    ),
}
NMC_THEMES = {
    "prioritise_people": "Prioritise people",
    "practise_effectively": "Practise effectively",
    "preserve_safety": "Preserve safety",
    "promote_professionalism": "Promote professionalism and trust",
}


def parts_of(structure: str) -> tuple[Part, ...]:
    return STRUCTURES[structure][1]


def label_of(structure: str) -> str:
    return STRUCTURES[structure][0]
