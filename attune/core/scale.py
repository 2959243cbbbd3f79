"""Data at the size of a large trust, for load tests and benchmarks: `manage.py seed_scale`.

At scale 1: one organisation with 800 teams and 20,000 staff (a lead and 24 members per team, plus
facilitators, supervisors and admins), ten quarterly climate surveys that everyone answered (200,000
responses), 50,000
finished practice conversations with their turns, and 100,000 journal entries (encrypted as any other).
Everyone's password is SCALE_PASSWORD. Rows are written in large batches; a smaller `scale` gives the
same shape with fewer rows. Running it again adds nothing once the organisation exists.
"""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

SLUG = "scale-trust"
SCALE_PASSWORD = "scale-test-password-2026"
EMAIL_DOMAIN = "scale.attune.example"
BATCH = 5000


def _batches(model, rows) -> int:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
    return len(rows)


def seed(scale: float = 1.0, log=print) -> dict[str, int]:
    from attune.accounts.models import Membership, Organisation, Role, Team, User

    if Organisation.objects.filter(slug=SLUG).exists():
        log("The scale organisation already exists: nothing added.")
        return {}
    rng = random.Random(2026)  # noqa: S311 - made-up data
    counts: dict[str, int] = {}
    began = time.monotonic()

    def step(name: str, count: int) -> None:
        counts[name] = count
        log(f"{name}: {count:,} ({time.monotonic() - began:.0f} s)")

    teams_wanted = max(2, round(800 * scale))
    per_team = 25
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Scale Test Trust", slug=SLUG, kind="nhs_trust")
        teams = Team.objects.bulk_create(
            [Team(organisation=organisation, name=f"Team {n:03d}", slug=f"team-{n:03d}") for n in range(teams_wanted)]
        )
    step("teams", len(teams))

    password = make_password(SCALE_PASSWORD)
    users = [
        User(email=f"staff{n:05d}@{EMAIL_DOMAIN}", display_name=f"Staff Member {n:05d}", password=password,
             profession=rng.choice(["nurse", "midwife", "doctor", "ahp", "social_worker", "student"]))
        for n in range(teams_wanted * per_team)
    ]  # fmt: skip
    extra = [("facilitator", Role.FACILITATOR, 20), ("supervisor", Role.SUPERVISOR, 10), ("admin", Role.ORG_ADMIN, 2)]
    for key, _, count in extra:
        users += [User(email=f"{key}{n:02d}@{EMAIL_DOMAIN}", display_name=f"{key.title()} {n:02d}", password=password)
                  for n in range(count)]  # fmt: skip
    _batches(User, users)
    users = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email"))
    by_email = {u.email: u for u in users}
    memberships = []
    for n in range(teams_wanted * per_team):
        team = teams[n // per_team]
        role = Role.TEAM_LEAD if n % per_team == 0 else Role.MEMBER
        memberships.append(Membership(user=by_email[f"staff{n:05d}@{EMAIL_DOMAIN}"], organisation=organisation,
                                      team=team, role=role))  # fmt: skip
    for key, role, count in extra:
        memberships += [Membership(user=by_email[f"{key}{n:02d}@{EMAIL_DOMAIN}"], organisation=organisation,
                                   role=role) for n in range(count)]  # fmt: skip
    _batches(Membership, memberships)
    step("staff", teams_wanted * per_team)
    staff = [by_email[f"staff{n:05d}@{EMAIL_DOMAIN}"] for n in range(teams_wanted * per_team)]

    _surveys(organisation, teams, per_team, rng, step)
    _practice(staff, scale, rng, step)
    _journals(staff, scale, rng, step)
    return counts


def _surveys(organisation, teams, per_team, rng, step) -> None:
    from attune.consultation.campaigns import instrument_of
    from attune.consultation.models import Campaign, SurveyResponse

    text = (settings.CONTENT_DIR / "instruments" / "relational-climate.yaml").read_text(encoding="utf-8")
    total = 0
    for quarter in range(10):
        campaign = Campaign.objects.create(
            organisation=organisation, title=f"Team climate, quarter {quarter + 1}", instrument_id="relational-climate",
            instrument_text=text, closes_at=timezone.now() - timedelta(days=90 * (10 - quarter)), ask_profession=True,
        )  # fmt: skip
        campaign.teams.set(teams)
        items = [i.id for i in instrument_of(campaign).items]
        rows = []
        for team in teams:
            centre = rng.gauss(3.4, 0.5)
            for _ in range(per_team):
                person = rng.gauss(centre, 0.6)
                answers = {i: min(5, max(1, round(rng.gauss(person, 0.6)))) for i in items}
                rows.append(SurveyResponse(campaign=campaign, team=team, answers=answers,
                                           profession=rng.choice(["nursing", "medical", "midwifery", ""])))  # fmt: skip
        rng.shuffle(rows)
        total += _batches(SurveyResponse, rows)
    step("survey responses", total)


def _practice(staff, scale, rng, step) -> None:
    from attune.rehearsal import services
    from attune.rehearsal.library import builtin_entries
    from attune.rehearsal.models import Conversation, Status, Turn

    entries = builtin_entries()
    # One real conversation per scenario gives the shape of a state; the rest copy it.
    templates = []
    for entry in entries:
        started = services.conversation_start(learner=staff[0], entry=entry, level="standard", seed=1)
        templates.append((entry, started))
    wanted = round(50_000 * scale)
    conversations, turns = [], []
    now = timezone.now()
    for n in range(wanted):
        entry, template = templates[n % len(templates)]
        conversations.append(Conversation(
            learner=rng.choice(staff), scenario_key=entry.key, scenario_title=entry.scenario.title,
            source_id=template.source_id, level="standard", seed=n, state=template.state, status=Status.ENDED,
            turn_count=6, outcome="ended", ended_at=now - timedelta(days=rng.randint(0, 700)),
            scores={"stages": round(rng.uniform(0.2, 1), 2), "space": round(rng.uniform(0, 1), 2),
                    "reflections_per_question": round(rng.uniform(0, 2), 2)},
        ))  # fmt: skip
    _batches(Conversation, conversations)
    lines = ["Hello, I'm one of the nurses looking after him.", "What have you been told so far?",
             "That sounds frightening.", "I'm afraid the news is not what we hoped.", "What worries you most?",
             "Shall we talk about what happens next?"]  # fmt: skip
    for conversation in conversations:
        for number, text in enumerate(lines, start=1):
            turns.append(Turn(conversation_id=conversation.pk, number=number, learner_text=text,
                              coding={"act": "open_question", "flags": []}, reply_text="I see.",
                              reply_line="fallback", thought="(thinking)", state=conversation.state))  # fmt: skip
        if len(turns) >= BATCH * 4:
            _batches(Turn, turns)
            turns = []
    _batches(Turn, turns)
    step("practice conversations", wanted)


def _journals(staff, scale, rng, step) -> None:
    from attune.reflection.models import JournalEntry

    wanted = round(100_000 * scale)
    rows = []
    # Encrypted as they are written, like any entry: that is the slow part.
    for n in range(wanted):
        title = f"Reflection {n}"
        content = json.dumps({"parts": {"text": "After a hard conversation on the unit, what I noticed and what I "
                                                "would do differently next time."}, "tags": ["practice"]})  # fmt: skip
        rows.append(JournalEntry(author=rng.choice(staff), structure="free", title=title, content=content))
    _batches(JournalEntry, rows)
    step("journal entries", wanted)
