"""Transcripts belong to the learner: who can see what, sharing, comments, and personal data."""

import pytest
from django.urls import reverse

from attune.accounts import personal_data
from attune.accounts.models import Membership, Role
from attune.audit.models import AuditEvent
from attune.rehearsal import services
from attune.rehearsal.library import get_entry_or_404
from attune.rehearsal.models import Conversation, TurnComment
from conftest import make_user


@pytest.fixture
def ended(world):
    entry = get_entry_or_404(world.learner, "first-conversation")
    conversation = services.conversation_start(learner=world.learner, entry=entry, level="standard", seed=2)
    services.conversation_take_turn(conversation=conversation, text="How are you doing?", expected_number=1)
    services.conversation_end(conversation=conversation)
    return conversation


OWN_PAGES = ["conversation", "debrief"]


@pytest.mark.parametrize("persona", ["lead", "facilitator", "supervisor", "admin", "outsider"])
def test_nobody_else_can_open_a_learners_conversation(world, signed_in, ended, persona):
    client = signed_in(getattr(world, persona))
    for name in OWN_PAGES:
        assert client.get(reverse(f"rehearsal:{name}", args=[ended.pk])).status_code == 404
    assert client.get(reverse("rehearsal:shared_conversation", args=[ended.pk])).status_code == 404
    assert client.post(reverse("rehearsal:retry", args=[ended.pk, 1])).status_code == 404


def test_a_facilitator_reads_and_comments_on_a_shared_transcript(world, signed_in, ended, client):
    signed_in(world.learner)
    client.post(reverse("rehearsal:share", args=[ended.pk]), {"organisation": world.trust.pk})
    ended.refresh_from_db()
    assert ended.shared_with == world.trust

    signed_in(world.facilitator)
    page = client.get(reverse("rehearsal:shared_conversation", args=[ended.pk]))
    assert "How are you doing?" in page.content.decode()
    assert AuditEvent.objects.filter(action="viewed", object_id=str(ended.pk)).exists()
    client.post(reverse("rehearsal:shared_conversation", args=[ended.pk]), {"turn": 1, "text": "Lovely open start."})
    assert TurnComment.objects.get().text == "Lovely open start."

    signed_in(world.learner)
    debrief = client.get(reverse("rehearsal:debrief", args=[ended.pk])).content.decode()
    assert "Lovely open start." in debrief


def test_withdrawing_a_share_hides_the_transcript_again(world, signed_in, ended, client):
    services.conversation_share(conversation=ended, organisation=world.trust)
    signed_in(world.learner)
    client.post(reverse("rehearsal:share", args=[ended.pk]), {"withdraw": "1"})
    signed_in(world.facilitator)
    assert client.get(reverse("rehearsal:shared_conversation", args=[ended.pk])).status_code == 404


def test_a_learner_cannot_share_with_an_organisation_they_do_not_belong_to(world, signed_in, ended, client):
    signed_in(world.learner)
    client.post(reverse("rehearsal:share", args=[ended.pk]), {"organisation": world.council.pk})
    ended.refresh_from_db()
    assert ended.shared_with is None


def test_facilitators_see_aggregates_only_for_groups_of_three_or_more(world, signed_in, ended, client):
    signed_in(world.facilitator)
    page = client.get(reverse("rehearsal:shared_list")).content.decode()
    assert "Not enough people have practised yet" in page

    entry = get_entry_or_404(world.learner, "first-conversation")
    for number in (2, 3):
        person = make_user(f"learner{number}@trust.example", f"Learner {number}")
        Membership.objects.create(user=person, organisation=world.trust, team=world.neonatal, role=Role.MEMBER)
        conversation = services.conversation_start(learner=person, entry=entry, level="standard", seed=number)
        services.conversation_take_turn(conversation=conversation, text="How are you?", expected_number=1)
        services.conversation_end(conversation=conversation)
    page = client.get(reverse("rehearsal:shared_list")).content.decode()
    assert "Scenarios used" in page and "Skills over time" in page
    # Aggregates only: no learner's words appear.
    assert "How are you?" not in page


def test_people_without_an_overseeing_role_have_no_cohort_page(world, signed_in, client):
    signed_in(world.learner)
    assert client.get(reverse("rehearsal:shared_list")).status_code == 404


def test_practice_is_in_the_learners_data_export_and_goes_with_their_account(world, ended):
    exported = personal_data.export_for(world.learner)["sections"]["practice"]
    assert exported["conversations"][0]["turns"][1]["you_said"] == "How are you doing?"
    for section in personal_data.sections():
        if section.name == "practice":
            section.erase(world.learner)
    assert not Conversation.objects.filter(learner=world.learner).exists()


def test_a_shared_transcript_goes_to_facilitators_not_to_organisation_admins(world, signed_in, ended):
    services.conversation_share(conversation=ended, organisation=world.trust)
    client = signed_in(world.admin)
    assert client.get(reverse("rehearsal:shared_conversation", args=[ended.pk])).status_code == 404
    assert "How are you doing?" not in client.get(reverse("rehearsal:shared_list")).content.decode()
