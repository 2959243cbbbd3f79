from attune.core import home
from attune.learning.models import ModuleProgress


def _learning(request):
    in_progress = list(ModuleProgress.objects.filter(learner=request.user, completed_at=None)[:3])
    return {"in_progress": in_progress}


def register_panels() -> None:
    home.register("learning", template="learning/panels/learning.html", context=_learning, order=30)
