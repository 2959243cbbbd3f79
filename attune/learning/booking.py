"""Booking live training: places, the waiting list, cancellations, changes and reminders.

Every change to who holds a place happens inside a transaction that first locks the session row, so
two people booking the last place at the same moment are served one after the other: one gets the
place and the other joins the waiting list. Capacity is never exceeded. Emails (with calendar
entries) are sent once the transaction has committed.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from attune.audit.models import AuditAction
from attune.audit.services import audit_record
from attune.learning.calendar import session_calendar
from attune.learning.models import Booking, BookingStatus, SessionStatus, TrainingSession

REMINDER_BEFORE = timedelta(hours=24)


class BookingRefused(Exception):
    """A booking or cancellation that cannot happen; the message is for the learner."""


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def booking_create(*, session: TrainingSession, learner) -> Booking:
    now = timezone.now()
    with transaction.atomic():
        session = _locked(session)
        if session.status == SessionStatus.CANCELLED:
            raise BookingRefused("This session has been cancelled.")
        if session.starts_at <= now:
            raise BookingRefused("This session has already started, so it can no longer be booked.")
        if session.booking_deadline <= now:
            raise BookingRefused(f"Booking closed on {timezone.localtime(session.booking_deadline):%-d %B at %H:%M}.")
        if session.bookings.filter(
            learner=learner, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
        ).exists():
            raise BookingRefused("You have already booked this session.")
        confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
        place = confirmed < session.capacity
        booking = Booking.objects.create(
            session=session,
            learner=learner,
            status=BookingStatus.CONFIRMED if place else BookingStatus.WAITING,
            confirmed_at=now if place else None,
        )
        audit_record(actor=learner, action=AuditAction.CREATED, obj=booking, organisation=session.organisation_id)
        kind = "confirmed" if place else "waiting"
        transaction.on_commit(lambda: _send(booking.pk, kind))
    return booking


def booking_cancel(*, booking: Booking) -> None:
    """The learner gives up their place or leaves the waiting list; the next person is promoted."""
    now = timezone.now()
    with transaction.atomic():
        session = _locked(booking.session)
        booking = Booking.objects.get(pk=booking.pk)
        if session.status == SessionStatus.CANCELLED:
            raise BookingRefused("This session has been cancelled, so there is nothing to cancel.")
        if booking.status == BookingStatus.CANCELLED:
            raise BookingRefused("This booking is already cancelled.")
        if session.starts_at <= now:
            raise BookingRefused("This session has started, so the booking can no longer be cancelled.")
        held_place = booking.status == BookingStatus.CONFIRMED
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        audit_record(
            actor=booking.learner, action=AuditAction.CHANGED, obj=booking, organisation=session.organisation_id,
            detail="cancelled",
        )  # fmt: skip
        transaction.on_commit(lambda: _send(booking.pk, "cancelled" if held_place else "left_waiting_list"))
        if held_place:
            promoted = _promote(session, now)
            transaction.on_commit(lambda: _send_facilitator_cancellation(booking.pk, promoted=bool(promoted)))


def _promote(session: TrainingSession, now) -> list[Booking]:
    """Fill free places from the head of the waiting list, in the order people joined it."""
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
    free = session.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(session.bookings.filter(status=BookingStatus.WAITING).order_by("created_at", "pk")[:free])
    for booking in promoted:
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        transaction.on_commit(lambda pk=booking.pk: _send(pk, "promoted"))
    return promoted


def session_create(*, facilitator, organisation, **fields) -> TrainingSession:
    with transaction.atomic():
        session = TrainingSession.objects.create(facilitator=facilitator, organisation=organisation, **fields)
        audit_record(actor=facilitator, action=AuditAction.CREATED, obj=session, organisation=organisation)
    return session


def session_update(*, session: TrainingSession, actor, **fields) -> TrainingSession:
    """Change a session; everyone with a place gets an updated calendar entry (same UID, higher SEQUENCE).

    A larger capacity promotes people from the waiting list. A smaller one never takes away a place
    already given: it only stops new places until enough people cancel.
    """
    now = timezone.now()
    with transaction.atomic():
        session = _locked(session)
        if session.status == SessionStatus.CANCELLED:
            raise BookingRefused("A cancelled session cannot be changed.")
        changed_time_or_place = any(
            getattr(session, name) != value
            for name, value in fields.items()
            if name in {"starts_at", "ends_at", "venue", "meeting_link", "mode", "title"}
        )
        for name, value in fields.items():
            setattr(session, name, value)
        session.save()
        audit_record(actor=actor, action=AuditAction.CHANGED, obj=session, organisation=session.organisation_id)
        if changed_time_or_place:
            for booking in session.bookings.filter(status=BookingStatus.CONFIRMED):
                transaction.on_commit(lambda pk=booking.pk: _send(pk, "changed"))
        _promote(session, now)
    return session


def session_cancel(*, session: TrainingSession, actor) -> None:
    with transaction.atomic():
        session = _locked(session)
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.CHANGED, obj=session, organisation=session.organisation_id,
            detail="cancelled",
        )  # fmt: skip
        for booking in session.bookings.filter(status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]):
            transaction.on_commit(lambda pk=booking.pk: _send(pk, "session_cancelled"))


def attendance_record(*, session: TrainingSession, actor, attended_ids: set[int]) -> None:
    with transaction.atomic():
        for booking in session.bookings.filter(status=BookingStatus.CONFIRMED):
            booking.attended = booking.pk in attended_ids
            booking.save(update_fields=["attended"])
        audit_record(
            actor=actor, action=AuditAction.CHANGED, obj=session, organisation=session.organisation_id,
            detail="attendance",
        )  # fmt: skip


def reminders_send(*, now=None) -> int:
    """Remind everyone with a place in a session that starts within REMINDER_BEFORE. Run it often
    (every few minutes): each booking is reminded once."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at=None,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
    )
    sent = 0
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Claim the reminder first, so that two runs at once never remind anyone twice.
            claimed = Booking.objects.filter(pk=booking_id, reminder_sent_at=None).update(reminder_sent_at=now)
            if claimed:
                transaction.on_commit(lambda pk=booking_id: _send(pk, "reminder"))
                sent += 1
    return sent


SUBJECTS = {
    "confirmed": "Your place is booked: {title}",
    "waiting": "You are on the waiting list: {title}",
    "promoted": "A place has come up for you: {title}",
    "cancelled": "Your booking is cancelled: {title}",
    "left_waiting_list": "You have left the waiting list: {title}",
    "changed": "Changed: {title}",
    "session_cancelled": "Cancelled: {title}",
    "reminder": "Reminder: {title} starts soon",
}
# Which messages carry a calendar entry, and whether it removes the event.
CALENDAR = {"confirmed": False, "promoted": False, "changed": False, "reminder": False, "cancelled": True,
            "session_cancelled": True}  # fmt: skip


def _send(booking_id: int, kind: str) -> None:
    booking = Booking.objects.select_related("session", "learner").get(pk=booking_id)
    if booking.learner is None:
        return  # the person has since deleted their account
    session = booking.session
    body = render_to_string(
        "learning/email/booking.txt", {"booking": booking, "session": session, "kind": kind, "site": settings.SITE_URL}
    )
    message = EmailMessage(SUBJECTS[kind].format(title=session.title), body, to=[booking.learner.email])
    # A calendar entry goes to people who hold a place, and its cancellation only to people who had
    # one (someone who only waited never had the event in their calendar).
    if kind in CALENDAR and booking.confirmed_at is not None:
        # Incremented in the database, so two messages sent at once never share a SEQUENCE.
        Booking.objects.filter(pk=booking.pk).update(calendar_sequence=F("calendar_sequence") + 1)
        booking.calendar_sequence = Booking.objects.values_list("calendar_sequence", flat=True).get(pk=booking.pk)
        cancel = CALENDAR[kind]
        message.attach(
            "session.ics",
            session_calendar(booking, cancel=cancel),
            f"text/calendar; charset=utf-8; method={'CANCEL' if cancel else 'REQUEST'}",
        )
    message.send()


def _send_facilitator_cancellation(booking_id: int, *, promoted: bool) -> None:
    booking = Booking.objects.select_related("session", "session__facilitator").get(pk=booking_id)
    session = booking.session
    if session.facilitator is None:
        return
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
    waiting = session.bookings.filter(status=BookingStatus.WAITING).count()
    EmailMessage(
        f"A place was given up: {session.title}",
        render_to_string(
            "learning/email/facilitator_cancellation.txt",
            {
                "session": session,
                "confirmed": confirmed,
                "waiting": waiting,
                "promoted": promoted,
                "site": settings.SITE_URL,
            },
        ),
        to=[session.facilitator.email],
    ).send()
