"""Booking live training: places, waiting lists in order, calendar updates, refusals and reminders."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from attune.learning import booking as booking_service
from attune.learning.booking import BookingRefused, booking_cancel, booking_create
from attune.learning.models import Booking, BookingStatus, TrainingSession
from conftest import make_user


@pytest.fixture
def session(world):
    now = timezone.now()
    return TrainingSession.objects.create(
        organisation=world.trust,
        facilitator=world.facilitator,
        title="Hard conversations in neonatal care",
        description="A half day of practice.",
        mode="in_person",
        venue="Education Centre, Room 2",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=3),
        capacity=2,
        booking_deadline=now + timedelta(days=6),
        cpd_hours=3,
    )


def people(world, count):
    return [make_user(f"person{n}@trust.example", f"Person {n}") for n in range(count)]


def calendar_of(message):
    (attachment,) = [a for a in message.attachments if a[0] == "session.ics"]
    return Calendar.from_ical(attachment[1]), attachment[2]


def book(session, learner, capture):
    with capture(execute=True):
        return booking_create(session=session, learner=learner)


def test_places_fill_then_the_waiting_list_takes_over(world, session, mailoutbox, django_capture_on_commit_callbacks):
    first, second, third = people(world, 3)
    statuses = [book(session, p, django_capture_on_commit_callbacks).status for p in (first, second, third)]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    calendar, content_type = calendar_of(mailoutbox[0])
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST" and "method=REQUEST" in content_type
    assert str(event["UID"]) == f"{session.uid}@attune" and event["SEQUENCE"] == 1
    assert mailoutbox[2].subject == "You are on the waiting list: Hard conversations in neonatal care"
    assert not mailoutbox[2].attachments  # no calendar entry without a place


def test_a_freed_place_goes_to_the_first_in_the_queue_with_a_calendar_entry(
    world, session, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third, fourth = people(world, 4)
    bookings = [book(session, p, django_capture_on_commit_callbacks) for p in (first, second, third, fourth)]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=bookings[0])
    statuses = dict(Booking.objects.values_list("learner__email", "status"))
    assert statuses == {
        first.email: "cancelled",
        second.email: "confirmed",
        third.email: "confirmed",  # the first in the queue
        fourth.email: "waiting",
    }
    by_subject = {m.subject.split(":")[0]: m for m in mailoutbox}
    cancel_calendar, content_type = calendar_of(by_subject["Your booking is cancelled"])
    assert cancel_calendar["METHOD"] == "CANCEL" and "method=CANCEL" in content_type
    assert cancel_calendar.walk("VEVENT")[0]["SEQUENCE"] == 2
    assert cancel_calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert by_subject["A place has come up for you"].to == [third.email]
    assert by_subject["A place was given up"].to == [world.facilitator.email]
    assert "given the place automatically" in by_subject["A place was given up"].body


@pytest.mark.parametrize(
    "change, message",
    [
        ({"status": "cancelled"}, "This session has been cancelled."),
        ({"booking_deadline": timezone.now() - timedelta(minutes=1)}, "Booking closed on"),
        (
            {
                "starts_at": timezone.now() - timedelta(minutes=1),
                "booking_deadline": timezone.now() - timedelta(hours=1),
            },
            "already started",
        ),
    ],
    ids=["cancelled", "closed", "past"],
)
def test_it_refuses_a_closed_session_and_changes_nothing(world, session, change, message):
    TrainingSession.objects.filter(pk=session.pk).update(**change)
    with pytest.raises(BookingRefused, match=message):
        booking_create(session=session, learner=world.learner)
    assert not Booking.objects.exists()


def test_booking_twice_is_refused(world, session):
    booking_create(session=session, learner=world.learner)
    with pytest.raises(BookingRefused, match="already booked"):
        booking_create(session=session, learner=world.learner)
    assert Booking.objects.count() == 1


def test_cancelling_after_the_start_is_refused(world, session):
    booking = booking_create(session=session, learner=world.learner)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), booking_deadline=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(BookingRefused, match="can no longer be cancelled"):
        booking_cancel(booking=booking)
    assert Booking.objects.get().status == BookingStatus.CONFIRMED


def test_a_change_of_time_updates_the_calendar_entry_with_a_higher_sequence(
    world, session, mailoutbox, django_capture_on_commit_callbacks
):
    book(session, world.learner, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_service.session_update(
            session=session, actor=world.facilitator, starts_at=session.starts_at + timedelta(hours=1),
            ends_at=session.ends_at + timedelta(hours=1),
        )  # fmt: skip
    calendar, _ = calendar_of(mailoutbox[0])
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == (session.starts_at + timedelta(hours=1)).replace(microsecond=0)


def test_a_larger_capacity_promotes_from_the_waiting_list(world, session, django_capture_on_commit_callbacks):
    for person in people(world, 3):
        book(session, person, django_capture_on_commit_callbacks)
    booking_service.session_update(session=session, actor=world.facilitator, capacity=3)
    assert Booking.objects.filter(status="confirmed").count() == 3


def test_cancelling_a_session_cancels_everyones_calendar_entry(
    world, session, mailoutbox, django_capture_on_commit_callbacks
):
    for person in people(world, 3):
        book(session, person, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_service.session_cancel(session=session, actor=world.facilitator)
    assert len(mailoutbox) == 3
    with_calendar = [m for m in mailoutbox if m.attachments]
    assert len(with_calendar) == 2  # the two with places; the one waiting never had the event
    assert all(calendar_of(m)[0]["METHOD"] == "CANCEL" for m in with_calendar)


def test_reminders_go_once_to_people_with_places_in_sessions_starting_soon(
    world, session, mailoutbox, django_capture_on_commit_callbacks
):
    for person in people(world, 3):
        book(session, person, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    assert booking_service.reminders_send() == 0  # a week away
    soon = timezone.now() + timedelta(days=6, hours=12)
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_service.reminders_send(now=soon) == 2
        assert booking_service.reminders_send(now=soon) == 0
    assert sorted(m.subject for m in mailoutbox) == ["Reminder: Hard conversations in neonatal care starts soon"] * 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_booking_the_last_place_at_once_never_exceed_capacity(world):
    now = timezone.now()
    session = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Last place", description="-",
        mode="online", starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1),
        capacity=1, booking_deadline=now + timedelta(days=1), cpd_hours=1,
    )  # fmt: skip
    contenders = people(world, 6)
    start = threading.Barrier(len(contenders))
    results, errors = [], []

    def race(person):
        try:
            start.wait()
            results.append(booking_create(session=session, learner=person).status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(p,)) for p in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == ["confirmed"] + ["waiting"] * 5
    assert Booking.objects.filter(session=session, status="confirmed").count() == 1


def test_deleting_an_account_gives_up_future_places_and_keeps_past_totals(
    world, session, mailoutbox, django_capture_on_commit_callbacks
):
    from attune.accounts.services import account_delete

    leaving, waiting = people(world, 2)
    TrainingSession.objects.filter(pk=session.pk).update(capacity=1)
    book(session, leaving, django_capture_on_commit_callbacks)
    book(session, waiting, django_capture_on_commit_callbacks)
    past = TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Earlier", description="-", mode="online",
        meeting_link="https://meet.example/x", starts_at=timezone.now() - timedelta(days=9),
        ends_at=timezone.now() - timedelta(days=9) + timedelta(hours=1), capacity=5,
        booking_deadline=timezone.now() - timedelta(days=10), cpd_hours=1,
    )  # fmt: skip
    Booking.objects.create(
        session=past, learner=leaving, status="confirmed", confirmed_at=timezone.now(), attended=True
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving)
    assert Booking.objects.get(session=session, learner=waiting).status == "confirmed"
    assert Booking.objects.filter(session=past, learner=None, attended=True).count() == 1
    assert [m.to for m in mailoutbox if m.subject.startswith("A place has come up")] == [[waiting.email]]


def test_a_facilitator_who_ran_sessions_and_groups_can_delete_their_account(world, session):
    from attune.accounts.services import account_delete
    from attune.reflection import groups

    series = groups.series_create(
        facilitator=world.facilitator, team=world.neonatal, kind="balint", title="Balint",
        first_starts_at=timezone.now(), count=1, every_days=7,
    )  # fmt: skip
    account_delete(user=world.facilitator)
    session.refresh_from_db()
    series.refresh_from_db()
    assert session.facilitator is None and series.facilitator is None
