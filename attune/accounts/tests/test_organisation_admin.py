import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from attune.accounts import services
from attune.accounts.models import Membership, Role, Team, User


@pytest.mark.django_db
class TestOrganisationAdmin:
    def test_the_last_admin_cannot_be_removed(self, signed_in, world):
        membership = Membership.objects.get(user=world.admin, role=Role.ORG_ADMIN)
        client = signed_in(world.admin)
        response = client.post(reverse("accounts:membership_remove", args=["test-trust", membership.pk]), follow=True)
        assert "is the only admin of Test NHS Trust" in response.content.decode()
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_an_admin_can_be_removed_when_another_remains(self, world):
        services.membership_grant(
            user=world.supervisor, organisation=world.trust, role=Role.ORG_ADMIN, actor=world.admin
        )
        membership = Membership.objects.get(user=world.admin, role=Role.ORG_ADMIN)
        services.membership_revoke(membership=membership, actor=world.admin)
        assert not Membership.objects.filter(pk=membership.pk).exists()

    def test_granting_a_role_from_the_person_page(self, signed_in, world):
        client = signed_in(world.admin)
        response = client.post(
            reverse("accounts:member_detail", args=["test-trust", world.learner.pk]),
            {"role": "team_lead", "team": world.maternity.pk},
        )
        assert response.status_code == 302
        assert Membership.objects.filter(user=world.learner, team=world.maternity, role=Role.TEAM_LEAD).exists()

    def test_an_organisation_role_with_a_team_is_explained(self, signed_in, world):
        client = signed_in(world.admin)
        response = client.post(
            reverse("accounts:member_detail", args=["test-trust", world.learner.pk]),
            {"role": "facilitator", "team": world.maternity.pk},
        )
        assert "covers the whole organisation" in response.content.decode()
        assert not Membership.objects.filter(user=world.learner, role=Role.FACILITATOR).exists()

    def test_a_team_of_another_organisation_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.membership_grant(
                user=world.learner, organisation=world.trust, role=Role.MEMBER, team=world.family, actor=world.admin
            )

    def test_the_database_refuses_a_team_role_without_a_team(self, world):
        with pytest.raises(IntegrityError):
            Membership.objects.create(user=world.learner, organisation=world.trust, role=Role.MEMBER)

    def test_creating_and_renaming_a_team(self, signed_in, world):
        client = signed_in(world.admin)
        client.post(reverse("accounts:team_create", args=["test-trust"]), {"name": "Children's Ward"})
        team = Team.objects.get(organisation=world.trust, name="Children's Ward")
        assert team.slug == "childrens-ward"
        client.post(reverse("accounts:team_edit", args=["test-trust", team.slug]), {"name": "Paediatric Ward"})
        team.refresh_from_db()
        assert team.name == "Paediatric Ward"

    def test_a_duplicate_team_name_is_explained(self, signed_in, world):
        client = signed_in(world.admin)
        response = client.post(reverse("accounts:team_create", args=["test-trust"]), {"name": "neonatal unit"})
        assert "already has a team called neonatal unit" in response.content.decode()
        assert Team.objects.filter(organisation=world.trust).count() == 2

    def test_the_people_page_lists_only_this_organisation(self, signed_in, world, django_assert_max_num_queries):
        client = signed_in(world.admin)
        for n in range(10):
            user = User.objects.create_user(f"extra{n}@trust.example", "x-long-password-1", display_name=f"Extra {n}")
            Membership.objects.create(user=user, organisation=world.trust, team=world.maternity, role=Role.MEMBER)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("accounts:member_list", args=["test-trust"]))
        body = response.content.decode()
        assert "Alice Learner" in body and "Extra 9" in body
        assert "Olly Outsider" not in body

    def test_the_home_page_query_count_does_not_grow_with_teams(self, signed_in, world, django_assert_max_num_queries):
        client = signed_in(world.facilitator)
        for n in range(15):
            Team.objects.create(organisation=world.trust, name=f"Ward {n}", slug=f"ward-{n}")
        with django_assert_max_num_queries(16):
            response = client.get(reverse("core:home"))
        assert "Ward 14" in response.content.decode()


@pytest.mark.django_db
def test_an_admin_resets_a_lost_authenticator(signed_in, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from attune.audit.models import AuditEvent

    TOTPDevice.objects.create(user=world.learner, name="Old phone", confirmed=True)
    client = signed_in(world.admin)
    response = client.post(reverse("accounts:member_two_factor_reset", args=["test-trust", world.learner.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.learner).exists()
    assert AuditEvent.objects.filter(detail="two-factor reset", object_id=str(world.learner.pk)).exists()
    # An admin elsewhere cannot.
    TOTPDevice.objects.create(user=world.learner, name="New phone", confirmed=True)
    other = signed_in(world.outsider)
    assert (
        other.post(reverse("accounts:member_two_factor_reset", args=["test-trust", world.learner.pk])).status_code
        == 404
    )
    assert TOTPDevice.objects.filter(user=world.learner).exists()


@pytest.mark.django_db
def test_team_sizes_count_everyone_in_the_team(signed_in, world):
    body = signed_in(world.lead).get(reverse("core:home")).content.decode()
    # The Neonatal Unit has Alice (member) and Lena (team lead).
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">2</td>' in body


@pytest.mark.django_db
def test_an_admin_cannot_reset_two_factor_for_someone_who_also_works_elsewhere(signed_in, world):
    """The authenticator protects the whole account, including roles in the other organisation."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    Membership.objects.create(user=world.outsider, organisation=world.council, role=Role.ORG_ADMIN)
    Membership.objects.create(user=world.outsider, organisation=world.trust, team=world.maternity, role=Role.MEMBER)
    TOTPDevice.objects.create(user=world.outsider, name="Phone", confirmed=True)
    client = signed_in(world.admin)
    response = client.post(
        reverse("accounts:member_two_factor_reset", args=["test-trust", world.outsider.pk]), follow=True
    )
    assert "also works with another organisation" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.outsider).exists()
