"""Demo live training: two sessions coming up at the demo trust, one nearly full. Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from attune.accounts.demo import DEMO_DOMAIN
from attune.accounts.models import Organisation, User
from attune.learning.booking import booking_create
from attune.learning.models import TrainingSession

SESSIONS = [
    {
        "title": "Hard conversations in neonatal care: a practice morning",
        "description": "Practise giving difficult news and responding to emotion, with actors and a facilitator.",
        "mode": "in_person",
        "venue": "Education Centre, Room 2",
        "days": 14,
        "hours": 3,
        "capacity": 12,
        "cpd_hours": 3,
        "booked": ["sam.nurse", "lucy.nurse", "omar.doctor"],
    },
    {
        "title": "Speaking up safely: an online hour",
        "description": "How to raise a concern with a senior colleague, and how to hear one.",
        "mode": "online",
        "meeting_link": "https://meet.demo.attune.example/speaking-up",
        "days": 7,
        "hours": 1,
        "capacity": 2,
        "cpd_hours": 1,
        "booked": ["rosa.midwife", "bethan.midwife", "nadia.student"],
    },
]


def seed_sessions() -> int:
    trust = Organisation.objects.filter(slug="demo-nhs-trust").first()
    facilitator = User.objects.filter(email=f"priya.facilitator@{DEMO_DOMAIN}").first()
    if trust is None or facilitator is None:
        return 0
    created = 0
    start_of_day = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    for spec in SESSIONS:
        if TrainingSession.objects.filter(
            organisation=trust, title=spec["title"], ends_at__gte=timezone.now()
        ).exists():
            continue
        starts = start_of_day + timedelta(days=spec["days"])
        session = TrainingSession.objects.create(
            organisation=trust,
            facilitator=facilitator,
            title=spec["title"],
            description=spec["description"],
            mode=spec["mode"],
            venue=spec.get("venue", ""),
            meeting_link=spec.get("meeting_link", ""),
            starts_at=starts,
            ends_at=starts + timedelta(hours=spec["hours"]),
            capacity=spec["capacity"],
            booking_deadline=starts - timedelta(days=2),
            cpd_hours=spec["cpd_hours"],
        )
        for key in spec["booked"]:
            person = User.objects.filter(email=f"{key}@{DEMO_DOMAIN}").first()
            if person:
                booking_create(session=session, learner=person)
        created += 1
    return created
