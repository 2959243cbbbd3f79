from django.utils import timezone

from attune.accounts import personal_data
from attune.learning.booking import booking_cancel
from attune.learning.models import Booking, Certificate, CheckAttempt, ModuleProgress, SessionFeedback


def _export(user) -> dict:
    return {
        "modules": [
            {
                "module": p.module,
                "title": p.title,
                "sections_read": p.sections_seen,
                "minutes_spent": p.minutes_spent,
                "started_at": p.started_at.isoformat(),
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in ModuleProgress.objects.filter(learner=user)
        ],
        "knowledge_checks": [
            {
                "module": a.module,
                "score": a.score,
                "out_of": a.total,
                "passed": a.passed,
                "at": a.created_at.isoformat(),
            }
            for a in CheckAttempt.objects.filter(learner=user)
        ],
        "bookings": [
            {
                "session": b.session.title,
                "starts_at": b.session.starts_at.isoformat(),
                "status": b.status,
                "attended": b.attended,
            }
            for b in Booking.objects.filter(learner=user).select_related("session")
        ],
        "session_feedback": [
            {
                "session": f.booking.session.title,
                "useful": f.useful,
                "confident": f.confident,
                "recommend": f.recommend,
                "will_try": f.will_try,
            }
            for f in SessionFeedback.objects.filter(booking__learner=user).select_related("booking__session")
        ],
        "certificates": [
            {
                "title": c.title,
                "code": c.display_code,
                "completed_on": c.completed_on.isoformat(),
                "hours": str(c.hours),
            }
            for c in Certificate.objects.filter(learner=user)
        ],
    }


def _erase(user) -> None:
    ModuleProgress.objects.filter(learner=user).delete()
    CheckAttempt.objects.filter(learner=user).delete()
    # A deleted account's certificates stop verifying. Places in sessions still to come are given up
    # (the waiting list moves on); past bookings are kept without the person, so that attendance and
    # reaction feedback totals stay true.
    Certificate.objects.filter(learner=user).delete()
    upcoming = Booking.objects.filter(
        learner=user,
        status__in=["confirmed", "waiting"],
        session__status="scheduled",
        session__starts_at__gt=timezone.now(),
    )
    for booking in upcoming:
        booking_cancel(booking=booking)
    # Feedback stays for the totals, but what the person wrote in their own words goes.
    SessionFeedback.objects.filter(booking__learner=user).update(will_try="")
    Booking.objects.filter(learner=user).update(learner=None)


def register_sections() -> None:
    personal_data.register("learning", export=_export, erase=_erase)
