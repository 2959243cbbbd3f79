from attune.accounts import personal_data
from attune.learning.models import CheckAttempt, ModuleProgress


def _export(user) -> dict:
    return {
        "modules": [
            {
                "module": p.module,
                "title": p.title,
                "sections_read": p.sections_seen,
                "minutes_spent": p.minutes_spent,
                "started_at": p.started_at.isoformat(),
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in ModuleProgress.objects.filter(learner=user)
        ],
        "knowledge_checks": [
            {
                "module": a.module,
                "score": a.score,
                "out_of": a.total,
                "passed": a.passed,
                "at": a.created_at.isoformat(),
            }
            for a in CheckAttempt.objects.filter(learner=user)
        ],
    }


def _erase(user) -> None:
    ModuleProgress.objects.filter(learner=user).delete()
    CheckAttempt.objects.filter(learner=user).delete()


def register_sections() -> None:
    personal_data.register("learning", export=_export, erase=_erase)
