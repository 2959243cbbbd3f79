"""Who may see and run live training sessions.

Anyone in an organisation sees and books its sessions. Its facilitators create and run them; the
facilitator named on a session runs it too. Everything else answers 404.
"""

from django.http import Http404

from attune.accounts.models import Membership, Organisation, Role
from attune.learning.models import Booking, TrainingSession


def visible_sessions(user):
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return TrainingSession.objects.filter(organisation_id__in=organisations).select_related("organisation")


def facilitated_organisations(user):
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.FACILITATOR).distinct()


def can_run(user, session: TrainingSession) -> bool:
    return (
        session.facilitator_id == user.pk or facilitated_organisations(user).filter(pk=session.organisation_id).exists()
    )


def get_session_or_404(user, pk) -> TrainingSession:
    try:
        return visible_sessions(user).select_related("facilitator").get(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404("No such session") from None


def get_run_session_or_404(user, pk) -> TrainingSession:
    session = get_session_or_404(user, pk)
    if not can_run(user, session):
        raise Http404("No such session")
    return session


def own_booking(user, session) -> Booking | None:
    return (
        Booking.objects.filter(session=session, learner=user, status__in=["confirmed", "waiting"])
        .order_by("-created_at")
        .first()
    )
