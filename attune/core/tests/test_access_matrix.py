"""Who can open what: every page that names a record, for every role, against an explicit matrix.

One of each kind of record is made, belonging to known people. Each role signs in and asks for each
page (GET) and sends each form (POST, empty): a role outside the matrix must get 404 (or 403), and a
role inside it must not. A page that names a record and is missing from the matrix fails the test, so
a new page cannot ship without saying who may see it.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attune.core.tests.test_url_walk import ALL, PUBLIC

ROLES = ("learner", "lead", "facilitator", "supervisor", "admin", "outsider")
DENIED = (403, 404)


@pytest.fixture
def estate(world):
    """One record of each kind. The learner (a member of Neonatal Unit) owns the personal ones; the
    facilitator runs the organisation's; the supervisor supervises the learner."""
    from attune.accounts.models import Invitation, Membership
    from attune.consultation import campaigns
    from attune.consultation.models import Action, Consultation
    from attune.evidence import services as evidence
    from attune.evidence.models import Level
    from attune.learning.models import Booking, BookingStatus, Certificate, TrainingSession
    from attune.reflection import services as reflection
    from attune.reflection.models import (
        GroupSeries,
        GroupSession,
        RevalidationPack,
        SupervisionAction,
        SupervisionAgreement,
        SupervisionSession,
    )
    from attune.rehearsal import services as rehearsal
    from attune.rehearsal.library import get_entry_or_404
    from attune.rehearsal.models import CustomScenario

    now, today = timezone.now(), timezone.localdate()
    e = {}
    e["entry"] = reflection.entry_create(author=world.learner, structure="free", title="Private", parts={"text": "x"},
                                         tags=[])  # fmt: skip
    e["pack"] = RevalidationPack.objects.create(author=world.learner, registrant_pin="12A3456B", partner_name="P",
                                                partner_pin="", discussion_date=today, entry_ids=[])  # fmt: skip
    e["agreement"] = SupervisionAgreement.objects.create(
        organisation=world.trust, supervisor=world.supervisor, supervisee=world.learner, kind="professional",
        frequency="monthly", confidentiality="Agreed", record_keeping="Agreed", review_on=today, status="agreed",
    )  # fmt: skip
    e["supervision_session"] = SupervisionSession.objects.create(agreement=e["agreement"], held_on=today)
    e["supervision_action"] = SupervisionAction.objects.create(session=e["supervision_session"], description="Read",
                                                               owner=world.learner, due_on=today)  # fmt: skip
    e["series"] = GroupSeries.objects.create(
        team=world.neonatal, facilitator=world.facilitator, kind="reflective_practice", title="Neonatal group"
    )
    e["group_session"] = GroupSession.objects.create(series=e["series"], starts_at=now + timedelta(minutes=30))
    e["training"] = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Workshop", description="x", mode="in_person",
        venue="Room 1", starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2), capacity=10,
        booking_deadline=now + timedelta(days=2), cpd_hours=2,
    )  # fmt: skip
    Booking.objects.create(session=e["training"], learner=world.learner, status=BookingStatus.CONFIRMED)
    e["certificate"] = Certificate.objects.create(learner=world.learner, kind="module", reference="trust",
                                                  title="Trust", holder_name="L", issuer="Attune",
                                                  completed_on=today, hours=1)  # fmt: skip
    first = get_entry_or_404(world.learner, "first-conversation")
    e["conversation"] = rehearsal.conversation_start(learner=world.learner, level="standard", seed=1, entry=first)
    e["custom"] = CustomScenario.objects.create(organisation=world.trust, author=world.facilitator, title="Ours",
                                                source=e["conversation"].source)  # fmt: skip
    e["consultation"] = Consultation.objects.create(organisation=world.trust, team=world.neonatal,
                                                    requested_by=world.lead, challenge="Handovers",
                                                    status="accepted", facilitator=world.facilitator)  # fmt: skip
    e["action"] = Action.objects.create(consultation=e["consultation"], description="Huddle", owner="Lead",
                                        due_on=today)  # fmt: skip
    e["campaign"] = campaigns.campaign_start(
        organisation=world.trust, created_by=world.facilitator, title="Climate", teams=[world.neonatal],
        instrument_path=settings.CONTENT_DIR / "instruments" / "wellbeing-check.yaml",
        closes_at=now + timedelta(days=7),
    )  # fmt: skip
    e["programme"] = evidence.programme_create(
        organisation=world.trust, created_by=world.facilitator, title="Programme", description="",
        teams=[world.neonatal], starts_on=today, ends_on=today + timedelta(days=30),
        follow_up_on=today + timedelta(days=90),
        measures=[(settings.CONTENT_DIR / "instruments" / "hard-conversations-confidence.yaml", Level.LEARNING)],
    )  # fmt: skip
    e["invitation"] = Invitation.objects.create(organisation=world.trust, role="member", email="new@example.org",
                                                token_hash="0" * 64, invited_by=world.admin,
                                                expires_at=now + timedelta(days=7))  # fmt: skip
    e["membership"] = Membership.objects.get(user=world.learner, organisation=world.trust)
    from attune.core.models import PreparedFile

    e["prepared"] = PreparedFile.objects.create(owner=world.learner, kind="survey-report", title="A file",
                                                status="ready", filename="a.pdf", content=b"%PDF-1.4",
                                                content_type="application/pdf")  # fmt: skip

    # Records in the states that some pages need before anyone may act on them.
    from attune.consultation.models import SurveyResponse
    from attune.learning.models import ModuleProgress

    e["requested"] = Consultation.objects.create(organisation=world.trust, team=world.neonatal,
                                                 requested_by=world.lead, challenge="Rota")  # fmt: skip
    SurveyResponse.objects.bulk_create(
        [SurveyResponse(campaign=e["campaign"], team=world.neonatal, answers={"coping": 4}) for _ in range(6)]
    )
    ModuleProgress.objects.create(learner=world.learner, module="trust", title="Trust", completed_at=now)
    e["past_training"] = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Earlier", description="x", mode="in_person",
        venue="Room 1", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2) + timedelta(hours=2),
        capacity=10, booking_deadline=now - timedelta(days=3), cpd_hours=2,
    )  # fmt: skip
    Booking.objects.create(session=e["past_training"], learner=world.learner, status=BookingStatus.CONFIRMED,
                           attended=True)  # fmt: skip
    e["proposed"] = SupervisionAgreement.objects.create(
        organisation=world.trust, supervisor=world.supervisor, supervisee=world.lead, kind="restorative",
        frequency="monthly", confidentiality="Agreed", record_keeping="Agreed", review_on=today,
    )  # fmt: skip
    e["shared_entry"] = reflection.entry_create(author=world.learner, structure="free", title="Shared",
                                                parts={"text": "y"}, tags=[])  # fmt: skip
    reflection.entry_share(entry=e["shared_entry"], supervisor=world.supervisor)
    rehearsal.conversation_take_turn(conversation=e["conversation"], text="Hello, I'm Sam, one of the nurses.",
                                     expected_number=1)  # fmt: skip
    rehearsal.conversation_share(conversation=e["conversation"], organisation=world.trust)
    return e


def _args(world, e) -> dict[str, list]:
    """The arguments that name each record in each page's address."""
    trust, team = world.trust.slug, world.neonatal.slug
    return {
        "accounts:team_detail": [trust, team],
        "accounts:organisation_detail": [trust],
        "accounts:team_create": [trust],
        "accounts:team_edit": [trust, team],
        "accounts:member_list": [trust],
        "accounts:member_detail": [trust, world.learner.pk],
        "accounts:member_two_factor_reset": [trust, world.learner.pk],
        "accounts:membership_remove": [trust, e["membership"].pk],
        "accounts:invitation_list": [trust],
        "accounts:invitation_revoke": [trust, e["invitation"].pk],
        "accounts:audit_log": [trust],
        "learning:session": [e["training"].pk],
        "learning:session_book": [e["training"].pk],
        "learning:session_cancel_booking": [e["training"].pk],
        "learning:session_calendar": [e["training"].pk],
        "learning:session_edit": [e["training"].pk],
        "learning:session_cancel": [e["training"].pk],
        "learning:session_register": [e["training"].pk],
        "learning:session_feedback": [e["past_training"].pk],
        "learning:certificate_issue": ["module", "trust"],
        "learning:certificate_pdf": [e["certificate"].code],
        "rehearsal:brief": ["first-conversation"],
        "rehearsal:conversation": [e["conversation"].pk],
        "rehearsal:turn": [e["conversation"].pk],
        "rehearsal:end": [e["conversation"].pk],
        "rehearsal:debrief": [e["conversation"].pk],
        "rehearsal:retry": [e["conversation"].pk, 1],
        "rehearsal:share": [e["conversation"].pk],
        "rehearsal:shared_conversation": [e["conversation"].pk],
        "rehearsal:authoring_edit": [e["custom"].pk],
        "rehearsal:authoring_preview": [e["custom"].pk],
        "rehearsal:authoring_publish": [e["custom"].pk],
        "reflection:entry": [e["entry"].pk],
        "reflection:edit": [e["entry"].pk],
        "reflection:delete": [e["entry"].pk],
        "reflection:share": [e["entry"].pk],
        "reflection:unshare": [e["shared_entry"].pk, world.supervisor.pk],
        "reflection:shared_entry": [e["shared_entry"].pk],
        "reflection:pack": [e["pack"].pk],
        "reflection:pack_download": [e["pack"].pk, "pdf"],
        "reflection:cpd_download": ["pdf"],
        "reflection:agreement": [e["agreement"].pk],
        "reflection:agreement_accept": [e["proposed"].pk],
        "reflection:supervision_session_new": [e["agreement"].pk],
        "reflection:supervision_session": [e["supervision_session"].pk],
        "reflection:action_done": [e["supervision_action"].pk],
        "reflection:series": [e["series"].pk],
        "reflection:group_session": [e["group_session"].pk],
        "reflection:group_answer": [e["group_session"].pk, "check_in"],
        "reflection:group_run": [e["group_session"].pk],
        "consultation:detail": [e["consultation"].pk],
        "consultation:respond": [e["requested"].pk],
        "consultation:save": [e["consultation"].pk, "plan"],
        "consultation:action_status": [e["consultation"].pk, e["action"].pk],
        "consultation:campaign": [e["campaign"].pk],
        "consultation:campaign_import": [e["campaign"].pk],
        "consultation:campaign_report": [e["campaign"].pk],
        "consultation:campaign_report_pdf": [e["campaign"].pk],
        "consultation:team_report": [e["campaign"].pk, world.neonatal.pk],
        "evidence:detail": [e["programme"].pk],
        "core:prepared_file": [e["prepared"].pk],
        "core:prepared_file_download": [e["prepared"].pk],
        "evidence:enrol": [e["programme"].pk],
        "evidence:report": [e["programme"].pk],
        "evidence:report_pdf": [e["programme"].pk],
        "evidence:export": [e["programme"].pk],
        "evidence:mine": [e["programme"].pk],
        "evidence:answer": [e["programme"].pk, e["programme"].measures.get().pk],
    }


NAMED_RECORD = [name for name, route, _ in ALL if name and name not in PUBLIC and "<" in route
                and not name.startswith("admin:")]  # fmt: skip


# For each page: the roles that may open it (GET) and send it (POST); everyone else gets 404 or 403.
# "everyone" is every signed-in role. "*" means the page only takes POST, so every role's GET is refused
# with 405 before anything is looked up. The learner is a member of Neonatal Unit and owns the personal
# records; the lead leads Neonatal Unit; the facilitator, supervisor and admin hold those roles in the
# trust; the outsider belongs to another organisation.
EXPECTED = {
    "accounts:audit_log": ("admin", "admin"),
    "accounts:invitation_list": ("admin", "admin"),
    "accounts:invitation_revoke": ("*", "admin"),
    "accounts:member_detail": ("admin", "admin"),
    "accounts:member_list": ("admin", "admin"),
    "accounts:member_two_factor_reset": ("*", "admin"),
    "accounts:membership_remove": ("*", "admin"),
    "accounts:organisation_detail": ("admin", "admin"),
    "accounts:team_create": ("admin", "admin"),
    "accounts:team_detail": ("learner lead facilitator admin", "learner lead facilitator admin"),
    "accounts:team_edit": ("admin", "admin"),
    "consultation:action_status": ("*", "lead facilitator"),
    "consultation:campaign": ("lead facilitator", "lead facilitator"),
    "consultation:campaign_import": ("*", "lead facilitator"),
    "consultation:campaign_report": ("lead facilitator", "lead facilitator"),
    "consultation:campaign_report_pdf": ("*", "lead facilitator"),
    "consultation:detail": ("lead facilitator", "lead facilitator"),
    "consultation:respond": ("*", "facilitator"),
    "consultation:save": ("*", "facilitator"),
    "consultation:team_report": ("lead facilitator", "lead facilitator"),
    "evidence:answer": ("learner lead", "learner lead"),
    "evidence:detail": ("facilitator", "facilitator"),
    "evidence:enrol": ("*", "facilitator"),
    "evidence:export": ("facilitator", "facilitator"),
    "evidence:mine": ("learner lead", "learner lead"),
    "evidence:report": ("facilitator", "facilitator"),
    "evidence:report_pdf": ("*", "facilitator"),
    "core:prepared_file": ("learner", "learner"),
    "core:prepared_file_download": ("learner", "learner"),
    "learning:certificate_issue": ("*", "learner"),
    "learning:certificate_pdf": ("learner", "learner"),
    "learning:session": ("learner lead facilitator supervisor admin", "learner lead facilitator supervisor admin"),
    "learning:session_book": ("*", "learner lead facilitator supervisor admin"),
    "learning:session_calendar": ("learner", "learner"),
    "learning:session_cancel": ("*", "facilitator"),
    "learning:session_cancel_booking": ("*", "learner"),
    "learning:session_edit": ("facilitator", "facilitator"),
    "learning:session_feedback": ("learner", "learner"),
    "learning:session_register": ("facilitator", "facilitator"),
    "reflection:action_done": ("*", "learner supervisor"),
    "reflection:agreement": ("learner supervisor", "learner supervisor"),
    "reflection:agreement_accept": ("*", "lead"),
    "reflection:cpd_download": (
        "everyone",
        "everyone",
    ),
    "reflection:delete": ("learner", "learner"),
    "reflection:edit": ("learner", "learner"),
    "reflection:entry": ("learner", "learner"),
    "reflection:group_answer": ("*", "learner lead"),
    "reflection:group_run": ("", "facilitator"),
    "reflection:group_session": ("learner lead facilitator", "learner lead facilitator"),
    "reflection:pack": ("learner", "learner"),
    "reflection:pack_download": ("learner", "learner"),
    "reflection:series": ("learner lead facilitator", "facilitator"),
    "reflection:share": ("*", "learner"),
    "reflection:shared_entry": ("supervisor", "supervisor"),
    "reflection:supervision_session": ("learner supervisor", "learner supervisor"),
    "reflection:supervision_session_new": ("learner supervisor", "learner supervisor"),
    "reflection:unshare": ("*", "learner"),
    "rehearsal:authoring_edit": ("facilitator", "facilitator"),
    "rehearsal:authoring_preview": ("*", "facilitator"),
    "rehearsal:authoring_publish": ("*", "facilitator"),
    "rehearsal:brief": (
        "everyone",
        "everyone",
    ),
    "rehearsal:conversation": ("learner", "learner"),
    "rehearsal:debrief": ("learner", "learner"),
    "rehearsal:end": ("*", "learner"),
    "rehearsal:retry": ("*", "learner"),
    "rehearsal:share": ("*", "learner"),
    "rehearsal:shared_conversation": ("facilitator", ""),
    "rehearsal:turn": ("*", "learner"),
}


def test_every_page_that_names_a_record_is_in_the_matrix():
    assert not set(NAMED_RECORD) - set(EXPECTED), "say who may open these pages"


def _allowed(spec: str) -> set[str]:
    return set(ROLES) if spec in ("*", "everyone") else set(spec.split())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_reaches_only_what_the_matrix_allows(world, estate, signed_in, name):
    url = reverse(name, args=_args(world, estate)[name])
    get_spec, post_spec = EXPECTED[name]
    for role in ROLES:
        status = signed_in(getattr(world, role)).get(url).status_code
        if get_spec == "*":
            assert status == 405, (role, "GET", status)
        elif role in _allowed(get_spec):
            assert status not in DENIED and status < 500, (role, "GET", status)
        else:
            assert status in DENIED, (role, "GET", status)
    # Refused roles first: a permitted send can change the record (delete it, end it) for those after it.
    for role in sorted(ROLES, key=lambda r: r in _allowed(post_spec)):
        status = signed_in(getattr(world, role)).post(url, {}).status_code
        if role in _allowed(post_spec):
            assert status not in DENIED and status < 500, (role, "POST", status)
        else:
            assert status in DENIED, (role, "POST", status)
