"""Every write to practice conversations, custom scenarios, comments and notes."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.rehearsal import coding
from attune.rehearsal.engine import engine, feedback
from attune.rehearsal.engine.counterpart import CounterpartError, Generative, Scripted
from attune.rehearsal.engine.scenario import source_hash
from attune.rehearsal.library import Entry, scenario_for_source
from attune.rehearsal.models import (
    Conversation,
    CustomScenario,
    ScenarioSource,
    Status,
    Turn,
    TurnComment,
)

logger = logging.getLogger("attune.rehearsal")
MAX_TURN_CHARS = 2000


class TurnRefused(Exception):
    """A turn that cannot be taken; the message is for the learner."""


class TurnConflict(TurnRefused):
    """Another tab or request took this turn first."""


def counterpart():
    if settings.ATTUNE_COUNTERPART == "generative" and settings.ATTUNE_COUNTERPART_URL:
        return Generative(
            base_url=settings.ATTUNE_COUNTERPART_URL,
            model=settings.ATTUNE_COUNTERPART_MODEL,
            api_key=settings.ATTUNE_COUNTERPART_API_KEY,
            timeout=settings.ATTUNE_COUNTERPART_TIMEOUT,
        )
    return Scripted()


def scenario_source_get_or_create(*, text: str) -> ScenarioSource:
    digest = source_hash(text)
    try:
        source, _ = ScenarioSource.objects.get_or_create(sha256=digest, defaults={"text": text})
    except IntegrityError:
        # Another request stored the same text between our look-up and insert.
        source = ScenarioSource.objects.get(sha256=digest)
    return source


def conversation_start(
    *, learner, entry: Entry, level: str, coaching: bool = True, preview: bool = False, seed: int | None = None
) -> Conversation:
    source = scenario_source_get_or_create(text=entry.source_text())
    seed = secrets.randbelow(2**31) if seed is None else seed
    state, opening = engine.start(entry.scenario, level=level, seed=seed)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            learner=learner,
            scenario_key=entry.key,
            scenario_title=entry.scenario.title,
            source=source,
            level=level,
            seed=seed,
            coaching=coaching,
            preview=preview,
            state=state.to_dict(),
        )
        Turn.objects.create(
            conversation=conversation,
            number=0,
            reply_text=opening.text,
            reply_line=opening.line_id,
            reply_cue=opening.cue or "",
            thought=opening.thought,
            state=state.to_dict(),
        )
    return conversation


def _history(conversation: Conversation) -> list[tuple[str, str]]:
    history = []
    for learner_text, reply_text in conversation.turns.values_list("learner_text", "reply_text"):
        if learner_text:
            history.append(("learner", learner_text))
        history.append(("person", reply_text))
    return history


def conversation_take_turn(*, conversation: Conversation, text: str, expected_number: int) -> Turn:
    """Code the learner's turn, move the conversation on, and save the turn.

    The slow parts (coding, wording the reply) run before the transaction, on the state as read. The
    save then locks the conversation and checks that nobody took this turn meanwhile, so a double
    submit or a second tab gets TurnConflict instead of a forked or duplicated conversation. A crash
    before the commit loses only this turn; the conversation resumes from the last saved one.
    """
    text = text.strip()
    if not text:
        raise TurnRefused("Type what you would say before sending.")
    if len(text) > MAX_TURN_CHARS:
        raise TurnRefused(f"Keep a turn under {MAX_TURN_CHARS} characters: yours has {len(text)}.")
    if conversation.status != Status.ACTIVE:
        raise TurnRefused("This conversation has ended.")
    if expected_number != conversation.turn_count + 1:
        raise TurnConflict("This conversation moved on in another window. Here is where it is now.")

    scenario = scenario_for_source(conversation.source)
    last_reply = conversation.turns.order_by("-number").values_list("reply_text", flat=True).first()
    result = coding.coder().code(text, last_reply)
    state, reply = engine.step(scenario, engine.State.from_dict(conversation.state), text, result)
    spoken, voiced_by = reply.text, "scripted"
    backend = counterpart()
    if backend.name != "scripted" and not reply.ending:
        try:
            spoken = backend.voice(scenario, state, reply, [*_history(conversation), ("learner", text)])
            voiced_by = backend.name
        except CounterpartError as error:
            # Administrators see this in the logs; the learner simply gets the authored line.
            logger.warning("counterpart fell back to the scripted line for conversation %s: %s", conversation.pk, error)
            voiced_by = "scripted (fallback)"

    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.turn_count != conversation.turn_count or locked.status != Status.ACTIVE:
            raise TurnConflict("This conversation moved on in another window. Here is where it is now.")
        turn = Turn.objects.create(
            conversation=locked,
            number=expected_number,
            learner_text=text,
            coding=result,
            reply_text=spoken,
            reply_line=reply.line_id,
            reply_cue=reply.cue or "",
            thought=reply.thought,
            voiced_by=voiced_by,
            state=state.to_dict(),
        )
        locked.state = state.to_dict()
        locked.turn_count = expected_number
        if reply.ending:
            locked.status = Status.ENDED
            locked.outcome = reply.outcome
            locked.ending = reply.ending
            locked.ended_at = timezone.now()
            locked.scores = conversation_debrief(locked)["scores"]
        locked.save()
    conversation.refresh_from_db()
    return turn


def conversation_debrief(conversation: Conversation) -> dict:
    turns = list(conversation.turns.values("number", "learner_text", "coding", "reply_text", "reply_cue", "thought"))
    scenario = scenario_for_source(conversation.source)
    return feedback.debrief(scenario, engine.State.from_dict(conversation.state), turns)


def conversation_end(*, conversation: Conversation) -> None:
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.status == Status.ACTIVE:
            locked.status = Status.ENDED
            locked.outcome = "ended_by_learner"
            locked.ended_at = timezone.now()
            locked.scores = conversation_debrief(locked)["scores"]
            locked.save(update_fields=["status", "outcome", "ended_at", "scores", "updated_at"])
    conversation.refresh_from_db()


def conversation_retry(*, conversation: Conversation, from_turn: int) -> Conversation:
    """A new attempt that keeps the turns before `from_turn` and lets the learner say that turn again."""
    kept = list(conversation.turns.filter(number__lt=from_turn))
    if not kept or from_turn < 1 or from_turn > conversation.turn_count:
        raise TurnRefused("There is no such turn to try again.")
    with transaction.atomic():
        retry = Conversation.objects.create(
            learner=conversation.learner,
            scenario_key=conversation.scenario_key,
            scenario_title=conversation.scenario_title,
            source=conversation.source,
            level=conversation.level,
            seed=conversation.seed,
            coaching=conversation.coaching,
            preview=conversation.preview,
            state=kept[-1].state,
            turn_count=kept[-1].number,
            parent=conversation,
            retried_from_turn=from_turn,
        )
        Turn.objects.bulk_create(
            Turn(
                conversation=retry,
                number=turn.number,
                learner_text=turn.learner_text,
                coding=turn.coding,
                reply_text=turn.reply_text,
                reply_line=turn.reply_line,
                reply_cue=turn.reply_cue,
                thought=turn.thought,
                voiced_by=turn.voiced_by,
                state=turn.state,
            )
            for turn in kept
        )
    return retry


def conversation_share(*, conversation: Conversation, organisation) -> None:
    with transaction.atomic():
        conversation.shared_with = organisation
        conversation.save(update_fields=["shared_with", "updated_at"])
        audit_record(
            actor=conversation.learner,
            action=AuditAction.CHANGED,
            obj=conversation,
            organisation=organisation,
            detail="transcript shared",
        )


def conversation_unshare(*, conversation: Conversation) -> None:
    with transaction.atomic():
        organisation = conversation.shared_with
        conversation.shared_with = None
        conversation.save(update_fields=["shared_with", "updated_at"])
        if organisation:
            audit_record(
                actor=conversation.learner,
                action=AuditAction.CHANGED,
                obj=conversation,
                organisation=organisation,
                detail="transcript sharing withdrawn",
            )


def turn_comment_create(*, turn: Turn, author, text: str) -> TurnComment:
    text = text.strip()
    if not text:
        raise TurnRefused("Write a comment before saving it.")
    with transaction.atomic():
        comment = TurnComment.objects.create(turn=turn, author=author, text=text[:2000])
        audit_record(actor=author, action=AuditAction.CREATED, obj=comment, organisation=turn.conversation.shared_with)
    return comment


def reflection_draft(conversation: Conversation, report: dict) -> str:
    """A first draft of a reflection from a debrief, in the learner's voice, for them to rewrite."""
    lines = [
        f"Practice conversation: {conversation.scenario_title} ({conversation.get_level_display().lower()}),"
        f" {conversation.started_at:%d %B %Y}.",
        "",
        "What happened",
        f"I practised a conversation of {conversation.turn_count} turns."
        + (f" {report['ending']['summary']}" if report["ending"] else " I ended it myself."),
        "",
        "What went well",
    ]
    lines += [f"- {item['title']}: I said “{item['quote']}”." for item in report["strengths"]] or ["- (your words)"]
    lines += ["", "What I would try next time"]
    lines += [
        f"- {item['title']}: instead of “{item['quote']}”, perhaps “{item['suggestion']}”."
        if item["suggestion"]
        else f"- {item['title']}: {item['why']}"
        for item in report["to_try"]
    ] or ["- (your words)"]
    missed = [stage["name"] for stage in report["stages"] if not stage["done"]]
    if missed:
        lines += ["", "Stages I did not reach: " + ", ".join(missed) + "."]
    lines += ["", "How I felt, and what this means for my practice", "(your words)"]
    return "\n".join(lines)


def custom_scenario_create(*, organisation, author, text: str, title: str, copied_from: str = "") -> CustomScenario:
    with transaction.atomic():
        custom = CustomScenario.objects.create(
            organisation=organisation,
            author=author,
            title=title,
            source=scenario_source_get_or_create(text=text),
            copied_from=copied_from,
        )
        audit_record(actor=author, action=AuditAction.CREATED, obj=custom, organisation=organisation)
    return custom


def custom_scenario_update(*, custom: CustomScenario, author, text: str, title: str) -> CustomScenario:
    """Save a new version. Conversations already started keep the text they started with."""
    with transaction.atomic():
        custom.source = scenario_source_get_or_create(text=text)
        custom.title = title
        custom.save(update_fields=["source", "title", "updated_at"])
        audit_record(actor=author, action=AuditAction.CHANGED, obj=custom, organisation=custom.organisation)
    return custom


def custom_scenario_publish(*, custom: CustomScenario, author, organisations, teams) -> None:
    """Publish to whole organisations and to particular teams (the caller checks the author may)."""
    with transaction.atomic():
        custom.published_at = timezone.now()
        custom.save(update_fields=["published_at", "updated_at"])
        custom.organisations.set(organisations)
        custom.teams.set(teams)
        audit_record(
            actor=author, action=AuditAction.CHANGED, obj=custom, organisation=custom.organisation, detail="published"
        )


def custom_scenario_unpublish(*, custom: CustomScenario, author) -> None:
    with transaction.atomic():
        custom.published_at = None
        custom.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=author, action=AuditAction.CHANGED, obj=custom, organisation=custom.organisation, detail="withdrawn"
        )
