import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from attune.audit.models import AppendOnlyError, AuditAction, AuditEvent
from attune.audit.services import audit_record


@pytest.mark.django_db
class TestAuditLog:
    def test_it_records_who_viewed_a_member_without_content(self, signed_in, world):
        signed_in(world.admin).get(reverse("accounts:member_detail", args=["test-trust", world.learner.pk]))
        event = AuditEvent.objects.get(action=AuditAction.VIEWED)
        assert (event.actor_id, event.organisation_id, event.object_type, event.object_id) == (
            world.admin.pk,
            world.trust.pk,
            "user",
            str(world.learner.pk),
        )

    def test_the_orm_cannot_change_or_delete_an_event(self, world):
        event = audit_record(actor=world.admin, action=AuditAction.VIEWED, obj=world.learner)
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.delete()
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().update(detail="edited")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().delete()

    def test_the_database_refuses_an_update_even_in_raw_sql(self, world):
        audit_record(actor=world.admin, action=AuditAction.VIEWED, obj=world.learner)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET detail = 'edited'")
        assert AuditEvent.objects.get().detail == ""

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses deletes at the database level")
    def test_postgresql_refuses_a_delete_in_raw_sql(self, world):
        audit_record(actor=world.admin, action=AuditAction.VIEWED, obj=world.learner)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        assert AuditEvent.objects.count() == 1

    def test_admins_read_only_their_own_organisations_log(self, signed_in, world):
        audit_record(
            actor=world.admin,
            action=AuditAction.CHANGED,
            obj=world.neonatal,
            organisation=world.trust,
            detail="team renamed",
        )
        audit_record(
            actor=world.outsider,
            action=AuditAction.CHANGED,
            obj=world.family,
            organisation=world.council,
            detail="council secret",
        )
        page = signed_in(world.admin).get(reverse("accounts:audit_log", args=["test-trust"])).content.decode()
        assert "team renamed" in page and "Adam Admin" in page
        assert "council secret" not in page
