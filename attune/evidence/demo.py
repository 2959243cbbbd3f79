"""Demo programme: "Hard conversations in neonatal and maternity care". Safe to run again.

It started seven weeks ago and ended last week; nine of the ten people enrolled answered before it,
eight have answered at the end, and Sam has not yet (so Sam's home page asks). Follow-up is in three
months. Every answer is fictional.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from attune.accounts.demo import DEMO_DOMAIN, TRUST
from attune.accounts.models import Team, User
from attune.evidence import services
from attune.evidence.models import Level, MeasureResponse, Occasion, Programme

TITLE = "Hard conversations in neonatal and maternity care"
# Each person's typical confidence (0 to 10) before and at the end; None where they have not answered.
PEOPLE = {
    "grace.lead": (6, 8),
    "lucy.nurse": (4, 6),
    "omar.doctor": (5, 7),
    "ellie.ahp": (3, 6),
    "amara.lead": (6, 7),
    "rosa.midwife": (4, 6),
    "bethan.midwife": (5, 5),
    "james.doctor": (4, 7),
    "sam.nurse": (5, None),  # answered before, not yet at the end
    "nadia.student": (None, None),
}


def seed_programme() -> int:
    """Returns 1 when the demo programme was created, 0 when it was already there."""
    priya = User.objects.filter(email=f"priya.facilitator@{DEMO_DOMAIN}").first()
    teams = list(Team.objects.filter(organisation__slug=TRUST, name__in=["Neonatal Unit", "Maternity"]))
    if priya is None or len(teams) != 2 or Programme.objects.filter(title=TITLE).exists():
        return 0
    from attune.consultation.models import Campaign
    from attune.learning.models import TrainingSession

    today = timezone.localdate()
    instruments = settings.CONTENT_DIR / "instruments"
    programme = services.programme_create(
        organisation=teams[0].organisation, created_by=priya, title=TITLE,
        description="Six weeks: three modules, a live workshop on giving difficult news, practice with two "
        "scenarios, and a monthly reflective group. Measured before, at the end and three months later.",
        teams=teams, measures=[(instruments / "hard-conversations-confidence.yaml", Level.LEARNING),
                               (instruments / "relational-practice-use.yaml", Level.BEHAVIOUR)],
        starts_on=today - timedelta(days=50), ends_on=today - timedelta(days=8),
        follow_up_on=today + timedelta(days=90),
        modules=["giving-difficult-news", "responding-to-emotion", "why-we-avoid-hard-conversations"],
        scenarios=["baby-worse-overnight", "angry-after-birth"],
        sessions=TrainingSession.objects.filter(organisation=teams[0].organisation)[:2],
        climate_before=Campaign.objects.filter(title__endswith="spring").first(),
        climate_after=Campaign.objects.filter(title__endswith="autumn").first(),
    )  # fmt: skip
    rng = random.Random(8)  # noqa: S311 - fictional answers, not a secret
    participants = {p.person.email.split("@")[0]: p for p in programme.participants.select_related("person")}
    for measure in programme.measures.all():
        instrument = services.instrument_of(measure)
        points = sorted(p.value for p in instrument.scale.points)
        for key, (before, after) in PEOPLE.items():
            participant = participants.get(key)
            for occasion, centre in ((Occasion.BASELINE, before), (Occasion.END, after)):
                if participant is None or centre is None:
                    continue
                # The practice-use measure runs 1 to 5: the same person's level, rescaled.
                level = centre if len(points) == 11 else 1 + centre * 4 / 10
                answers = {}
                for item in instrument.items:
                    value = min(points[-1], max(points[0], round(rng.gauss(level, 0.9))))
                    answers[item.id] = points[0] + points[-1] - value if item.reverse else value
                MeasureResponse.objects.create(participant=participant, measure=measure, occasion=occasion,
                                               answers=answers)  # fmt: skip
    return 1
