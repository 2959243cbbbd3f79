"""A programme's results, gathered from every area and analysed with `evidence.analysis`.

- Measures: each subscale's paired change from before to the end and to follow-up (completers), each
  occasion described on its own (everyone who answered), who answered when, and how many people
  changed reliably (Jacobson and Truax), shown from the minimum group size.
- Practice: the first and the latest practice conversation of each participant, compared.
- Taking part: bookings and attendance at the programme's sessions, modules completed, scenarios
  practised, reflective group attendance.
- Reaction: the sessions' feedback. Results: the team climate before and after, from Consult.
- A summary by Kirkpatrick level.

The reliable change index needs the measure's reliability and spread. Both are estimated from every
baseline answer to the same instrument text in this deployment (Cronbach's alpha and the SD), once at
least NORM_MINIMUM people have answered, and the page says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from attune.consultation import analysis as survey_analysis
from attune.consultation.campaigns import instrument_of as campaign_instrument
from attune.consultation.campaigns import minimum
from attune.consultation.instruments import Instrument
from attune.evidence import analysis
from attune.evidence.models import Level, Measure, MeasureResponse, Occasion, Programme
from attune.evidence.services import instrument_of

NORM_MINIMUM = 20
COMPARISONS = [(Occasion.END, "Before to the end"), (Occasion.FOLLOW_UP, "Before to follow-up")]


@dataclass
class Change:
    label: str
    missing: analysis.MissingSummary
    paired: analysis.PairedChange | None = None
    available: analysis.AllAvailable | None = None
    # Why the figures are not shown, when they are not.
    withheld: str | None = None


@dataclass
class Norms:
    sd: float
    reliability: float
    n: int


@dataclass
class SubscaleOutcome:
    id: str
    name: str
    low: float
    high: float
    occasions: list[tuple[str, analysis.Description]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    norms: Norms | None = None
    # Reliable change from before to each person's latest answer: counts by category.
    reliable: dict[str, int] | None = None


@dataclass
class MeasureOutcome:
    measure: Measure
    instrument: Instrument
    answered: dict[str, int]
    subscales: list[SubscaleOutcome]


def scores_by_person(measure: Measure, instrument: Instrument) -> dict[int, dict[str, dict[str, float | None]]]:
    """participant id -> occasion -> subscale id -> score."""
    out: dict[int, dict[str, dict[str, float | None]]] = {}
    for participant_id, occasion, answers in measure.responses.values_list("participant_id", "occasion", "answers"):
        out.setdefault(participant_id, {})[occasion] = instrument.score(answers)
    return out


def norms(measure: Measure, instrument: Instrument) -> dict[str, Norms | None]:
    """Reliability (Cronbach's alpha) and SD of each subscale at baseline, pooled over every programme in
    this deployment that used exactly this instrument text."""
    answers = list(
        MeasureResponse.objects.filter(
            measure__instrument_text=measure.instrument_text, occasion=Occasion.BASELINE
        ).values_list("answers", flat=True)
    )
    found: dict[str, Norms | None] = {}
    items = instrument.item_matrix(instrument.answer_matrix(answers))
    scores = instrument.score_matrix(items)
    for column, subscale in enumerate(instrument.subscales):
        valid = scores[:, column][np.isfinite(scores[:, column])]
        alpha = survey_analysis.alpha_of(items[:, instrument.columns_of(subscale.id)])
        if len(valid) < NORM_MINIMUM or alpha is None or not 0 < alpha < 1:
            found[subscale.id] = None
            continue
        found[subscale.id] = Norms(sd=float(valid.std(ddof=1)), reliability=alpha, n=len(valid))
    return found


def _subscale_range(instrument: Instrument, subscale_id: str) -> tuple[float, float]:
    low, high = instrument.score_range
    if instrument.scoring.method == "sum":
        count = len(instrument.items_of(subscale_id))
        return low * count, high * count
    return low, high


def measure_outcome(measure: Measure, participants: int) -> MeasureOutcome:
    instrument = instrument_of(measure)
    people = scores_by_person(measure, instrument)
    answered = Counter(occasion for by_occasion in people.values() for occasion in by_occasion)
    measure_norms = norms(measure, instrument)
    outcome = MeasureOutcome(measure, instrument, {o: answered.get(o, 0) for o in Occasion.values}, [])
    for subscale in instrument.subscales:
        low, high = _subscale_range(instrument, subscale.id)
        result = SubscaleOutcome(subscale.id, subscale.name, low, high, norms=measure_norms[subscale.id])
        for occasion in Occasion.values:
            values = [p[occasion][subscale.id] for p in people.values() if occasion in p]
            described = survey_analysis.describe(values)
            if described.n >= minimum():
                result.occasions.append((Occasion(occasion).label, described))
        for occasion, label in COMPARISONS:
            # Everyone enrolled counts, so that people who never answered appear as missing.
            pairs = [(p.get(Occasion.BASELINE, {}).get(subscale.id), p.get(occasion, {}).get(subscale.id))
                     for p in people.values()]  # fmt: skip
            pairs += [(None, None)] * max(0, participants - len(people))
            change = Change(label, analysis.missing_summary(pairs))
            paired, available = analysis.completers_and_all(pairs)
            if paired.n < minimum():
                change.withheld = (
                    f"{paired.n} {'person' if paired.n == 1 else 'people'} answered both times: figures are shown "
                    f"from {minimum()}, so that no one's answers can be told apart."
                )
            else:
                change.paired, change.available = paired, available
            result.changes.append(change)
        result.reliable = _reliable_counts(people, subscale.id, result.norms)
        outcome.subscales.append(result)
    return outcome


def latest_pair(by_occasion: dict[str, dict[str, float | None]], subscale: str) -> tuple[float, float, str] | None:
    """A person's baseline and latest later score on a subscale, and which occasion the latter is."""
    before = by_occasion.get(Occasion.BASELINE, {}).get(subscale)
    for occasion in (Occasion.FOLLOW_UP, Occasion.END):
        after = by_occasion.get(occasion, {}).get(subscale)
        if before is not None and after is not None:
            return before, after, occasion
    return None


def _reliable_counts(people, subscale: str, found: Norms | None) -> dict[str, int] | None:
    if found is None:
        return None
    counts = Counter()
    for by_occasion in people.values():
        pair = latest_pair(by_occasion, subscale)
        if pair:
            counts[analysis.reliable_change(pair[0], pair[1], found.sd, found.reliability).category] += 1
    if sum(counts.values()) < minimum():
        return None
    return {category: counts.get(category, 0) for category in analysis.CATEGORIES}


@dataclass
class PracticeOutcome:
    metric: str
    change: analysis.PairedChange | None
    people: int


PRACTICE_METRICS = [
    ("stages", "Share of the conversation's stages covered", 100),
    ("space", "Share of the person's cues given space", 100),
]


def practice_outcome(programme: Programme, persons: list[int]) -> list[PracticeOutcome]:
    """Each participant's first and latest practice conversation since the programme started."""
    from attune.rehearsal.models import Conversation, Status

    conversations = Conversation.objects.filter(
        learner_id__in=persons, status=Status.ENDED, preview=False, started_at__date__gte=programme.starts_on
    )
    if programme.scenarios:
        conversations = conversations.filter(scenario_key__in=programme.scenarios)
    by_person: dict[int, list[dict]] = {}
    for learner, scores in conversations.order_by("ended_at").values_list("learner_id", "scores"):
        by_person.setdefault(learner, []).append(scores or {})
    results = []
    for key, label, scale in PRACTICE_METRICS:
        pairs = []
        for attempts in by_person.values():
            if len(attempts) >= 2 and attempts[0].get(key) is not None and attempts[-1].get(key) is not None:
                pairs.append((attempts[0][key] * scale, attempts[-1][key] * scale))
        change = analysis.paired_change(pairs) if len(pairs) >= minimum() else None
        results.append(PracticeOutcome(label, change, len(pairs)))
    return results


@dataclass
class TakingPart:
    enrolled: int
    sessions: list[tuple[str, int, int]]  # title, booked, attended
    modules: list[tuple[str, int, int]]  # title, started, completed
    scenarios: list[tuple[str, int]]  # title, people who finished a conversation
    groups: list[tuple[str, int, int]]  # title, sessions held, participants who came to at least one
    # People who had at least one supervision session between the start and the end, when it is part of it.
    supervised: int | None = None


def taking_part(programme: Programme, persons: list[int]) -> TakingPart:
    from django.utils import timezone

    from attune.learning.library import all_modules
    from attune.learning.models import BookingStatus, ModuleProgress
    from attune.rehearsal.library import builtin_entries
    from attune.rehearsal.models import Conversation, Status

    sessions = []
    for session in programme.sessions.all():
        bookings = session.bookings.filter(learner_id__in=persons).exclude(status=BookingStatus.WAITING)
        sessions.append((session.title, bookings.exclude(status=BookingStatus.CANCELLED).count(),
                         bookings.filter(attended=True).count()))  # fmt: skip
    titles = {module.slug: module.title for module in all_modules()}
    modules = []
    for slug in programme.modules:
        progress = ModuleProgress.objects.filter(learner_id__in=persons, module=slug)
        modules.append((titles.get(slug, slug), progress.count(), progress.exclude(completed_at=None).count()))
    scenario_titles = {entry.key: entry.scenario.title for entry in builtin_entries()}
    scenarios = []
    for key in programme.scenarios:
        done = Conversation.objects.filter(learner_id__in=persons, scenario_key=key, status=Status.ENDED, preview=False)
        scenarios.append((scenario_titles.get(key, key), done.values("learner_id").distinct().count()))
    groups = []
    for series in programme.group_series.all():
        held = series.sessions.filter(starts_at__lte=timezone.now())
        came = held.filter(attendees__in=persons).values("attendees").distinct().count()
        groups.append((series.title, held.count(), came))
    supervised = None
    if programme.supervision:
        from attune.reflection.models import SupervisionSession

        supervised = (
            SupervisionSession.objects.filter(
                agreement__supervisee_id__in=persons, held_on__range=(programme.starts_on, programme.ends_on)
            )
            .values("agreement__supervisee_id")
            .distinct()
            .count()
        )
    return TakingPart(len(persons), sessions, modules, scenarios, groups, supervised)


@dataclass
class Reaction:
    n: int
    useful: float | None = None
    confident: float | None = None
    recommend: float | None = None


def reaction(programme: Programme, persons: list[int]) -> Reaction:
    from attune.learning.models import SessionFeedback

    rows = list(
        SessionFeedback.objects.filter(
            booking__session__in=programme.sessions.all(), booking__learner_id__in=persons
        ).values_list("useful", "confident", "recommend")
    )
    found = Reaction(len(rows))
    if len(rows) >= minimum():
        found.useful = sum(r[0] for r in rows) / len(rows)
        found.confident = sum(r[1] for r in rows) / len(rows)
        found.recommend = 100 * sum(bool(r[2]) for r in rows) / len(rows)
    return found


def climate_change(programme: Programme) -> list[tuple[str, survey_analysis.Comparison | None]] | None:
    """The team climate before and after, compared as two groups (survey answers are anonymous, so they
    cannot be paired)."""
    from attune.consultation.reports import Responses

    before, after = programme.climate_before, programme.climate_after
    if before is None or after is None or before.instrument_text != after.instrument_text:
        return None
    instrument = campaign_instrument(before)
    a, b = Responses.load(before, instrument), Responses.load(after, instrument)
    if len(a) < minimum() or len(b) < minimum():
        return None
    return [
        (s.name, survey_analysis.compare(a.scores[:, column], b.scores[:, column]))
        for column, s in enumerate(instrument.subscales)
    ]


@dataclass
class ProgrammeOutcome:
    programme: Programme
    minimum: int
    enrolled: int
    measures: list[MeasureOutcome]
    practice: list[PracticeOutcome]
    taking_part: TakingPart
    reaction: Reaction
    climate: list[tuple[str, survey_analysis.Comparison | None]] | None
    summary: dict[str, list[tuple[str, str]]]


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def programme_outcome(programme: Programme) -> ProgrammeOutcome:
    persons = [p for p in programme.participants.values_list("person_id", flat=True) if p is not None]
    enrolled = programme.participants.count()
    measures = [measure_outcome(m, enrolled) for m in programme.measures.all()]
    practice = practice_outcome(programme, persons)
    part = taking_part(programme, persons)
    felt = reaction(programme, persons)
    climate = climate_change(programme)
    lines: list[tuple[str, str, str]] = []
    if felt.useful is not None:
        lines.append((Level.REACTION, "Live sessions rated useful", f"{felt.useful:.1f} out of 5 ({felt.n} answers)"))
        lines.append((Level.REACTION, "Would recommend the sessions", f"{felt.recommend:.0f}%"))
    for outcome in measures:
        for subscale in outcome.subscales:
            for change in subscale.changes:
                p = change.paired
                if p is None or p.mean_difference is None:
                    continue
                effect = f", Hedges' g_av {p.g_av:.2f}" if p.g_av is not None else ""
                lines.append((outcome.measure.level, f"{subscale.name}: {change.label.lower()}",
                              f"{_signed(p.mean_difference)} (95% CI {p.ci_low:.2f} to {p.ci_high:.2f}){effect}, "
                              f"{p.n} people"))  # fmt: skip
    for item in practice:
        if item.change is not None and item.change.mean_difference is not None:
            c = item.change
            lines.append((Level.LEARNING, f"Practice: {item.metric.lower()}",
                          f"{c.mean_before:.0f}% to {c.mean_after:.0f}% from first to latest conversation, "
                          f"{item.people} people"))  # fmt: skip
    for name, comparison in climate or []:
        if comparison is not None:
            lines.append((Level.RESULTS, f"Team climate: {name}",
                          f"{_signed(comparison.difference)} (95% CI {comparison.ci_low:.2f} to "
                          f"{comparison.ci_high:.2f}), Hedges' g {comparison.hedges_g:.2f}"))  # fmt: skip
    return ProgrammeOutcome(programme, minimum(), enrolled, measures, practice, part, felt, climate,
                            analysis.kirkpatrick_summary(lines))  # fmt: skip


def deidentified_rows(programme: Programme) -> list[dict]:
    """One row per participant with any answer: each measure's subscale scores at each occasion, and
    how much of the programme they took part in. No name, no id, no date, no words they wrote."""
    from django.db.models import Count

    from attune.learning.models import Booking, ModuleProgress
    from attune.rehearsal.models import Conversation, Status

    measures = [(m, instrument_of(m)) for m in programme.measures.all()]
    participants = {p.pk: p.person_id for p in programme.participants.all()}
    persons = [person for person in participants.values() if person is not None]
    scores = {m.pk: scores_by_person(m, instrument) for m, instrument in measures}

    def per_person(queryset, counted="pk") -> dict[int, int]:
        rows = queryset.values("learner_id").annotate(n=Count(counted, distinct=True))
        return dict(rows.values_list("learner_id", "n"))

    attended = per_person(Booking.objects.filter(session__in=programme.sessions.all(), learner_id__in=persons,
                                                 attended=True), counted="session")  # fmt: skip
    completed = per_person(ModuleProgress.objects.filter(learner_id__in=persons, module__in=programme.modules)
                           .exclude(completed_at=None))  # fmt: skip
    practised = per_person(Conversation.objects.filter(learner_id__in=persons, status=Status.ENDED, preview=False,
                                                       started_at__date__gte=programme.starts_on))  # fmt: skip
    rows = []
    for participant_id, person_id in participants.items():
        if not any(participant_id in by_person for by_person in scores.values()):
            continue
        row: dict = {"participant": ""}
        for measure, instrument in measures:
            mine = scores[measure.pk].get(participant_id, {})
            for subscale in instrument.subscales:
                for occasion in Occasion.values:
                    value = mine.get(occasion, {}).get(subscale.id)
                    row[f"{measure.instrument_id}:{subscale.id}:{occasion}"] = "" if value is None else f"{value:.2f}"
        # A person who has deleted their account has no taking-part figures, only their answers.
        row["sessions_attended"] = attended.get(person_id, 0) if person_id else ""
        row["modules_completed"] = completed.get(person_id, 0) if person_id else ""
        row["practice_conversations"] = practised.get(person_id, 0) if person_id else ""
        rows.append(row)
    return rows


def shared_examples(programme: Programme) -> list[str]:
    """What participants wrote and agreed to share, without names, in no particular order."""
    import json
    import random

    texts = []
    for raw in MeasureResponse.objects.filter(participant__programme=programme, share_comments=True).values_list(
        "comments", flat=True
    ):
        texts += [text for text in json.loads(raw or "{}").values() if text]
    random.Random(len(texts)).shuffle(texts)  # noqa: S311 - only hides the order they came in
    return texts


@dataclass
class PersonalResult:
    measure: str
    subscale: str
    low: float
    high: float
    scores: list[tuple[str, float | None]]
    reliable: analysis.ReliableChange | None
    compared_with: str | None
    norms: Norms | None


def personal_results(participant) -> list[PersonalResult]:
    """A participant's own scores at each occasion and, where the measure's norms are known, whether
    their change from before to their latest answer is larger than the measure's own noise."""
    results = []
    for measure in participant.programme.measures.all():
        instrument = instrument_of(measure)
        mine = {r.occasion: instrument.score(r.answers) for r in participant.responses.filter(measure=measure)}
        measure_norms = norms(measure, instrument)
        for subscale in instrument.subscales:
            low, high = _subscale_range(instrument, subscale.id)
            found = measure_norms[subscale.id]
            pair = latest_pair(mine, subscale.id)
            reliable = None
            if pair and found:
                reliable = analysis.reliable_change(pair[0], pair[1], found.sd, found.reliability)
            results.append(PersonalResult(
                instrument.title, subscale.name, low, high,
                [(label, mine.get(occasion, {}).get(subscale.id)) for occasion, label in Occasion.choices],
                reliable, Occasion(pair[2]).label.lower() if pair else None, found,
            ))  # fmt: skip
    return results
