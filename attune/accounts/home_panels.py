"""The foundation's panels on the home page: set up two-factor, your teams, teams you look after."""

from attune.accounts import access
from attune.accounts.auth import confirmed_device
from attune.accounts.selectors import teams_looked_after_with_sizes
from attune.core import home


def _two_factor(request):
    return None if confirmed_device(request.user) else {}


def _teams(request):
    memberships = list(request.user.memberships.select_related("organisation", "team"))
    return {"memberships": memberships} if memberships else None


def _looked_after(request):
    teams = list(teams_looked_after_with_sizes(request.user))
    return {"teams": teams} if teams else None


def _administered(request):
    organisations = list(access.administered_organisations(request.user))
    return {"organisations": organisations} if organisations else None


def register_panels() -> None:
    home.register("two_factor", template="core/panels/two_factor.html", context=_two_factor, order=10)
    home.register("teams", template="core/panels/teams.html", context=_teams, order=80)
    home.register("looked_after", template="core/panels/looked_after.html", context=_looked_after, order=90)
    home.register("administered", template="core/panels/administered.html", context=_administered, order=95)
