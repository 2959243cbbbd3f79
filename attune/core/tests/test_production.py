"""The production plumbing: the email outbox, a cache that survives Redis going away, the health check
and request logs without personal data."""

import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from attune.core import mail as outbox
from attune.core.models import EmailStatus, OutboundEmail


@pytest.fixture
def through_outbox(settings):
    settings.EMAIL_BACKEND = "attune.core.mail.OutboxBackend"
    settings.ATTUNE_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db
def test_an_email_is_stored_encrypted_and_delivered_once(through_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Your survey link", "Hello Sam, here is your link: https://x.example/survey/abc/", None,
                       ["sam@example.org"])  # fmt: skip
    (sent,) = mail.outbox
    assert sent.to == ["sam@example.org"] and sent.subject == "Your survey link" and "survey/abc" in sent.body
    stored = OutboundEmail.objects.get()
    assert stored.status == EmailStatus.SENT and stored.message == ""  # nothing kept once it has gone
    assert outbox.deliver_outbox() == 0 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_while_the_queue_is_down_the_email_waits_and_goes_later(through_outbox, monkeypatch,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    from attune.core import tasks

    def unreachable():
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks.deliver_outbox, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Reminder", "Your session is tomorrow.", None, ["lucy@example.org"])
    assert mail.outbox == [] and OutboundEmail.objects.get().status == EmailStatus.WAITING
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT message FROM {OutboundEmail._meta.db_table}")
        assert "lucy@example.org" not in cursor.fetchone()[0]  # encrypted at rest
    assert outbox.deliver_outbox() == 1 and mail.outbox[0].to == ["lucy@example.org"]


@pytest.mark.django_db
def test_a_refusing_mail_server_is_retried_and_an_email_in_a_rolled_back_change_never_goes(through_outbox, settings):
    settings.ATTUNE_DELIVERY_BACKEND = "attune.core.tests.test_production.RefusingBackend"
    mail.send_mail("Hello", "Body", None, ["a@example.org"])
    assert outbox.deliver_outbox() == 0
    stored = OutboundEmail.objects.get()
    assert stored.status == EmailStatus.WAITING and stored.attempts == 1 and stored.last_error == "SMTPException"
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Never", "Body", None, ["b@example.org"])
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_killed_worker_expires_and_the_email_is_sent(through_outbox):
    from datetime import timedelta

    from django.utils import timezone

    mail.send_mail("Hello", "Body", None, ["a@example.org"])
    mail.outbox.clear()
    OutboundEmail.objects.update(status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=11))
    assert outbox.deliver_outbox() == 1 and len(mail.outbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPException("550 no such user a@example.org")


def test_a_cache_whose_redis_is_gone_misses_and_carries_on():
    from attune.core.cache import TolerantRedisCache

    # Nothing listens on port 1.
    dead = TolerantRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    began = time.monotonic()
    assert dead.get("x", "default") == "default"
    assert dead.set("x", 1) is None and dead.add("x", 1) is True and dead.incr("x") == 1
    assert dead.get_many(["x"]) == {} and dead.delete("x") is False
    assert time.monotonic() - began < 5


@pytest.mark.django_db
def test_the_health_check_reports_a_stale_worker_without_failing(client, settings):
    from attune.core.tasks import HEARTBEAT_KEY

    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert client.get(reverse("core:health")).json()["worker"] == "stale"
    cache.set(HEARTBEAT_KEY, time.time())
    body = client.get(reverse("core:health")).json()
    assert body["worker"] == "ok" and body["status"] == "ok"
    cache.set(HEARTBEAT_KEY, time.time() - 300)
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_request_logs_name_the_route_never_the_path_or_the_person(client, caplog, world, mailoutbox):
    with caplog.at_level(logging.INFO, logger="attune.requests"):
        client.get("/survey/SECRET-TOKEN-123/")
        client.get(reverse("core:health"))
    lines = [r for r in caplog.records if r.name == "attune.requests"]
    assert [r.route for r in lines] == ["consultation:answer", "core:health"]
    assert all("SECRET-TOKEN" not in r.getMessage() for r in lines)
    assert lines[0].status == 410 and lines[0].duration_ms >= 0


@pytest.mark.django_db
def test_a_file_asked_for_while_the_queue_is_down_is_made_by_the_next_scheduled_run(
    world, monkeypatch, signed_in, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from attune.core import downloads, tasks
    from attune.core.models import FileStatus, PreparedFile

    downloads.register("test-note", lambda owner, params: downloads.Made(f"for {owner.pk}".encode(), "note.txt",
                                                                         "text/plain"))  # fmt: skip

    def unreachable(*args):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks.prepare_file, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        asked = downloads.request_file(owner=world.learner, kind="test-note", params={}, title="A note")
    assert PreparedFile.objects.get(pk=asked.pk).status == FileStatus.WAITING
    PreparedFile.objects.filter(pk=asked.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert downloads.prepare_waiting() == 1
    client = signed_in(world.learner)
    download = client.get(reverse("core:prepared_file_download", args=[asked.pk]))
    assert download.content == f"for {world.learner.pk}".encode()
    # Nobody else can fetch it, and it is forgotten after a day.
    assert signed_in(world.lead).get(reverse("core:prepared_file", args=[asked.pk])).status_code == 404
    PreparedFile.objects.filter(pk=asked.pk).update(created_at=timezone.now() - timedelta(days=2))
    downloads.prepare_waiting()
    assert not PreparedFile.objects.exists()
