from attune.learning import cpd
from attune.learning.library import all_modules
from attune.learning.models import Certificate, CheckAttempt, ModuleProgress
from attune.rehearsal.models import Conversation, Status


def attempts_for(learner, module_slug: str) -> list[CheckAttempt]:
    return list(CheckAttempt.objects.filter(learner=learner, module=module_slug)[:10])


def learning_record(learner) -> dict:
    """A learner's modules (in progress and complete), their check results and practice conversations."""
    progress = list(ModuleProgress.objects.filter(learner=learner))
    best = {}
    for attempt in CheckAttempt.objects.filter(learner=learner):
        current = best.get(attempt.module)
        if current is None or attempt.score > current.score:
            best[attempt.module] = attempt
    attempts = {}
    for module, count in _counts(learner).items():
        attempts[module] = count
    rows = [{"progress": p, "best": best.get(p.module), "attempts": attempts.get(p.module, 0)} for p in progress]
    known = {m.slug for m in all_modules()}
    activities = cpd.activities(learner)
    codes = {(c.kind, c.reference): c for c in Certificate.objects.filter(learner=learner)}
    return {
        "activities": [{"activity": a, "certificate": codes.get((a.kind, a.reference))} for a in activities],
        "hours": sum((a.hours for a in activities), start=cpd.Decimal("0")),
        "completed": [r for r in rows if r["progress"].completed_at],
        "in_progress": [r for r in rows if not r["progress"].completed_at and r["progress"].module in known],
        "minutes": round(sum(p.seconds_spent for p in progress) / 60),
        "practice": Conversation.objects.of(learner).filter(status=Status.ENDED).count(),
    }


def _counts(learner) -> dict[str, int]:
    from django.db.models import Count

    return dict(
        CheckAttempt.objects.filter(learner=learner).values("module").annotate(n=Count("id")).values_list("module", "n")
    )
