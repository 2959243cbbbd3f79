"""Reads that span relations, shared by views and home panels."""

from django.db.models import Count, QuerySet

from attune.accounts import access
from attune.accounts.models import Team, User


def teams_looked_after_with_sizes(user: User) -> QuerySet[Team]:
    """The teams a person leads or facilitates, each with `people`: how many people are in it."""
    return (
        access.teams_led_or_facilitated(user)
        .select_related("organisation")
        .annotate(people=Count("memberships__user", distinct=True))
        .order_by("organisation__name", "name")
    )
