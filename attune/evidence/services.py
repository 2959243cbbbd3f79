"""Every write in the evidence area: creating a programme, enrolling its cohort, answering a measure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.consultation.instruments import Instrument, parse_instrument
from attune.evidence.models import Measure, MeasureResponse, Occasion, Participant, Programme

# How long each occasion's measures stay open, around the programme's dates.
BASELINE_AFTER_START = timedelta(days=14)
END_BEFORE = timedelta(days=7)
END_AFTER = timedelta(days=28)
FOLLOW_UP_AFTER = timedelta(days=42)


class MeasureClosed(Exception):
    """The measure cannot be answered now; the message says why, for the person answering."""


def window(programme: Programme, occasion: str) -> tuple[date, date]:
    """The first and last day on which an occasion's measures can be answered."""
    if occasion == Occasion.BASELINE:
        return programme.created_at.date() if programme.created_at else programme.starts_on, (
            programme.starts_on + BASELINE_AFTER_START
        )
    if occasion == Occasion.END:
        return programme.ends_on - END_BEFORE, programme.ends_on + END_AFTER
    return programme.follow_up_on, programme.follow_up_on + FOLLOW_UP_AFTER


def open_occasion(programme: Programme, today: date | None = None) -> str | None:
    today = today or timezone.localdate()
    for occasion in Occasion.values:
        first, last = window(programme, occasion)
        if first <= today <= last:
            return occasion
    return None


def instrument_of(measure: Measure) -> Instrument:
    return parse_instrument(measure.instrument_text, f"measure {measure.pk}")


def _cohort(programme: Programme):
    return Membership.objects.filter(team__in=programme.teams.all(), role__in=[Role.MEMBER, Role.TEAM_LEAD])


def programme_create(
    *, organisation, created_by, title: str, description: str, teams, measures: list[tuple[Path, str]],
    starts_on: date, ends_on: date, follow_up_on: date, modules=(), scenarios=(), sessions=(), group_series=(),
    supervision=False, climate_before=None, climate_after=None,
) -> Programme:  # fmt: skip
    """Create a programme and enrol everyone now in its teams. `measures` pairs an instrument file with
    the Kirkpatrick level it measures; the instrument's text is copied into the programme."""
    if not starts_on <= ends_on <= follow_up_on:
        raise ValueError("the programme must start, end and be followed up in that order")
    with transaction.atomic():
        programme = Programme.objects.create(
            organisation=organisation, created_by=created_by, title=title, description=description,
            modules=list(modules), scenarios=list(scenarios), starts_on=starts_on, ends_on=ends_on,
            follow_up_on=follow_up_on, supervision=supervision, climate_before=climate_before,
            climate_after=climate_after,
        )  # fmt: skip
        programme.teams.set(teams)
        programme.sessions.set(sessions)
        programme.group_series.set(group_series)
        for path, level in measures:
            text = path.read_text(encoding="utf-8")
            instrument = parse_instrument(text, str(path))
            Measure.objects.create(programme=programme, instrument_id=instrument.id, instrument_text=text, level=level)
        enrol_members(programme)
        audit_record(actor=created_by, action=AuditAction.CREATED, obj=programme, organisation=organisation)
    return programme


def enrol_members(programme: Programme) -> int:
    """Enrol everyone now in the programme's teams who is not enrolled yet. Returns how many joined."""
    enrolled = set(programme.participants.values_list("person_id", flat=True))
    added = 0
    for person_id in _cohort(programme).values_list("user_id", flat=True).distinct():
        if person_id not in enrolled:
            Participant.objects.create(programme=programme, person_id=person_id)
            enrolled.add(person_id)
            added += 1
    return added


def measure_answer(*, participant: Participant, measure: Measure, answers: dict, comments: dict | None = None,
                   share_comments: bool = False, today: date | None = None) -> MeasureResponse:  # fmt: skip
    programme = participant.programme
    occasion = open_occasion(programme, today)
    if occasion is None:
        raise MeasureClosed("These questions are not open at the moment.")
    try:
        with transaction.atomic():
            comments = {key: text.strip() for key, text in (comments or {}).items() if text.strip()}
            return MeasureResponse.objects.create(
                participant=participant, measure=measure, occasion=occasion, answers=answers,
                comments=json.dumps(comments) if comments else "", share_comments=share_comments and bool(comments),
            )  # fmt: skip
    except IntegrityError:
        raise MeasureClosed("You have already answered these questions this time. Thank you.") from None


@dataclass(frozen=True)
class Due:
    programme: Programme
    participant: Participant
    occasion: str
    measures: list[Measure]
    closes_on: date


def due_for(user, today: date | None = None) -> list[Due]:
    """The measures a person is asked to answer now, in each programme they take part in."""
    today = today or timezone.localdate()
    due = []
    for participant in Participant.objects.filter(person=user).select_related("programme"):
        programme = participant.programme
        occasion = open_occasion(programme, today)
        if occasion is None:
            continue
        answered = set(participant.responses.filter(occasion=occasion).values_list("measure_id", flat=True))
        waiting = [m for m in programme.measures.all() if m.pk not in answered]
        for measure in waiting:
            measure.title = instrument_of(measure).title
        if waiting:
            due.append(Due(programme, participant, occasion, waiting, window(programme, occasion)[1]))
    return due
