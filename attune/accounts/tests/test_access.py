"""Who can reach which page. Anything out of reach answers 404, so its existence is not revealed."""

import pytest
from django.urls import reverse

ADMIN_PAGES = [
    ("accounts:organisation_detail", ["test-trust"]),
    ("accounts:member_list", ["test-trust"]),
    ("accounts:invitation_list", ["test-trust"]),
    ("accounts:audit_log", ["test-trust"]),
    ("accounts:team_create", ["test-trust"]),
    ("accounts:team_edit", ["test-trust", "neonatal-unit"]),
]

EXPECTED = {
    # persona: (admin pages, team page, can see the team's members)
    "learner": (404, 200, False),
    "lead": (404, 200, True),
    "facilitator": (404, 200, True),
    "supervisor": (404, 404, False),
    "admin": (200, 200, True),
    "outsider": (404, 404, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", EXPECTED)
def test_access_matrix(signed_in, world, persona):
    client = signed_in(getattr(world, persona))
    admin_status, team_status, sees_members = EXPECTED[persona]
    for name, args in ADMIN_PAGES:
        assert client.get(reverse(name, args=args)).status_code == admin_status, name
    member_page = reverse("accounts:member_detail", args=["test-trust", world.learner.pk])
    assert client.get(member_page).status_code == admin_status
    response = client.get(reverse("accounts:team_detail", args=["test-trust", "neonatal-unit"]))
    assert response.status_code == team_status
    if team_status == 200:
        assert ("People in this team" in response.content.decode()) is sees_members


@pytest.mark.django_db
def test_an_admin_cannot_reach_people_outside_their_organisation(signed_in, world):
    client = signed_in(world.admin)
    assert client.get(reverse("accounts:member_detail", args=["test-trust", world.outsider.pk])).status_code == 404
    assert client.get(reverse("accounts:organisation_detail", args=["test-council"])).status_code == 404


@pytest.mark.django_db
def test_an_admin_cannot_remove_a_role_in_another_organisation(signed_in, world):
    membership = world.outsider.memberships.get()
    client = signed_in(world.admin)
    response = client.post(reverse("accounts:membership_remove", args=["test-trust", membership.pk]))
    assert response.status_code == 404
    response = client.post(reverse("accounts:membership_remove", args=["test-council", membership.pk]))
    assert response.status_code == 404
    assert world.outsider.memberships.exists()


@pytest.mark.django_db
def test_a_facilitator_for_two_organisations_sees_both(signed_in, world):
    from attune.accounts.models import Membership, Role

    Membership.objects.create(user=world.facilitator, organisation=world.council, role=Role.FACILITATOR)
    client = signed_in(world.facilitator)
    assert client.get(reverse("accounts:team_detail", args=["test-council", "family-assessment"])).status_code == 200
    assert client.get(reverse("accounts:team_detail", args=["test-trust", "maternity"])).status_code == 200


@pytest.mark.django_db
def test_django_admin_is_for_verified_superusers_only(signed_in, world):
    client = signed_in(world.admin)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    world.admin.is_superuser = world.admin.is_staff = True
    world.admin.save()
    client = signed_in(world.admin)
    assert client.get("/django-admin/").status_code == 200
