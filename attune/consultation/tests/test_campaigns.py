"""Survey campaigns: invitations, anonymous answers, reminders and imports."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attune.consultation import campaigns
from attune.consultation.models import SurveyComment, SurveyInvitation, SurveyResponse, WaitingAnswer

WELLBEING = settings.CONTENT_DIR / "instruments" / "wellbeing-check.yaml"
CLIMATE = settings.CONTENT_DIR / "instruments" / "relational-climate.yaml"


@pytest.fixture
def campaign(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return campaigns.campaign_start(
            organisation=world.trust, created_by=world.lead, title="Neonatal climate", instrument_path=CLIMATE,
            teams=[world.neonatal], closes_at=timezone.now() + timedelta(days=14), ask_profession=True,
        )  # fmt: skip


def link_for(mailoutbox, person):
    (email,) = [m for m in mailoutbox if m.to == [person.email]]
    return re.search(r"/survey/([\w-]+)/", email.body).group(1)


def test_starting_invites_every_member_of_the_teams_with_a_personal_link(world, campaign, mailoutbox):
    assert {m.to[0] for m in mailoutbox} == {world.learner.email, world.lead.email}
    assert "anonymous" in mailoutbox[0].body
    assert SurveyInvitation.objects.filter(campaign=campaign).count() == 2


def test_answering_stores_the_answers_with_nothing_that_points_to_the_person(world, client, campaign, mailoutbox):
    token = link_for(mailoutbox, world.learner)
    page = client.get(reverse("consultation:answer", args=[token]))
    assert "Safety to speak" not in page.content.decode() and "On this team I can say" in page.content.decode()
    response = client.post(
        reverse("consultation:answer", args=[token]),
        {"safety_1": 4, "trust_1": 5, "profession": "nursing", "comment_comment": "We need more time to debrief."},
    )
    assert "Your answers are in" in response.content.decode()
    # One answer waits, encrypted, until enough have come in or the survey closes.
    assert not SurveyResponse.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT payload FROM {WaitingAnswer._meta.db_table}")
        (payload,) = cursor.fetchone()
    assert "debrief" not in payload and "nursing" not in payload
    assert campaigns.answers_release(campaign.pk, closing=True) == 1
    stored = SurveyResponse.objects.get()
    assert stored.answers["safety_1"] == 4 and stored.answers["dialogue_1"] is None
    assert stored.profession == "nursing" and stored.team == world.neonatal
    assert SurveyComment.objects.get().text == "We need more time to debrief."
    assert SurveyInvitation.objects.get(person=world.learner).answered
    # The same link cannot answer twice.
    again = client.post(reverse("consultation:answer", args=[token]), {"safety_1": 1})
    assert again.status_code == 410 and SurveyResponse.objects.count() == 1 and not WaitingAnswer.objects.exists()


def add_members(team, count):
    from attune.accounts.models import Membership, Role
    from conftest import make_user

    for n in range(count):
        person = make_user(f"member{n}@{team.slug}.example", f"Member {n}")
        Membership.objects.create(user=person, organisation=team.organisation, team=team, role=Role.MEMBER)


def test_answers_join_the_results_together_once_the_minimum_are_waiting(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ATTUNE_MIN_GROUP_SIZE = 3
    add_members(world.neonatal, 5)  # seven people with the learner and the lead
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaigns.campaign_start(
            organisation=world.trust, created_by=world.lead, title="Climate", instrument_path=CLIMATE,
            teams=[world.neonatal], closes_at=timezone.now() + timedelta(days=14),
        )  # fmt: skip
    tokens = [re.search(r"/survey/([\w-]+)/", m.body).group(1) for m in mailoutbox]
    released = []
    for n, token in enumerate(tokens, start=1):
        with django_capture_on_commit_callbacks(execute=True):
            campaigns.response_submit(token=token, answers={"safety_1": 1 + n % 5}, comments={"comment": f"c{n}"})
        released.append(SurveyResponse.objects.count())
    # Nothing joins one at a time: three at the third answer, three more at the sixth; the seventh waits.
    assert released == [0, 0, 3, 3, 3, 6, 6]
    assert WaitingAnswer.objects.count() == 1 and SurveyComment.objects.count() == 6
    assert campaigns.closed_campaigns_release() == 0  # still open
    assert campaigns.closed_campaigns_release(now=campaign.closes_at) == 1
    assert SurveyResponse.objects.count() == 7 and SurveyComment.objects.count() == 7
    assert not WaitingAnswer.objects.exists()


def test_the_last_few_answers_are_released_with_every_earlier_row_rewritten_beside_them(world, settings, campaign,
                                                                                        mailoutbox):  # fmt: skip
    settings.ATTUNE_MIN_GROUP_SIZE = 3
    team = world.neonatal
    SurveyResponse.objects.bulk_create(
        [SurveyResponse(campaign=campaign, team=team, answers={"safety_1": 3}) for _ in range(4)]
    )
    campaigns.response_submit(token=link_for(mailoutbox, world.learner), answers={"safety_1": 5})
    with CaptureQueriesContext(connection) as queries:
        assert campaigns.answers_release(campaign.pk, closing=True) == 1
    rewrites = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{SurveyResponse._meta.db_table}"')]
    assert len(rewrites) == 1 and "IN" not in rewrites[0]  # all of them
    assert SurveyResponse.objects.count() == 5


def test_not_even_the_database_can_join_an_answer_to_an_invitation(world, campaign, mailoutbox):
    """No shared key, no time, no sequence: the response's id is random and nothing is dated."""
    campaigns.response_submit(token=link_for(mailoutbox, world.learner), answers={"safety_1": 2})
    campaigns.response_submit(token=link_for(mailoutbox, world.lead), answers={"safety_1": 5})
    campaigns.answers_release(campaign.pk, closing=True)
    response_columns = {f.column for f in SurveyResponse._meta.concrete_fields}
    invitation_columns = {f.column for f in SurveyInvitation._meta.concrete_fields}
    shared = (response_columns & invitation_columns) - {"id"}
    assert shared <= {"campaign_id", "team_id"}  # the same for everyone in a team
    for columns in (response_columns, invitation_columns):
        assert not {c for c in columns if "time" in c or c.endswith("_at") or c.endswith("_on")}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {SurveyResponse._meta.db_table}")
        ids = [str(row[0]) for row in cursor.fetchall()]
    assert all(re.fullmatch(r"[0-9a-f-]{32,36}", i) for i in ids)  # random UUIDs, not a sequence


def test_a_closed_survey_and_an_unknown_link_say_so(world, client, campaign, mailoutbox):
    token = link_for(mailoutbox, world.learner)
    campaign.closes_at = timezone.now() - timedelta(minutes=1)
    campaign.save()
    assert "has closed" in client.get(reverse("consultation:answer", args=[token])).content.decode()
    assert "not recognised" in client.get(reverse("consultation:answer", args=["nope"])).content.decode()


def test_an_empty_answer_is_refused(world, client, campaign, mailoutbox):
    token = link_for(mailoutbox, world.learner)
    response = client.post(reverse("consultation:answer", args=[token]), {})
    assert response.status_code == 400 and "Answer at least one question" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_reminders_go_only_to_people_who_have_not_answered_and_carry_their_link(world, campaign, mailoutbox):
    token = link_for(mailoutbox, world.learner)
    campaigns.response_submit(token=token, answers={"safety_1": 3})
    mailoutbox.clear()
    assert campaigns.reminders_send() == 0  # too soon
    later = timezone.now() + timedelta(days=4)
    assert campaigns.reminders_send(now=later) == 1
    assert campaigns.reminders_send(now=later) == 0
    (reminder,) = mailoutbox
    assert reminder.to == [world.lead.email]
    assert campaigns.invitation_for(link_for(mailoutbox, world.lead))


def test_an_import_with_bad_rows_imports_nothing_and_names_the_rows(world, signed_in, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(world.lead)
    header = ",".join(i.id for i in campaigns.instrument_of(campaign).items)
    good = ",".join(["4"] * 15)
    bad = ",".join(["9"] + ["4"] * 14)
    upload = SimpleUploadedFile("paper.csv", f"{header}\n{good}\n{bad}\n".encode())
    response = client.post(reverse("consultation:campaign_import", args=[campaign.pk]), {"file": upload})
    assert response.status_code == 400
    assert "row 3: safety_1 is 9, outside the scale (1 to 5)" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    upload = SimpleUploadedFile("paper.csv", f"{header}\n{good}\n{good}\n".encode())
    response = client.post(reverse("consultation:campaign_import", args=[campaign.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert SurveyResponse.objects.filter(source="paper", team=world.neonatal).count() == 2


def test_only_people_running_surveys_for_the_team_see_them(world, signed_in, campaign):
    for persona in ("learner", "outsider", "supervisor"):
        assert (
            signed_in(getattr(world, persona)).get(reverse("consultation:campaign", args=[campaign.pk])).status_code
            == 404
        )
    assert signed_in(world.facilitator).get(reverse("consultation:campaign", args=[campaign.pk])).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL records the writing transaction in xmin")
@pytest.mark.django_db(transaction=True)
def test_the_transaction_that_wrote_an_answer_points_to_a_group_never_to_one_person(world, settings, mailoutbox):
    """PostgreSQL keeps, on every row, the id of the transaction that wrote it (`xmin`). If an answer
    were written in the transaction that marks its invitation answered, the two would share it."""
    settings.ATTUNE_MIN_GROUP_SIZE = 3
    add_members(world.neonatal, 5)
    campaign = campaigns.campaign_start(
        organisation=world.trust, created_by=world.lead, title="Climate", instrument_path=CLIMATE,
        teams=[world.neonatal], closes_at=timezone.now() + timedelta(days=14),
    )  # fmt: skip
    tokens = [re.search(r"/survey/([\w-]+)/", m.body).group(1) for m in mailoutbox]
    for n, token in enumerate(tokens):
        campaigns.response_submit(token=token, answers={"safety_1": 1 + n % 5}, comments={"comment": f"c{n}"})
    campaign.closes_at = timezone.now()
    campaign.save()
    campaigns.closed_campaigns_release()

    def writers(model, **where):
        rows = model.objects.filter(**where).extra(select={"writer": "xmin::text"}).values_list("writer", flat=True)
        return list(rows)

    invitation_writers = set(writers(SurveyInvitation, campaign=campaign, answered=True))
    response_writers = writers(SurveyResponse, campaign=campaign)
    comment_writers = writers(SurveyComment, campaign=campaign)
    assert len(invitation_writers) == 7 and len(response_writers) == 7
    assert not invitation_writers & set(response_writers) and not invitation_writers & set(comment_writers)
    # Each transaction that wrote answers wrote at least the minimum of them.
    assert min(response_writers.count(w) for w in response_writers) >= 3
