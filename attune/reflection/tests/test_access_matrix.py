"""Who can open a journal entry, across every role, with and without a share."""

import pytest
from django.urls import reverse

from attune.reflection import services

OWN = ["reflection:entry", "reflection:edit", "reflection:delete"]
SHARED = "reflection:shared_entry"


@pytest.fixture
def entry(world):
    return services.entry_create(
        author=world.learner, structure="free", title="Private", parts={"text": "Only mine."}, tags=[]
    )


def statuses(client, entry):
    return [client.get(reverse(name, args=[entry.pk])).status_code for name in [*OWN, SHARED]]


@pytest.mark.parametrize(
    "persona, shared, expected",
    [
        ("learner", False, [200, 200, 200, 404]),  # the author: own pages, not the supervisor's view
        ("supervisor", False, [404, 404, 404, 404]),
        ("supervisor", True, [404, 404, 404, 200]),  # read-only, and only while shared
        ("facilitator", True, [404, 404, 404, 404]),
        ("lead", True, [404, 404, 404, 404]),
        ("admin", True, [404, 404, 404, 404]),
        ("outsider", True, [404, 404, 404, 404]),
    ],
)
def test_access_matrix(world, signed_in, entry, persona, shared, expected):
    if shared:
        services.entry_share(entry=entry, supervisor=world.supervisor)
    assert statuses(signed_in(getattr(world, persona)), entry) == expected
