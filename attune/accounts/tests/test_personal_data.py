import json

import pytest
from django.urls import reverse

from attune.accounts import personal_data
from attune.accounts.models import Membership, Role, User
from attune.audit.models import AuditEvent
from conftest import PASSWORD


@pytest.mark.django_db
class TestDownloadMyData:
    def test_it_downloads_everything_as_json(self, signed_in, world):
        client = signed_in(world.learner)
        response = client.get(reverse("accounts:download_my_data"))
        assert response["Content-Disposition"].startswith('attachment; filename="attune-my-data-')
        archive = json.loads(response.content)
        assert archive["sections"]["profile"]["email"] == "alice@trust.example"
        assert archive["sections"]["memberships"] == [
            {
                "organisation": "Test NHS Trust",
                "team": "Neonatal Unit",
                "role": "Member",
                "since": archive["sections"]["memberships"][0]["since"],
            }
        ]
        assert AuditEvent.objects.filter(actor_id=world.learner.pk, action="exported").exists()

    def test_it_includes_every_registered_section(self, signed_in, world):
        personal_data.register("test-notes", export=lambda user: ["a note"], erase=lambda user: None)
        try:
            archive = json.loads(signed_in(world.learner).get(reverse("accounts:download_my_data")).content)
        finally:
            personal_data._sections.pop("test-notes")
        assert archive["sections"]["test-notes"] == ["a note"]


@pytest.mark.django_db
class TestDeleteMyAccount:
    def test_it_deletes_the_account_and_signs_out(self, signed_in, world):
        erased = []
        personal_data.register("test-notes", export=lambda user: [], erase=lambda user: erased.append(user.pk))
        client = signed_in(world.learner)
        pk = world.learner.pk
        try:
            response = client.post(reverse("accounts:delete_account"), {"confirm": "on", "password": PASSWORD})
        finally:
            personal_data._sections.pop("test-notes")
        assert response.status_code == 302
        assert erased == [pk]
        assert not User.objects.filter(pk=pk).exists()
        assert not Membership.objects.filter(user_id=pk).exists()
        assert "_auth_user_id" not in client.session
        # The audit trail keeps the fact, not the person.
        event = AuditEvent.objects.get(actor_id=pk, detail="account deleted")
        assert event.organisation_id == world.trust.pk

    def test_it_needs_the_password_and_the_tick(self, signed_in, world):
        client = signed_in(world.learner)
        response = client.post(reverse("accounts:delete_account"), {"password": "wrong"})
        body = response.content.decode()
        assert "Tick the box to confirm" in body
        response = client.post(reverse("accounts:delete_account"), {"confirm": "on", "password": "wrong"})
        assert "That password is not right" in response.content.decode()
        assert User.objects.filter(pk=world.learner.pk).exists()

    def test_the_only_admin_cannot_delete_their_account(self, signed_in, world):
        client = signed_in(world.admin)
        response = client.post(reverse("accounts:delete_account"), {"confirm": "on", "password": PASSWORD})
        assert "You are the only admin of Test NHS Trust" in response.content.decode()
        assert User.objects.filter(pk=world.admin.pk).exists()

    def test_an_admin_with_a_colleague_admin_can(self, signed_in, world):
        Membership.objects.create(user=world.supervisor, organisation=world.trust, role=Role.ORG_ADMIN)
        client = signed_in(world.admin)
        client.post(reverse("accounts:delete_account"), {"confirm": "on", "password": PASSWORD})
        assert not User.objects.filter(pk=world.admin.pk).exists()

    def test_the_audit_log_shows_a_deleted_account_without_a_name(self, signed_in, world):
        client = signed_in(world.learner)
        client.post(reverse("accounts:delete_account"), {"confirm": "on", "password": PASSWORD})
        page = signed_in(world.admin).get(reverse("accounts:audit_log", args=["test-trust"])).content.decode()
        assert "Deleted account" in page
        assert "Alice Learner" not in page
