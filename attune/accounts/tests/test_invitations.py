from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from attune.accounts import services
from attune.accounts.models import Invitation, Membership, Role, User
from conftest import PASSWORD


def invite(world, email="new.nurse@trust.example", role=Role.MEMBER, team="neonatal"):
    return services.invitation_create(
        organisation=world.trust,
        email=email,
        role=role,
        team=getattr(world, team) if team else None,
        invited_by=world.admin,
    )


def accept_form(name="Nia New", password="a-strong-new-password-4"):
    return {"display_name": name, "profession": "midwife", "password1": password, "password2": password}


@pytest.mark.django_db
class TestInvitations:
    def test_it_emails_a_single_use_link(self, world, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invitation, token = invite(world)
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["new.nurse@trust.example"]
        assert reverse("accounts:invitation_accept", args=[token]) in mailoutbox[0].body
        assert token not in invitation.token_hash

    def test_accepting_creates_the_account_with_the_chosen_password(self, client, world):
        _, token = invite(world)
        url = reverse("accounts:invitation_accept", args=[token])
        response = client.post(url, accept_form())
        assert response.status_code == 302
        user = User.objects.get(email="new.nurse@trust.example")
        assert user.check_password("a-strong-new-password-4")
        assert user.display_name == "Nia New"
        assert Membership.objects.filter(user=user, team=world.neonatal, role=Role.MEMBER).exists()
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_a_used_link_cannot_be_used_again(self, client, world):
        _, token = invite(world)
        url = reverse("accounts:invitation_accept", args=[token])
        client.post(url, accept_form())
        client.logout()
        response = client.post(url, accept_form(name="Someone Else"))
        assert response.status_code == 410
        assert "already been used" in response.content.decode()
        assert User.objects.get(email="new.nurse@trust.example").display_name == "Nia New"

    def test_an_expired_link_says_so_and_creates_nothing(self, client, world):
        invitation, token = invite(world)
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        response = client.post(reverse("accounts:invitation_accept", args=[token]), accept_form())
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        assert not User.objects.filter(email="new.nurse@trust.example").exists()

    def test_a_withdrawn_link_says_so(self, client, world):
        invitation, token = invite(world)
        services.invitation_revoke(invitation=invitation, actor=world.admin)
        response = client.get(reverse("accounts:invitation_accept", args=[token]))
        assert "withdrawn" in response.content.decode()

    def test_an_unknown_link_is_not_found(self, client, world):
        assert client.get(reverse("accounts:invitation_accept", args=["not-a-token"])).status_code == 404

    def test_a_weak_password_is_refused_and_nothing_is_created(self, client, world):
        _, token = invite(world)
        response = client.post(reverse("accounts:invitation_accept", args=[token]), accept_form(password="password1"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "too common" in body or "too short" in body
        assert not User.objects.filter(email="new.nurse@trust.example").exists()
        assert Invitation.objects.get().status == "pending"

    def test_mismatched_passwords_are_refused(self, client, world):
        _, token = invite(world)
        data = accept_form() | {"password2": "something-else-entirely"}
        response = client.post(reverse("accounts:invitation_accept", args=[token]), data)
        assert "The two passwords do not match" in response.content.decode()

    def test_an_email_in_another_case_is_the_same_account(self, client, world):
        """Alice already has an account; an invitation typed in capitals must not create a second one."""
        _, token = invite(world, email="ALICE@TRUST.EXAMPLE", role=Role.MEMBER, team="maternity")
        url = reverse("accounts:invitation_accept", args=[token])
        response = client.get(url)
        assert "You already have an Attune account" in response.content.decode()
        client.post(url, accept_form())  # a sign-up attempt must not work
        assert User.objects.filter(email__iexact="alice@trust.example").count() == 1
        assert world.learner.check_password(PASSWORD)

    def test_an_existing_account_accepts_after_signing_in(self, signed_in, world):
        _, token = invite(world, email="alice@trust.example", team="maternity")
        client = signed_in(world.learner)
        response = client.post(reverse("accounts:invitation_accept", args=[token]))
        assert response.status_code == 302
        assert Membership.objects.filter(user=world.learner, team=world.maternity).exists()

    def test_the_wrong_account_cannot_accept(self, signed_in, world):
        _, token = invite(world, email="someone.else@trust.example")
        client = signed_in(world.learner)
        response = client.post(reverse("accounts:invitation_accept", args=[token]), accept_form())
        assert "different account" in response.content.decode()
        assert not User.objects.filter(email="someone.else@trust.example").exists()

    def test_a_person_in_two_organisations(self, signed_in, world):
        """An outsider from the council joins the trust too: one account, two organisations, no leaks."""
        _, token = invite(world, email="olly@council.example", team="maternity")
        client = signed_in(world.outsider)
        client.post(reverse("accounts:invitation_accept", args=[token]))
        assert set(world.outsider.memberships.values_list("organisation__slug", flat=True)) == {
            "test-trust",
            "test-council",
        }
        admin = signed_in(world.admin)
        page = admin.get(reverse("accounts:member_detail", args=["test-trust", world.outsider.pk]))
        assert "Maternity" in page.content.decode()
        assert "Family Assessment" not in page.content.decode()

    def test_inviting_someone_who_already_has_the_role_is_refused(self, world):
        with pytest.raises(ValidationError, match="already has this role"):
            invite(world, email="Alice@Trust.example")

    def test_a_second_pending_invitation_is_refused(self, world):
        invite(world)
        with pytest.raises(ValidationError, match="already has an invitation"):
            invite(world, email="NEW.nurse@trust.example")

    def test_a_team_role_needs_a_team(self, world):
        with pytest.raises(ValidationError):
            invite(world, team=None)

    def test_the_admin_page_sends_an_invitation(self, signed_in, world, mailoutbox, django_capture_on_commit_callbacks):
        client = signed_in(world.admin)
        url = reverse("accounts:invitation_list", args=["test-trust"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": "ben@trust.example", "role": "member", "team": world.neonatal.pk})
        assert response.status_code == 302
        assert len(mailoutbox) == 1
        page = client.get(url).content.decode()
        assert "ben@trust.example" in page

    def test_the_admin_page_explains_a_missing_team(self, signed_in, world):
        client = signed_in(world.admin)
        response = client.post(
            reverse("accounts:invitation_list", args=["test-trust"]), {"email": "ben@trust.example", "role": "member"}
        )
        body = response.content.decode()
        assert "There is a problem" in body
        assert "Choose the team this person will join" in body
        assert not Invitation.objects.exists()


@pytest.mark.django_db
class TestWithdrawInvitation:
    def test_without_javascript_the_page_reloads_with_a_message(self, signed_in, world):
        invitation, _ = invite(world)
        client = signed_in(world.admin)
        response = client.post(reverse("accounts:invitation_revoke", args=["test-trust", invitation.pk]), follow=True)
        assert "is withdrawn" in response.content.decode()
        invitation.refresh_from_db()
        assert invitation.status == "revoked"

    def test_with_htmx_only_the_row_comes_back(self, signed_in, world):
        invitation, _ = invite(world)
        client = signed_in(world.admin)
        response = client.post(
            reverse("accounts:invitation_revoke", args=["test-trust", invitation.pk]), headers={"HX-Request": "true"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "<tr" in body and "<html" not in body
        assert "Withdrawn" in body and "new.nurse@trust.example" in body
        assert "<button" not in body
