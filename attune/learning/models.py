"""A learner's progress through bitesize modules, and their knowledge-check attempts."""

from django.conf import settings
from django.db import models


class ModuleProgress(models.Model):
    """Where a learner is in one module: sections seen, time spent, and whether it is complete.

    Modules live in files, so they are referred to by their slug; progress outlives edits to a module.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress")
    module = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    sections_seen = models.JSONField(default=list)
    last_section = models.PositiveIntegerField(default=1)
    seconds_spent = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "module"], name="module_progress_unique")]

    def __str__(self):
        return f"{self.learner} in {self.module}"

    @property
    def minutes_spent(self) -> int:
        return round(self.seconds_spent / 60)


class CheckAttempt(models.Model):
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts")
    module = models.CharField(max_length=80)
    answers = models.JSONField()
    score = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A learner's attempts at one module, newest first (the module page and the CPD record).
            models.Index(fields=["learner", "module", "-created_at"], name="check_attempt_learner_idx"),
        ]

    def __str__(self):
        return f"{self.module}: {self.score}/{self.total}"
