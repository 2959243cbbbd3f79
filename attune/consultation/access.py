"""Who sees a consultation, and how much.

- The organisation's facilitators: everything, including the formulation (their working notes).
- The team's lead: the request, the plan, meetings and actions, never the formulation.
- Whoever asked (with an account), while they belong to the organisation: their request and its status.
Anyone else gets 404.
"""

from django.db.models import Q
from django.http import Http404

from attune.accounts.models import Membership, Role
from attune.consultation.models import Consultation


def consultations_for(user):
    facilitated = Membership.objects.filter(user=user, role=Role.FACILITATOR).values("organisation_id")
    led = Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id")
    return Consultation.objects.filter(
        Q(organisation_id__in=facilitated) | Q(team_id__in=led) | Q(requested_by=user)
    ).select_related("organisation", "team", "facilitator")


def role_in(user, consultation: Consultation) -> str | None:
    memberships = Membership.objects.filter(user=user)
    if memberships.filter(role=Role.FACILITATOR, organisation_id=consultation.organisation_id).exists():
        return "facilitator"
    if consultation.team_id and memberships.filter(role=Role.TEAM_LEAD, team_id=consultation.team_id).exists():
        return "lead"
    if (
        consultation.requested_by_id == user.pk
        and memberships.filter(organisation_id=consultation.organisation_id).exists()
    ):
        return "requester"
    return None


def get_consultation_or_404(user, pk) -> tuple[Consultation, str]:
    consultation = consultations_for(user).filter(pk=pk).first()
    role = role_in(user, consultation) if consultation else None
    if role is None:
        raise Http404("No such consultation")
    return consultation, role
