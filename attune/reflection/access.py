"""Who may read a journal entry: its author, always; a supervisor, only while it is shared with them.
Nobody else, whatever their role: not a facilitator, a team lead or an organisation admin."""

from django.http import Http404

from attune.accounts.models import Membership, Role, User
from attune.reflection.models import JournalEntry


def get_own_entry_or_404(user, pk) -> JournalEntry:
    try:
        return JournalEntry.objects.get(pk=pk, author=user)
    except JournalEntry.DoesNotExist:
        raise Http404("No such entry") from None


def shared_with(user):
    """Entries shared with this person that they may read now: the share is in force, and they are
    still a supervisor in an organisation the author still belongs to."""
    supervised = Membership.objects.filter(user=user, role=Role.SUPERVISOR).values("organisation_id")
    authors = Membership.objects.filter(organisation_id__in=supervised).values("user_id")
    return (
        JournalEntry.objects.filter(shares__supervisor=user, shares__withdrawn_at=None, author_id__in=authors)
        .select_related("author")
        .distinct()
    )


def get_shared_entry_or_404(user, pk) -> JournalEntry:
    try:
        return shared_with(user).get(pk=pk)
    except JournalEntry.DoesNotExist:
        raise Http404("No such entry") from None


def supervisors_for(user):
    """People the author may share with: supervisors in the organisations the author belongs to."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return (
        User.objects.filter(memberships__organisation_id__in=organisations, memberships__role=Role.SUPERVISOR)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name")
    )
