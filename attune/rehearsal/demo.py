"""Demo practice: a few neonatal staff have played the first scenario, so history, debriefs, the
comparison chart and the cohort page have something to show. Safe to run again."""

from pathlib import Path

from attune.accounts.demo import DEMO_DOMAIN
from attune.accounts.models import Organisation, User
from attune.rehearsal import services
from attune.rehearsal.engine import playthrough
from attune.rehearsal.library import builtin_entries
from attune.rehearsal.models import Conversation

PLAYTHROUGHS = Path(__file__).parent / "tests" / "playthroughs"
SCENARIO = "first-conversation"
# (person, which scripted learner, seed): Sam has two attempts, so the comparison chart shows change.
ATTEMPTS = [
    ("sam.nurse", "struggling", 1),
    ("sam.nurse", "skilled", 2),
    ("lucy.nurse", "skilled", 3),
    ("omar.doctor", "struggling", 4),
    ("ellie.ahp", "skilled", 5),
]


def seed_practice() -> int:
    entry = next((e for e in builtin_entries() if e.key == SCENARIO), None)
    if entry is None:
        return 0
    learners = playthrough.load(PLAYTHROUGHS / f"{SCENARIO}.yaml")
    created = 0
    for key, which, seed in ATTEMPTS:
        person = User.objects.filter(email=f"{key}@{DEMO_DOMAIN}").first()
        if person is None or Conversation.objects.filter(learner=person, seed=seed).exists():
            continue
        conversation = services.conversation_start(learner=person, entry=entry, level="standard", seed=seed)
        for text in learners[which]:
            if conversation.status != "active":
                break
            services.conversation_take_turn(
                conversation=conversation, text=text, expected_number=conversation.turn_count + 1
            )
        services.conversation_end(conversation=conversation)
        created += 1
    sam = User.objects.filter(email=f"sam.nurse@{DEMO_DOMAIN}").first()
    trust = Organisation.objects.filter(slug="demo-nhs-trust").first()
    latest = Conversation.objects.filter(learner=sam).order_by("-started_at").first() if sam else None
    if latest and trust and latest.shared_with is None:
        services.conversation_share(conversation=latest, organisation=trust)
    return created
