"""The one place that decides who may see what.

Every view fetches organisations, teams and people through these functions. Anything outside a
person's reach answers 404, never 403, so that its existence is not revealed. Later capabilities build
their own rules on the same questions: "which roles does this person hold here?".
"""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from attune.accounts.models import Membership, Organisation, Role, Team, User


def roles_in(user: User, organisation: Organisation) -> set[str]:
    """Every role the person holds in the organisation, at organisation or team level."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def has_role(user: User, organisation: Organisation, *roles: str) -> bool:
    return bool(roles_in(user, organisation) & set(roles))


def is_org_admin(user: User, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.ORG_ADMIN)


def organisations_for(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct()


def administered_organisations(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ORG_ADMIN).distinct()


def get_administered_organisation_or_404(user: User, slug: str) -> Organisation:
    try:
        return administered_organisations(user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None


def teams_led_or_facilitated(user: User) -> QuerySet[Team]:
    """Teams whose people and aggregates this person may look after.

    A team lead sees their own team; a facilitator and an organisation admin see every team in the
    organisations where they hold that role. Filtering by id keeps the query free of joins, so callers
    can annotate counts over a team's memberships without them being narrowed by this filter.
    """
    led = Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id")
    overseen = Membership.objects.filter(user=user, role__in=[Role.FACILITATOR, Role.ORG_ADMIN]).values(
        "organisation_id"
    )
    return Team.objects.filter(Q(pk__in=led) | Q(organisation_id__in=overseen))


def teams_for(user: User) -> QuerySet[Team]:
    """Every team the person belongs to or looks after."""
    member_of = Membership.objects.filter(user=user, team__isnull=False).values("team_id")
    return Team.objects.filter(Q(pk__in=member_of) | Q(pk__in=teams_led_or_facilitated(user).values("pk")))


def get_team_or_404(user: User, organisation_slug: str, team_slug: str) -> Team:
    try:
        return teams_for(user).select_related("organisation").get(organisation__slug=organisation_slug, slug=team_slug)
    except Team.DoesNotExist:
        raise Http404("No such team") from None


def can_see_team_members(user: User, team: Team) -> bool:
    return teams_led_or_facilitated(user).filter(pk=team.pk).exists()


def get_member_or_404(admin: User, organisation: Organisation, user_id: int) -> User:
    """A person in an organisation, as seen by that organisation's admin."""
    if not is_org_admin(admin, organisation):
        raise Http404("No such person")
    try:
        return User.objects.filter(memberships__organisation=organisation).distinct().get(pk=user_id)
    except User.DoesNotExist:
        raise Http404("No such person") from None


def requires_two_factor(user: User) -> bool:
    """Two-factor sign-in is required for the roles named in settings (facilitators and admins)."""
    required = settings.ATTUNE_TWO_FACTOR_REQUIRED_ROLES
    if not user.is_authenticated or not required:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=required).exists()
