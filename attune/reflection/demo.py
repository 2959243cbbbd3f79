"""Demo journal: Sam has two reflections, one shared with their supervisor. Safe to run again."""

from attune.accounts.demo import DEMO_DOMAIN
from attune.accounts.models import User
from attune.reflection import services
from attune.reflection.models import JournalEntry

ENTRIES = [
    {
        "structure": "driscoll",
        "title": "Night shift: a father who wanted answers",
        "parts": {
            "what": "A father arrived at 3am after a phone call and wanted to know straight away what had happened. "
            "I started explaining the observations before asking what he had been told.",
            "so_what": "He became more agitated the more I said. I noticed I was talking faster because I felt "
            "under pressure. When I stopped and asked what he understood, he said he thought his son was dying.",
            "now_what": "Ask first, then tell in small pieces. Practise the baby-worse-overnight scenario again.",
        },
        "tags": ["hard news", "nights"],
        "share": True,
    },
    {
        "structure": "free",
        "title": "What I took from the psychological safety module",
        "parts": {"text": "Our huddles could start with one thing that is worrying us. I will suggest it."},
        "tags": ["team"],
        "share": False,
    },
]


def seed_journal() -> int:
    sam = User.objects.filter(email=f"sam.nurse@{DEMO_DOMAIN}").first()
    tom = User.objects.filter(email=f"tom.supervisor@{DEMO_DOMAIN}").first()
    if sam is None or JournalEntry.objects.filter(author=sam).exists():
        return 0
    for spec in ENTRIES:
        entry = services.entry_create(
            author=sam, structure=spec["structure"], title=spec["title"], parts=spec["parts"], tags=spec["tags"]
        )
        if spec["share"] and tom:
            services.entry_share(entry=entry, supervisor=tom)
    return len(ENTRIES)
