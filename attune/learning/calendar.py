"""Calendar entries (.ics, RFC 5545) for booked sessions.

Every message about one session to one person carries the same UID, so calendar apps update the
entry they already have; each carries a higher SEQUENCE than the last, and a cancellation uses
METHOD:CANCEL with STATUS:CANCELLED.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def session_calendar(booking, *, cancel: bool = False) -> bytes:
    session = booking.session
    calendar = Calendar()
    calendar.add("prodid", "-//Attune//Live training//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"{session.uid}@attune")
    event.add("sequence", booking.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    where = session.venue if session.mode == "in_person" else (session.meeting_link or "Online")
    event.add("location", vText(where))
    event.add("description", f"{session.description}\n\n{settings.SITE_URL}/learn/sessions/{session.pk}/")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Attune")
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{booking.learner.email}")
    attendee.params["cn"] = vText(booking.learner.display_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
