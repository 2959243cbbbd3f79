"""Demo consultation: the Neonatal Unit asked for help with tense handovers. Safe to run again.

Priya (facilitator) accepted it, wrote a formulation, agreed a plan and actions with Grace (team lead),
and ran a climate survey across the trust's three teams in the spring, with paper responses from
staff who do not use Attune. A repeat survey is open now. Every answer and comment is fictional.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from attune.accounts.demo import DEMO_DOMAIN, TRUST
from attune.accounts.models import Team, User
from attune.consultation import campaigns
from attune.consultation.models import (
    Action,
    ActionStatus,
    Campaign,
    Consultation,
    Meeting,
    Source,
    Status,
    SurveyComment,
    SurveyResponse,
)

CHALLENGE = (
    "Handovers on the unit have become tense since we took on four more cots. People talk over each other, "
    "juniors say they are afraid to ask questions, and two nurses have said they dread the morning handover."
)
# Each team's typical answer (1 to 5) in the spring survey, and how many answered on paper.
SPRING = {"Neonatal Unit": (3.0, 24), "Maternity": (3.6, 18), "Paediatric Ward": (3.4, 15)}
COMMENTS = [
    ("Neonatal Unit", "We are short of nurses on most nights and the rota changes at the last minute."),
    ("Neonatal Unit", "Night shifts are understaffed and we rarely get a break."),
    ("Neonatal Unit", "When staffing is this thin nobody has time to teach the new starters."),
    ("Neonatal Unit", "The morning handover is rushed and people talk over each other."),
    ("Neonatal Unit", "Handover feels like a test: juniors are afraid to ask a question in front of everyone."),
    ("Neonatal Unit", "I would like a few minutes after handover to check what I did not understand."),
    ("Maternity", "My colleagues are kind and always check I am all right after a difficult birth."),
    ("Maternity", "People here look out for each other, especially after a hard shift."),
    ("Maternity", "The team is supportive and I feel I can ask anyone for help."),
    ("Maternity", "There is never time to talk about a difficult delivery before the next one."),
    ("Paediatric Ward", "We never get to debrief after a child dies; we just carry on."),
    ("Paediatric Ward", "A debrief after a resuscitation would help us as a team."),
    ("Paediatric Ward", "Senior staff do not always listen when we raise a concern about a patient."),
    ("Paediatric Ward", "When I raised a safety concern I felt brushed off by the consultant."),
]


def _answers(instrument, centre: float, rng: random.Random) -> dict:
    # People differ more from each other than their answers differ from question to question, as in real
    # surveys, so that the subscales hold together (Cronbach's alpha around 0.8).
    person = rng.gauss(centre, 0.7)
    answers = {}
    for item in instrument.items:
        value = min(5, max(1, round(rng.gauss(person, 0.55))))
        # Reverse-scored items are worded the other way round, so people answer them the other way.
        answers[item.id] = 6 - value if item.reverse else value
        if rng.random() < 0.03:
            answers[item.id] = None
    return answers


def seed_consultation() -> int:
    """Returns 1 when the demo consultation was created, 0 when it was already there."""
    grace = User.objects.filter(email=f"grace.lead@{DEMO_DOMAIN}").first()
    priya = User.objects.filter(email=f"priya.facilitator@{DEMO_DOMAIN}").first()
    teams = {t.name: t for t in Team.objects.filter(organisation__slug=TRUST)}
    if grace is None or priya is None or Consultation.objects.filter(team=teams.get("Neonatal Unit")).exists():
        return 0
    neonatal = teams["Neonatal Unit"]
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        organisation=neonatal.organisation, team=neonatal, requested_by=grace, challenge=CHALLENGE,
        status=Status.ACCEPTED, facilitator=priya, participants="The whole nursing and medical team, in two groups.",
        patterns="Handover has become the place where the pressure of the extra cots shows. Seniors answer "
        "questions briskly; juniors read that as judgement and stop asking.",
        maintaining="No protected time; the busiest hour of the day; no one names the tension, so it stays.",
        hypotheses="If handover had a predictable shape and a moment for questions, threat would fall.",
        plan="A climate survey across the trust's teams, a reflective group for the unit every month, and a "
        "short handover structure tried for six weeks. Then the survey again.",
        tools=["survey", "group", "training"],
    )  # fmt: skip
    Meeting.objects.create(consultation=consultation, starts_at=timezone.now() - timedelta(days=60),
                           place="Neonatal Unit seminar room")  # fmt: skip
    Meeting.objects.create(consultation=consultation, starts_at=timezone.now() + timedelta(days=14),
                           place="Neonatal Unit seminar room")  # fmt: skip
    for description, owner, due, status in [
        ("Ten protected minutes for questions at the end of every handover", "Grace Whitfield", -20,
         ActionStatus.DONE),
        ("A monthly reflective group for the unit", "Dr Priya Anand", -10, ActionStatus.DOING),
        ("Seniors take turns to lead handover and invite questions by name", "Grace Whitfield", 20,
         ActionStatus.OPEN),
    ]:  # fmt: skip
        Action.objects.create(consultation=consultation, description=description, owner=owner,
                              due_on=today + timedelta(days=due), status=status)  # fmt: skip

    text = (settings.CONTENT_DIR / "instruments" / "relational-climate.yaml").read_text(encoding="utf-8")
    spring = Campaign.objects.create(
        organisation=neonatal.organisation, consultation=consultation, created_by=priya,
        title="Team climate across the trust, spring", instrument_id="relational-climate", instrument_text=text,
        closes_at=timezone.now() - timedelta(days=45), ask_profession=True,
    )  # fmt: skip
    spring.teams.set(teams.values())
    instrument = campaigns.instrument_of(spring)
    rng = random.Random(2026)  # noqa: S311 - fictional answers, not a secret
    professions = ["nursing", "nursing", "medical", "midwifery", "allied_health", "support"]

    def answered(campaign, name, centre, count):
        return [
            SurveyResponse(campaign=campaign, team=teams[name], answers=_answers(instrument, centre, rng),
                           profession=rng.choice(professions), source=Source.PAPER)
            for _ in range(count)
        ]  # fmt: skip

    rows = [row for name, (centre, count) in SPRING.items() for row in answered(spring, name, centre, count)]
    rng.shuffle(rows)
    SurveyResponse.objects.bulk_create(rows)
    SurveyComment.objects.bulk_create(
        [SurveyComment(campaign=spring, team=teams[name], question="comment", text=text) for name, text in COMMENTS]
    )
    # The repeat is open: everyone in the three teams has a personal link (demo emails are not sent).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        repeat = campaigns.campaign_start(
            organisation=neonatal.organisation, created_by=priya, title="Team climate across the trust, autumn",
            teams=list(teams.values()), closes_at=timezone.now() + timedelta(days=10), ask_profession=True,
            consultation=consultation, repeats=spring,
        )  # fmt: skip
    rows = answered(repeat, "Neonatal Unit", 3.6, 20) + answered(repeat, "Maternity", 3.7, 12)
    rng.shuffle(rows)
    SurveyResponse.objects.bulk_create(rows)
    return 1
