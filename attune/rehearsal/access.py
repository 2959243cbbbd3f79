"""Who may see which practice conversation.

A transcript is its learner's alone. A facilitator (or organisation admin) sees one only when the
learner has shared it with that organisation, and then read-only with comments. Facilitators write
scenarios for the organisations where they hold that role.
"""

from django.http import Http404

from attune.accounts.models import Membership, Organisation, Role
from attune.rehearsal.models import Conversation, CustomScenario

OVERSEERS = (Role.FACILITATOR, Role.ORG_ADMIN)


def get_own_conversation_or_404(user, conversation_id) -> Conversation:
    try:
        # The scenario's text is parsed once per process and cached, so it is not fetched each time.
        return Conversation.objects.select_related("source").defer("source__text").get(pk=conversation_id, learner=user)
    except (Conversation.DoesNotExist, ValueError):
        raise Http404("No such conversation") from None


def overseen_organisations(user):
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=OVERSEERS).distinct()


def authoring_organisations(user):
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.FACILITATOR).distinct()


def get_shared_conversation_or_404(user, conversation_id) -> Conversation:
    # Learners share with facilitators (as the share form tells them), not with organisation admins.
    try:
        return Conversation.objects.select_related("source", "learner").get(
            pk=conversation_id, shared_with__in=authoring_organisations(user)
        )
    except (Conversation.DoesNotExist, ValueError):
        raise Http404("No such conversation") from None


def get_custom_scenario_or_404(user, pk) -> CustomScenario:
    try:
        return CustomScenario.objects.select_related("source", "organisation").get(
            pk=pk, organisation__in=authoring_organisations(user)
        )
    except (CustomScenario.DoesNotExist, ValueError):
        raise Http404("No such scenario") from None


def sharing_organisations(user):
    """Where a learner may share a transcript: the organisations they belong to."""
    return Organisation.objects.filter(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
