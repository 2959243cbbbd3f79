"""Programmes: creating one, answering its measures, the results a facilitator sees, a participant's
own reliable change, the report, the export, and who may see what."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.evidence import outcomes, services
from attune.evidence.models import Level, MeasureResponse, Occasion, Participant, Programme
from conftest import make_user

CONFIDENCE = settings.CONTENT_DIR / "instruments" / "hard-conversations-confidence.yaml"
USE = settings.CONTENT_DIR / "instruments" / "relational-practice-use.yaml"


def add_members(team, count):
    people = []
    for n in range(count):
        person = make_user(f"p{n}@{team.slug}.example", f"Person {n}")
        Membership.objects.create(user=person, organisation=team.organisation, team=team, role=Role.MEMBER)
        people.append(person)
    return people


@pytest.fixture
def programme(world):
    add_members(world.neonatal, 4)  # six with the learner and the lead
    today = timezone.localdate()
    return services.programme_create(
        organisation=world.trust, created_by=world.facilitator, title="Hard conversations in neonatal care",
        description="Modules, a live session and practice.", teams=[world.neonatal],
        measures=[(CONFIDENCE, Level.LEARNING), (USE, Level.BEHAVIOUR)], starts_on=today,
        ends_on=today + timedelta(days=42), follow_up_on=today + timedelta(days=130),
    )  # fmt: skip


def answer(participant, measure, occasion, value):
    """Every item scored `value`: reverse-scored items are answered the other way round."""
    instrument = services.instrument_of(measure)
    scale = [p.value for p in instrument.scale.points]
    answers = {item.id: min(scale) + max(scale) - value if item.reverse else value for item in instrument.items}
    MeasureResponse.objects.create(participant=participant, measure=measure, occasion=occasion, answers=answers)


def test_creating_a_programme_enrols_the_teams_and_copies_the_measures(world, signed_in, client):
    add_members(world.neonatal, 1)
    signed_in(world.facilitator)
    today = timezone.localdate()
    response = client.post(
        reverse("evidence:new"),
        {"title": "Hard conversations", "teams": [world.neonatal.pk], "starts_on": today,
         "ends_on": today + timedelta(days=30), "follow_up_on": today + timedelta(days=120),
         "measure:hard-conversations-confidence.yaml": "learning"},
    )  # fmt: skip
    programme = Programme.objects.get()
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert programme.participants.count() == 3
    (measure,) = programme.measures.all()
    assert measure.level == "learning" and "How confident" in measure.instrument_text
    # A follow-up before the end, and no measure, are refused with messages.
    bad = client.post(reverse("evidence:new"), {"title": "X", "teams": [world.neonatal.pk], "starts_on": today,
                                                "ends_on": today, "follow_up_on": today})  # fmt: skip
    page = bad.content.decode()
    assert bad.status_code == 400 and "The follow-up must be after the end" in page
    assert "Choose at least one measure" in page


def test_a_participant_answers_once_per_occasion_and_zero_is_an_answer(world, signed_in, client, programme):
    signed_in(world.learner)
    measure = programme.measures.get(instrument_id="hard-conversations-confidence")
    home = client.get(reverse("evidence:list")).content.decode()
    assert reverse("evidence:answer", args=[programme.pk, measure.pk]) in home
    instrument = services.instrument_of(measure)
    data = {item.id: 0 for item in instrument.items}
    response = client.post(reverse("evidence:answer", args=[programme.pk, measure.pk]), data)
    assert response.status_code == 302
    stored = MeasureResponse.objects.get()
    assert stored.occasion == Occasion.BASELINE and set(stored.answers.values()) == {0}
    assert instrument.score(stored.answers)["confidence"] == 0
    again = client.post(reverse("evidence:answer", args=[programme.pk, measure.pk]), data)
    assert again.status_code == 302 and MeasureResponse.objects.count() == 1
    # Between the baseline and the end nothing is open.
    participant = Participant.objects.get(person=world.learner)
    with pytest.raises(services.MeasureClosed):
        services.measure_answer(participant=participant, measure=measure, answers=data,
                                today=programme.starts_on + timedelta(days=20))  # fmt: skip


def test_the_results_pair_the_same_people_and_match_the_worked_example(world, programme, settings):
    """Five people, before 2, 3, 4, 5, 6 and at the end 4, 4, 6, 6, 8 (every item the same): changes 2, 1, 2,
    1, 2, mean 1.6, SD of changes 0.5477, t(4) = 2.776, interval 1.6 +/- 0.680 = 0.920 to 2.280. SD before
    and after are 1.5811 and 1.6733, so d_av = 1.6 / 1.6272 = 0.9833 and g_av = 0.9833 x (1 - 3/15) = 0.7866."""
    settings.ATTUNE_MIN_GROUP_SIZE = 5
    measure = programme.measures.get(instrument_id="hard-conversations-confidence")
    participants = list(programme.participants.order_by("pk"))
    for participant, before, after in zip(participants, [2, 3, 4, 5, 6], [4, 4, 6, 6, 8], strict=False):
        answer(participant, measure, Occasion.BASELINE, before)
        answer(participant, measure, Occasion.END, after)
    result = outcomes.programme_outcome(programme)
    (confidence,) = next(m for m in result.measures if m.measure == measure).subscales
    to_end, to_follow_up = confidence.changes
    p = to_end.paired
    assert p.n == 5 and p.mean_difference == pytest.approx(1.6)
    assert (p.ci_low, p.ci_high) == (pytest.approx(0.920, abs=1e-3), pytest.approx(2.280, abs=1e-3))
    assert p.g_av == pytest.approx(0.7866, abs=1e-4)
    assert to_end.missing.completers == 5 and to_end.missing.neither == 1  # the sixth person never answered
    # Everyone missed the follow-up: nothing is computed, and the page says why.
    assert to_follow_up.paired is None and to_follow_up.missing.baseline_only == 5
    assert "0 people answered both times" in to_follow_up.withheld
    assert result.summary["learning"][0][0] == "Confidence in hard conversations: before to the end"


def test_below_the_minimum_nothing_is_shown_and_one_change_for_all_has_no_effect_size(world, programme, settings):
    settings.ATTUNE_MIN_GROUP_SIZE = 3
    measure = programme.measures.get(instrument_id="hard-conversations-confidence")
    participants = list(programme.participants.all())
    for participant in participants[:2]:
        answer(participant, measure, Occasion.BASELINE, 3)
        answer(participant, measure, Occasion.END, 5)
    change = outcomes.measure_outcome(measure, len(participants)).subscales[0].changes[0]
    assert change.paired is None and "2 people answered both times" in change.withheld
    answer(participants[2], measure, Occasion.BASELINE, 6)
    answer(participants[2], measure, Occasion.END, 8)
    change = outcomes.measure_outcome(measure, len(participants)).subscales[0].changes[0]
    assert change.paired.mean_difference == 2 and change.paired.g_av is None
    assert "changed by exactly the same amount" in change.paired.reason


def test_a_participant_sees_their_own_reliable_change_and_nobody_elses(world, signed_in, client, programme):
    measure = programme.measures.get(instrument_id="hard-conversations-confidence")
    instrument = services.instrument_of(measure)
    # Norms: twenty earlier baseline answers to the same text, in another programme, with some spread.
    other = services.programme_create(
        organisation=world.trust, created_by=world.facilitator, title="Earlier cohort", description="",
        teams=[world.maternity], measures=[(CONFIDENCE, Level.LEARNING)], starts_on=programme.starts_on,
        ends_on=programme.ends_on, follow_up_on=programme.follow_up_on,
    )  # fmt: skip
    earlier_measure = other.measures.get()
    for n, person in enumerate(add_members(world.maternity, 20)):
        participant = Participant.objects.create(programme=other, person=person)
        answers = {item.id: (n % 7) + (i % 3) for i, item in enumerate(instrument.items)}
        MeasureResponse.objects.create(participant=participant, measure=earlier_measure, occasion="baseline",
                                       answers=answers)  # fmt: skip
    mine = Participant.objects.get(programme=programme, person=world.learner)
    answer(mine, measure, Occasion.BASELINE, 2)
    answer(mine, measure, Occasion.END, 9)
    signed_in(world.learner)
    page = client.get(reverse("evidence:mine", args=[programme.pk])).content.decode()
    assert "reliable improvement" in page and "+7.0" in page and "only you see this page" in page
    # Nobody else reaches it: not the lead (another participant, who sees their own) nor the facilitator.
    signed_in(world.lead)
    assert "+7.0" not in client.get(reverse("evidence:mine", args=[programme.pk])).content.decode()
    signed_in(world.outsider)
    assert client.get(reverse("evidence:mine", args=[programme.pk])).status_code == 404


def test_only_the_organisations_facilitators_see_the_dashboard_report_and_export(world, signed_in, client, programme):
    for persona in ("learner", "lead", "supervisor", "admin", "outsider"):
        signed_in(getattr(world, persona))
        for name in ("evidence:detail", "evidence:report", "evidence:export"):
            assert client.get(reverse(name, args=[programme.pk])).status_code == 404, (persona, name)
        assert client.post(reverse("evidence:report_pdf", args=[programme.pk])).status_code == 404, persona
    signed_in(world.facilitator)
    assert client.get(reverse("evidence:detail", args=[programme.pk])).status_code == 200


def test_the_report_pdf_and_the_export_carry_the_figures_and_no_one_s_identity(
    world, signed_in, client, programme, settings, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    settings.ATTUNE_MIN_GROUP_SIZE = 5
    measure = programme.measures.get(instrument_id="relational-practice-use")
    participants = list(programme.participants.order_by("pk"))
    for participant, before, after in zip(participants, [2, 2, 3, 3, 4], [3, 4, 4, 4, 5], strict=False):
        answer(participant, measure, Occasion.BASELINE, before)
        answer(participant, measure, Occasion.END, after)
    MeasureResponse.objects.filter(participant=participants[0], occasion="end").update(
        comments='{"example": "I waited after telling a mother and she asked her question."}', share_comments=True
    )
    MeasureResponse.objects.filter(participant=participants[1], occasion="end").update(
        comments='{"example": "Private: not shared."}', share_comments=False
    )
    signed_in(world.facilitator)
    report = client.get(reverse("evidence:report", args=[programme.pk])).content.decode()
    # 0 to 100: each step of the five-point scale is 25; the changes 1, 2, 1, 1, 1 average 1.2 steps.
    assert "Use of relational skills at work" in report and "+30.00" in report
    assert "she asked her question" in report and "Private" not in report
    from attune.consultation.tests.test_reports import prepared

    pdf = prepared(client, reverse("evidence:report_pdf", args=[programme.pk]), django_capture_on_commit_callbacks)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Hard conversations in neonatal care" in text and "+30.00" in text
    export = client.get(reverse("evidence:export", args=[programme.pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert len(rows) == 5 and {r["participant"] for r in rows} == {f"P00{n}" for n in range(1, 6)}
    assert sorted(r["relational-practice-use:use:baseline"] for r in rows) == ["25.00", "25.00", "50.00", "50.00",
                                                                              "75.00"]  # fmt: skip
    for person in participants:
        assert person.person.email not in export and person.person.display_name not in export
    assert "waited" not in export


def test_the_export_waits_for_the_minimum(world, signed_in, client, programme):
    measure = programme.measures.first()
    answer(programme.participants.first(), measure, Occasion.BASELINE, 3)
    signed_in(world.facilitator)
    response = client.get(reverse("evidence:export", args=[programme.pk]))
    assert response.status_code == 302


def test_a_persons_answers_are_in_their_data_export_and_stay_unnamed_after_deletion(world, programme):
    from attune.accounts import personal_data

    measure = programme.measures.first()
    mine = Participant.objects.get(programme=programme, person=world.learner)
    answer(mine, measure, Occasion.BASELINE, 4)
    exported = {s.name: s.export(world.learner) for s in personal_data.sections()}["evidence"]
    assert exported["programmes"] == ["Hard conversations in neonatal care"] and len(exported["answers"]) == 1
    world.learner.delete()
    mine.refresh_from_db()
    assert mine.person is None and mine.responses.count() == 1


def test_the_home_page_asks_participants_for_their_answers_and_nobody_else(world, signed_in, client, programme):
    signed_in(world.learner)
    home = client.get("/").content.decode()
    assert "A few questions for your programme" in home and "Confidence in hard conversations" in home
    signed_in(world.outsider)
    assert "A few questions for your programme" not in client.get("/").content.decode()


def test_taking_part_counts_attendance_completion_and_supervision_but_nothing_said(world, programme):
    from attune.learning.models import ModuleProgress
    from attune.reflection.models import SupervisionAgreement, SupervisionSession

    programme.supervision = True
    programme.modules = ["giving-difficult-news"]
    programme.save()
    ModuleProgress.objects.create(learner=world.learner, module="giving-difficult-news", title="x",
                                  completed_at=timezone.now())  # fmt: skip
    ModuleProgress.objects.create(learner=world.lead, module="giving-difficult-news", title="x")
    agreement = SupervisionAgreement.objects.create(
        organisation=world.trust, supervisor=world.supervisor, supervisee=world.learner, kind="professional",
        frequency="monthly", confidentiality="Agreed.", record_keeping="Agreed.", review_on=programme.ends_on,
    )  # fmt: skip
    SupervisionSession.objects.create(agreement=agreement, held_on=programme.starts_on + timedelta(days=3))
    SupervisionSession.objects.create(agreement=agreement, held_on=programme.starts_on + timedelta(days=10))
    part = outcomes.programme_outcome(programme).taking_part
    assert part.modules == [("Giving difficult news: SPIKES and Ask-Tell-Ask", 2, 1)]
    assert part.supervised == 1
