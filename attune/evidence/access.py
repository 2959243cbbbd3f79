"""Who sees a programme.

- The organisation's facilitators: the programme, its aggregate results, the report and the
  de-identified export.
- A participant: the programme's outline, the measures they are asked to answer, and their own
  results, including their reliable change. Never anyone else's.
Anyone else gets 404.
"""

from django.http import Http404

from attune.accounts.models import Membership, Role
from attune.evidence.models import Participant, Programme


def facilitated(user):
    organisations = Membership.objects.filter(user=user, role=Role.FACILITATOR).values("organisation_id")
    return Programme.objects.filter(organisation_id__in=organisations)


def programme_for_facilitator_or_404(user, pk) -> Programme:
    programme = facilitated(user).filter(pk=pk).first()
    if programme is None:
        raise Http404("No such programme")
    return programme


def participant_or_404(user, pk) -> Participant:
    participant = Participant.objects.filter(person=user, programme_id=pk).select_related("programme").first()
    if participant is None:
        raise Http404("No such programme")
    return participant
