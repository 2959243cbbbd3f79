"""Live training pages: who sees what, booking through the page, running a session, feedback."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.accounts.models import Membership, Role
from attune.learning.booking import booking_create
from attune.learning.models import Booking, SessionFeedback, TrainingSession
from conftest import make_user


def new_session(world, **overrides):
    now = timezone.now()
    fields = {
        "organisation": world.trust,
        "facilitator": world.facilitator,
        "title": "Responding to emotion",
        "description": "Practice with actors.",
        "mode": "online",
        "meeting_link": "https://meet.trust.example/room-7",
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "capacity": 1,
        "booking_deadline": now + timedelta(days=2),
        "cpd_hours": 2,
    }
    return TrainingSession.objects.create(**(fields | overrides))


def test_people_see_their_organisations_sessions_only(world, signed_in):
    session = new_session(world)
    assert "Responding to emotion" in signed_in(world.learner).get(reverse("learning:sessions")).content.decode()
    outsider = signed_in(world.outsider)
    assert "Responding to emotion" not in outsider.get(reverse("learning:sessions")).content.decode()
    assert outsider.get(reverse("learning:session", args=[session.pk])).status_code == 404


def test_the_meeting_link_is_shown_only_to_people_with_a_place(world, signed_in, client):
    session = new_session(world)
    signed_in(world.lead)
    assert "meet.trust.example" not in client.get(reverse("learning:session", args=[session.pk])).content.decode()
    client.post(reverse("learning:session_book", args=[session.pk]))
    page = client.get(reverse("learning:session", args=[session.pk])).content.decode()
    assert "https://meet.trust.example/room-7" in page and "Your place is booked" in page
    signed_in(world.learner)
    client.post(reverse("learning:session_book", args=[session.pk]))
    page = client.get(reverse("learning:session", args=[session.pk])).content.decode()
    assert "You are number 1 on the waiting list" in page and "meet.trust.example" not in page
    assert client.get(reverse("learning:session_calendar", args=[session.pk])).status_code == 404


def test_booking_twice_through_the_page_says_so(world, signed_in):
    session = new_session(world, capacity=5)
    client = signed_in(world.learner)
    client.post(reverse("learning:session_book", args=[session.pk]))
    page = client.post(reverse("learning:session_book", args=[session.pk]), follow=True).content.decode()
    assert "You have already booked this session." in page
    assert Booking.objects.count() == 1


def test_a_confirmed_learner_downloads_the_calendar_entry(world, signed_in):
    session = new_session(world)
    client = signed_in(world.learner)
    client.post(reverse("learning:session_book", args=[session.pk]))
    response = client.get(reverse("learning:session_calendar", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:{session.uid}@attune" in response.content.decode()


def test_a_facilitator_creates_a_session_with_clear_errors_first(world, signed_in):
    client = signed_in(world.facilitator)
    now = timezone.localtime()
    data = {
        "organisation": world.trust.pk,
        "title": "Speaking up",
        "description": "An hour on speaking up.",
        "mode": "in_person",
        "venue": "",
        "starts_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 10,
        "booking_deadline": (now + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"),
        "cpd_hours": "1.0",
    }
    page = client.post(reverse("learning:session_create"), data).content.decode()
    for message in (
        "The session must end after it starts",
        "Booking must close before the session starts",
        "Enter the venue for an in-person session",
    ):
        assert message in page
    assert not TrainingSession.objects.exists()
    data |= {
        "venue": "Lecture theatre",
        "ends_at": (now + timedelta(days=5, hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "booking_deadline": (now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("learning:session_create"), data)
    session = TrainingSession.objects.get()
    assert response.url == reverse("learning:session", args=[session.pk])
    assert session.facilitator == world.facilitator


@pytest.mark.parametrize("name", ["session_edit", "session_register"])
def test_only_the_people_running_a_session_manage_it(world, signed_in, name):
    session = new_session(world)
    assert signed_in(world.learner).get(reverse(f"learning:{name}", args=[session.pk])).status_code == 404
    assert signed_in(world.facilitator).get(reverse(f"learning:{name}", args=[session.pk])).status_code == 200


def test_register_then_feedback_shown_as_totals_after_it_closes(world, signed_in, client, settings):
    settings.ATTUNE_MIN_GROUP_SIZE = 3
    session = new_session(world, capacity=5)
    attendees = [make_user(f"a{n}@trust.example", f"Attendee {n}") for n in range(3)]
    for attendee in attendees:
        Membership.objects.create(user=attendee, organisation=world.trust, team=world.neonatal, role=Role.MEMBER)
    bookings = [booking_create(session=session, learner=a) for a in attendees]
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
        booking_deadline=timezone.now() - timedelta(days=1),
    )
    signed_in(world.facilitator)
    client.post(reverse("learning:session_register", args=[session.pk]), {"attended": [b.pk for b in bookings]})
    assert Booking.objects.filter(attended=True).count() == 3
    for number, attendee in enumerate(attendees):
        signed_in(attendee)
        page = client.get(reverse("learning:session", args=[session.pk])).content.decode()
        assert "Tell us how it went" in page
        client.post(
            reverse("learning:session_feedback", args=[session.pk]),
            {"useful": 5, "confident": 4, "recommend": "yes" if number else "no", "will_try": "Pause more."},
        )
        if number == 1:
            signed_in(world.facilitator)
            page = client.get(reverse("learning:session", args=[session.pk])).content.decode()
            assert "2 answers so far. Totals appear after feedback closes" in page
    assert SessionFeedback.objects.count() == 3
    signed_in(world.facilitator)
    assert "Useful:" not in client.get(reverse("learning:session", args=[session.pk])).content.decode()
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=19),
        booking_deadline=timezone.now() - timedelta(days=21),
    )  # fmt: skip
    page = client.get(reverse("learning:session", args=[session.pk])).content.decode()
    assert "3 answers. Useful: 5.0 out of 5." in page and "Would recommend: 67%" in page
    signed_in(attendees[0])
    assert client.get(reverse("learning:session_feedback", args=[session.pk])).status_code == 404  # closed
