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


def seed_supervision_and_groups() -> None:
    """Tom supervises Sam (agreed, one session recorded); Priya runs a reflective group for the
    neonatal unit whose first session was last week."""
    from datetime import timedelta

    from django.utils import timezone

    from attune.accounts.models import Team
    from attune.reflection import groups, supervision
    from attune.reflection.models import GroupSeries, SupervisionAgreement

    sam = User.objects.filter(email=f"sam.nurse@{DEMO_DOMAIN}").first()
    tom = User.objects.filter(email=f"tom.supervisor@{DEMO_DOMAIN}").first()
    priya = User.objects.filter(email=f"priya.facilitator@{DEMO_DOMAIN}").first()
    if sam and tom and not SupervisionAgreement.objects.filter(supervisor=tom, supervisee=sam).exists():
        agreement = supervision.agreement_propose(
            supervisor=tom, supervisee=sam, kind="restorative", frequency="monthly",
            confidentiality=supervision.DEFAULT_CONFIDENTIALITY, record_keeping=supervision.DEFAULT_RECORD_KEEPING,
            review_on=timezone.localdate() + timedelta(days=180),
        )  # fmt: skip
        supervision.agreement_accept(agreement=agreement, supervisee=sam)
        supervision.session_record(
            agreement=agreement, by=tom, held_on=timezone.localdate() - timedelta(days=7),
            shared_notes="Talked about the night the baby deteriorated, and what helps after a hard shift.",
            private_note="", next_on=timezone.localdate() + timedelta(days=21),
            actions=[("Practise the baby-worse-overnight scenario", sam, timezone.localdate() + timedelta(days=14))],
        )  # fmt: skip
    team = Team.objects.filter(name="Neonatal Unit", organisation__slug="demo-nhs-trust").first()
    if priya and team and not GroupSeries.objects.filter(team=team).exists():
        groups.series_create(
            facilitator=priya, team=team, kind="reflective_practice", title="Neonatal reflective space",
            first_starts_at=timezone.now() - timedelta(days=7), count=6, every_days=28,
        )  # fmt: skip
