"""Every write about modules: progress, time spent, knowledge-check attempts and completion."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from attune.learning.models import CheckAttempt, ModuleProgress
from attune.learning.modules import Marked, Module

# Time between two page views counts as reading only up to this much (a tab left open does not).
MAX_GAP = timedelta(minutes=5)


def _progress_touched(*, learner, module: Module) -> ModuleProgress:
    """The learner's progress row, locked, with the time since their last page added (capped)."""
    now = timezone.now()
    progress, _ = ModuleProgress.objects.select_for_update().get_or_create(
        learner=learner, module=module.slug, defaults={"title": module.title}
    )
    if progress.last_seen_at:
        progress.seconds_spent += int(min(now - progress.last_seen_at, MAX_GAP).total_seconds())
    progress.last_seen_at = now
    return progress


def module_section_viewed(*, learner, module: Module, section: int) -> ModuleProgress:
    with transaction.atomic():
        progress = _progress_touched(learner=learner, module=module)
        progress.last_section = section
        progress.title = module.title
        if section not in progress.sections_seen:
            progress.sections_seen = sorted([*progress.sections_seen, section])
        _complete_if_done(progress, module)
        progress.save()
    return progress


def check_attempt_create(*, learner, module: Module, answers: dict[str, int | None]) -> tuple[CheckAttempt, Marked]:
    marked = module.mark(answers)
    with transaction.atomic():
        attempt = CheckAttempt.objects.create(
            learner=learner,
            module=module.slug,
            answers=answers,
            score=marked.score,
            total=len(marked.results),
            passed=marked.passed,
        )
        progress = _progress_touched(learner=learner, module=module)
        _complete_if_done(progress, module)
        progress.save()
    return attempt, marked


def _complete_if_done(progress: ModuleProgress, module: Module) -> None:
    """A module is complete once every section has been read and the check passed."""
    if progress.completed_at:
        return
    read_all = set(progress.sections_seen) >= {s.number for s in module.sections}
    passed = CheckAttempt.objects.filter(learner=progress.learner, module=module.slug, passed=True).exists()
    if read_all and passed:
        progress.completed_at = timezone.now()
