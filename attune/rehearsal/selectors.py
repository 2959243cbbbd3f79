"""Reads for practice pages: a learner's history, earlier attempts, and cohort aggregates."""

from collections import Counter, defaultdict

from django.db.models import Count, QuerySet

from attune.accounts.models import Membership, Role
from attune.rehearsal.models import Conversation, Status, Turn


def history_for(learner) -> QuerySet[Conversation]:
    return Conversation.objects.of(learner).only(
        "id", "scenario_key", "scenario_title", "level", "status", "outcome", "turn_count", "started_at", "scores"
    )


def earlier_attempts(conversation: Conversation) -> list[Conversation]:
    """The learner's ended attempts at the same scenario, oldest first, up to and including this one."""
    attempts = Conversation.objects.of(conversation.learner).filter(
        scenario_key=conversation.scenario_key, status=Status.ENDED, started_at__lte=conversation.started_at
    )
    return list(attempts.order_by("started_at").only("id", "started_at", "scores", "level"))[-10:]


MIN_COHORT = 3


def cohort_summary(organisation) -> dict:
    """Aggregates over the organisation's learners' practice: never a transcript, never a name.

    Months with fewer than MIN_COHORT learners are left out, so a figure cannot point at one person.
    """
    learners = Membership.objects.filter(organisation=organisation, role__in=[Role.MEMBER, Role.TEAM_LEAD]).values(
        "user_id"
    )
    ended = Conversation.objects.filter(learner__in=learners, preview=False, status=Status.ENDED)
    by_scenario = list(
        ended.values("scenario_title").annotate(attempts=Count("id"), people=Count("learner", distinct=True))
    )
    by_scenario = [row for row in by_scenario if row["people"] >= MIN_COHORT]
    months = defaultdict(lambda: {"people": set(), "stages": [], "space": []})
    for row in ended.values("learner_id", "ended_at", "scores"):
        month = months[row["ended_at"].strftime("%Y-%m")]
        month["people"].add(row["learner_id"])
        scores = row["scores"] or {}
        if scores.get("stages") is not None:
            month["stages"].append(scores["stages"])
        if scores.get("space") is not None:
            month["space"].append(scores["space"])
    over_time = []
    for key in sorted(months):
        month = months[key]
        if len(month["people"]) < MIN_COHORT:
            continue
        over_time.append(
            {
                "month": key,
                "people": len(month["people"]),
                "stages": round(sum(month["stages"]) / len(month["stages"]), 2) if month["stages"] else None,
                "space": round(sum(month["space"]) / len(month["space"]), 2) if month["space"] else None,
            }
        )
    acts = Counter()
    turns = Turn.objects.filter(conversation__in=ended, number__gt=0).values_list("coding__act", flat=True)
    for act in turns:
        acts[act] += 1
    return {"by_scenario": by_scenario, "over_time": over_time, "acts": dict(acts), "min_cohort": MIN_COHORT}
