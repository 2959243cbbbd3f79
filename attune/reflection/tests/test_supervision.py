"""Supervision: agreed terms, shared and private notes, actions, reminders, and who may see them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attune.reflection import supervision
from attune.reflection.models import PrivateNote, SupervisionAction, SupervisionAgreement, SupervisionSession


@pytest.fixture
def agreement(world):
    agreement = supervision.agreement_propose(
        supervisor=world.supervisor,
        supervisee=world.learner,
        kind="restorative",
        frequency="monthly",
        confidentiality=supervision.DEFAULT_CONFIDENTIALITY,
        record_keeping=supervision.DEFAULT_RECORD_KEEPING,
        review_on=timezone.localdate() + timedelta(days=180),
    )
    supervision.agreement_accept(agreement=agreement, supervisee=world.learner)
    return agreement


@pytest.fixture
def session(world, agreement):
    return supervision.session_record(
        agreement=agreement,
        by=world.supervisor,
        held_on=timezone.localdate(),
        shared_notes="We talked about the weight of night shifts.",
        private_note="Supervisor's own note: check in about sleep.",
        next_on=timezone.localdate() + timedelta(days=1),
        actions=[("Book annual leave", world.learner, timezone.localdate() - timedelta(days=1))],
    )


def test_a_supervisor_proposes_and_the_supervisee_agrees(world, signed_in, client):
    signed_in(world.supervisor)
    review = (timezone.localdate() + timedelta(days=90)).isoformat()
    client.post(
        reverse("reflection:agreement_new"),
        {"supervisee": world.learner.pk, "kind": "professional", "frequency": "monthly",
         "confidentiality": "Limits: risk of harm.", "record_keeping": "Brief notes.", "review_on": review},
    )  # fmt: skip
    agreement = SupervisionAgreement.objects.get()
    assert agreement.status == "proposed" and agreement.organisation == world.trust
    assert client.get(reverse("reflection:supervision_session_new", args=[agreement.pk])).status_code == 404
    signed_in(world.learner)
    client.post(reverse("reflection:agreement_accept", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "agreed" and agreement.agreed_at


def test_only_supervisors_offer_agreements(world, signed_in):
    assert signed_in(world.learner).get(reverse("reflection:agreement_new")).status_code == 404


def test_shared_notes_are_seen_by_both_and_private_notes_by_their_author_only(world, signed_in, client, session):
    signed_in(world.learner)
    client.post(reverse("reflection:supervision_session", args=[session.pk]), {"private_note": "Mine: I felt tearful."})
    page = client.get(reverse("reflection:supervision_session", args=[session.pk])).content.decode()
    assert "weight of night shifts" in page and "Mine: I felt tearful." in page
    assert "check in about sleep" not in page
    signed_in(world.supervisor)
    page = client.get(reverse("reflection:supervision_session", args=[session.pk])).content.decode()
    assert "check in about sleep" in page and "I felt tearful" not in page


@pytest.mark.parametrize("persona", ["lead", "facilitator", "admin", "outsider"])
def test_nobody_else_sees_supervision(world, signed_in, session, persona):
    client = signed_in(getattr(world, persona))
    assert client.get(reverse("reflection:agreement", args=[session.agreement_id])).status_code == 404
    assert client.get(reverse("reflection:supervision_session", args=[session.pk])).status_code == 404
    action = SupervisionAction.objects.get()
    assert client.post(reverse("reflection:action_done", args=[action.pk])).status_code == 404
    assert SupervisionAction.objects.get().done_at is None


def test_notes_and_actions_are_encrypted_at_rest(session):
    with connection.cursor() as cursor:
        cursor.execute("SELECT shared_notes FROM reflection_supervisionsession")
        (shared,) = cursor.fetchone()
        cursor.execute("SELECT text FROM reflection_privatenote")
        (private,) = cursor.fetchone()
        cursor.execute("SELECT description FROM reflection_supervisionaction")
        (action,) = cursor.fetchone()
    assert "night shifts" not in shared and "sleep" not in private and "leave" not in action


def test_reminders_of_the_next_session_and_overdue_actions_go_once(world, session, mailoutbox):
    assert supervision.reminders_send() == 3  # both people for the session, the owner for the action
    assert supervision.reminders_send() == 0
    subjects = sorted((m.subject, m.to[0]) for m in mailoutbox)
    assert subjects == [
        ("A supervision action is overdue", world.learner.email),
        ("Supervision coming up", world.learner.email),
        ("Supervision coming up", world.supervisor.email),
    ]
    assert all("annual leave" not in m.body for m in mailoutbox)  # emails carry no content


def test_a_session_record_needs_a_due_date_for_each_action(world, signed_in, agreement):
    client = signed_in(world.supervisor)
    response = client.post(
        reverse("reflection:supervision_session_new", args=[agreement.pk]),
        {"held_on": timezone.localdate().isoformat(), "action_1": "Read the guidance", "owner_1": world.learner.pk},
    )
    assert response.status_code == 400 and "Enter when action 1 is due" in response.content.decode()
    assert not SupervisionSession.objects.exists() and not PrivateNote.objects.exists()
