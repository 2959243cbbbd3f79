"""The codes, as defined in docs/skills.md."""

ACTS = (
    "open_question",
    "closed_question",
    "simple_reflection",
    "complex_reflection",
    "empathy",
    "information",
    "advice",
    "other",
)
FLAGS = (
    "warning_shot",
    "asks_permission",
    "checks_understanding",
    "summary",
    "affirmation",
    "apology",
    "explores_feelings",
    "jargon",
    "premature_reassurance",
    "minimising",
    "blocking",
    "blame",
)
SETTINGS = (
    "neonatal",
    "maternity",
    "perinatal_mental_health",
    "paediatrics",
    "serious_illness",
    "social_work",
    "colleagues",
    "health_behaviour",
)
VOICES = ("nurse", "midwife", "doctor", "social_worker", "student", "therapist")
REGISTERS = ("plain", "clumsy", "terse", "rambling", "non_native", "typos")
SPACE = ("provides", "reduces")
