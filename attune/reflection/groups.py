"""Facilitated reflective groups: series, sessions, anonymous check-ins and evaluations, and reports.

Check-ins, check-outs and evaluations are anonymous by construction: a receipt records that a person
has answered (so nobody answers twice), and the answer only adds one to a count of that score. There is
no row per answer to join to a receipt. Results are shown only when at least MIN_GROUP_SIZE people
answered.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from attune.accounts.models import Membership, Role, Team
from attune.reflection.models import AnswerReceipt, AnswerTally, GroupSeries, GroupSession, Measure

QUESTIONS = {
    Measure.CHECK_IN: {"arriving": "How are you arriving today, from 0 (running on empty) to 10 (ready for anything)?"},
    Measure.CHECK_OUT: {"leaving": "How are you leaving, from 0 (running on empty) to 10 (ready for anything)?"},
    Measure.EVALUATION: {
        "safe": "I felt safe to say what I thought.",
        "space": "I had space to think, not only to react.",
        "connected": "I feel more connected to my colleagues.",
        "useful": "I will take something from today back into my work.",
    },
}
SCALES = {Measure.CHECK_IN: range(0, 11), Measure.CHECK_OUT: range(0, 11), Measure.EVALUATION: range(1, 6)}
EVALUATION_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree"}


# Answers are taken from an hour before a session until a day after it starts, and results appear only
# once that window has closed: a live count would let anyone who watched one person answer between two
# page views work out that person's answer.
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(days=1)


class AlreadyAnswered(Exception):
    pass


class NotOpen(Exception):
    pass


def answers_open(session: GroupSession, now=None) -> bool:
    now = now or timezone.now()
    return session.starts_at - OPENS_BEFORE <= now < session.starts_at + CLOSES_AFTER


def results_ready(session: GroupSession, now=None) -> bool:
    return (now or timezone.now()) >= session.starts_at + CLOSES_AFTER


def min_group_size() -> int:
    return settings.ATTUNE_MIN_GROUP_SIZE


# Access.


def series_for(user):
    """Series the person takes part in (their team's) or runs (as its facilitator, or a facilitator or
    team lead over the team)."""
    teams = Membership.objects.filter(user=user).exclude(team=None).values("team_id")
    overseen = Membership.objects.filter(user=user, role=Role.FACILITATOR).values("organisation_id")
    # A facilitator reaches a series through a current facilitator role in the team's organisation,
    # never just by having set it up: someone who has left keeps no access.
    return GroupSeries.objects.filter(Q(team_id__in=teams) | Q(team__organisation_id__in=overseen)).select_related(
        "team", "facilitator"
    )


def facilitated_teams(user):
    """Teams a facilitator may set up a series for: every team in the organisations they facilitate."""
    return Team.objects.filter(
        organisation__memberships__user=user, organisation__memberships__role=Role.FACILITATOR
    ).distinct()


def runs(user, series: GroupSeries) -> bool:
    return (
        series.facilitator_id == user.pk
        or Membership.objects.filter(
            user=user, role=Role.FACILITATOR, organisation_id=series.team.organisation_id
        ).exists()
    )


def sees_report(user, series: GroupSeries) -> bool:
    return runs(user, series) or Membership.objects.filter(user=user, role=Role.TEAM_LEAD, team=series.team).exists()


def takes_part(user, series: GroupSeries) -> bool:
    return Membership.objects.filter(user=user, team=series.team).exists()


def get_series_or_404(user, pk) -> GroupSeries:
    series = series_for(user).filter(pk=pk).first()
    if series is None:
        raise Http404("No such series")
    return series


def get_session_or_404(user, pk) -> GroupSession:
    session = GroupSession.objects.filter(pk=pk, series__in=series_for(user)).select_related("series__team").first()
    if session is None:
        raise Http404("No such session")
    return session


# Writes.


def series_create(*, facilitator, team, kind: str, title: str, first_starts_at, count: int, every_days: int):
    with transaction.atomic():
        series = GroupSeries.objects.create(team=team, facilitator=facilitator, kind=kind, title=title)
        for number in range(count):
            session = GroupSession.objects.create(
                series=series, starts_at=first_starts_at + timedelta(days=every_days * number)
            )
            _prepare_tallies(session)
    return series


def _prepare_tallies(session: GroupSession) -> None:
    """Create every count at zero before anyone answers. Answering then only adds one to an existing
    row: no row is created when someone answers, so the order in which rows appear reveals nothing."""
    AnswerTally.objects.bulk_create(
        AnswerTally(session=session, question=question, score=score)
        for measure, questions in QUESTIONS.items()
        for question in questions
        for score in SCALES[measure]
    )


def answer_submit(*, session: GroupSession, person, measure: str, answers: dict[str, int]) -> None:
    """Count one person's answers. Raises AlreadyAnswered on a second try, and counts nothing."""
    if not answers_open(session):
        raise NotOpen
    questions = QUESTIONS[measure]
    if set(answers) != set(questions) or any(score not in SCALES[measure] for score in answers.values()):
        raise ValueError("answers do not fit the questions")
    try:
        with transaction.atomic():
            AnswerReceipt.objects.create(session=session, person=person, measure=measure)
            for question, score in sorted(answers.items()):
                AnswerTally.objects.filter(session=session, question=question, score=score).update(count=F("count") + 1)
    except IntegrityError:
        raise AlreadyAnswered from None


def answered(session: GroupSession, person) -> set[str]:
    return set(AnswerReceipt.objects.filter(session=session, person=person).values_list("measure", flat=True))


# The report.


def _distribution(session: GroupSession, question: str) -> dict[int, int]:
    return dict(session.tallies.filter(question=question).values_list("score", "count"))


def _mean(distribution: dict[int, int]) -> tuple[int, float | None]:
    n = sum(distribution.values())
    return n, (round(sum(score * count for score, count in distribution.items()) / n, 1) if n else None)


def session_results(session: GroupSession) -> dict:
    """Results for a session whose answer window has closed (None before then)."""
    if not results_ready(session):
        return None
    minimum = min_group_size()
    n_in, mean_in = _mean(_distribution(session, "arriving"))
    n_out, mean_out = _mean(_distribution(session, "leaving"))
    evaluation = {}
    for key, text in QUESTIONS[Measure.EVALUATION].items():
        n, mean = _mean(_distribution(session, key))
        evaluation[key] = {"text": text, "n": n, "mean": mean if n >= minimum else None}
    shown_in = mean_in if n_in >= minimum else None
    shown_out = mean_out if n_out >= minimum else None
    return {
        "session": session,
        "attended": session.attendees.count(),
        "check_in": {"n": n_in, "mean": shown_in},
        "check_out": {"n": n_out, "mean": shown_out},
        "shift": round(shown_out - shown_in, 1) if shown_in is not None and shown_out is not None else None,
        "evaluation": evaluation,
    }


def series_report(series: GroupSeries) -> dict:
    rows = [
        results
        for session in series.sessions.prefetch_related("attendees")
        if (results := session_results(session)) is not None
    ]
    return {"rows": rows, "minimum": min_group_size(), "chart": _chart(rows)}


def _chart(rows) -> dict | None:
    """Check-in and check-out means per session, as SVG geometry (0 to 10 scale)."""
    points = [(i, r["check_in"]["mean"], r["check_out"]["mean"]) for i, r in enumerate(rows, 1)]
    shown = [p for p in points if p[1] is not None and p[2] is not None]
    if not shown:
        return None
    step, height, top = 60, 120, 10
    bars = []
    for number, arriving, leaving in shown:
        x = (number - 1) * step + 10
        bars.append(
            {
                "number": number,
                "in_x": x, "in_y": top + height - arriving * height / 10, "in_h": arriving * height / 10,
                "out_x": x + 22, "out_y": top + height - leaving * height / 10, "out_h": leaving * height / 10,
            }
        )  # fmt: skip
    return {"bars": bars, "width": len(points) * step + 20, "height": height + top + 20, "base": top + height}
