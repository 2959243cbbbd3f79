"""Email through an outbox.

`OutboxBackend` is Django's email backend in production: it stores each message (the MIME text, with
its sender and recipients, encrypted) in `OutboundEmail` and asks the worker to deliver it. Delivery
(`deliver_outbox`) claims each waiting message, hands it to the real backend (`ATTUNE_DELIVERY_BACKEND`:
SMTP, or the console in development), and marks it sent. If the queue is down the message waits and
the worker's minute-by-minute run sends it once the queue is back; if the mail server refuses, it is
tried again later, up to MAX_ATTEMPTS times. A worker killed mid-delivery leaves its claim, which
expires after CLAIM_EXPIRES and is retried: a message may then, rarely, go twice, but is never lost.
"""

from __future__ import annotations

import email
import email.policy
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from attune.core.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
CLAIM_EXPIRES = timedelta(minutes=10)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            OutboundEmail.objects.create(
                message=json.dumps(
                    {"from": message.from_email, "to": recipients, "mime": message.message().as_string()}
                )
            )
            stored += 1
        if stored:
            transaction.on_commit(request_delivery)
        return stored


def request_delivery() -> None:
    """Ask the worker to deliver now. If the queue cannot be reached, the scheduled run delivers later."""
    from attune.core.tasks import deliver_outbox

    try:
        deliver_outbox.delay()
    except Exception as error:  # noqa: BLE001 - the queue being down must never fail the request
        logger.warning("email queued in the outbox; the task queue is unreachable (%s)", type(error).__name__)


class StoredMessage(EmailMessage):
    """A stored MIME message, sent as it was written."""

    def __init__(self, mime: str, from_email: str, recipients: list[str]):
        parsed = email.message_from_string(mime, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        super().__init__(subject=str(parsed["Subject"] or ""), body=body.get_content() if body else "",
                         from_email=from_email, to=recipients)  # fmt: skip
        self._mime = mime
        self._recipients = recipients

    def message(self, policy=email.policy.default):
        return email.message_from_string(self._mime, policy=email.policy.SMTP)

    def recipients(self):
        return self._recipients


def deliver_outbox(limit: int = 200) -> int:
    """Send waiting messages; returns how many went."""
    now = timezone.now()
    OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_EXPIRES).update(
        status=EmailStatus.WAITING
    )
    sent = 0
    connection = get_connection(settings.ATTUNE_DELIVERY_BACKEND)
    waiting = OutboundEmail.objects.filter(status=EmailStatus.WAITING).order_by("created_at")
    for pk in list(waiting.values_list("pk", flat=True)[:limit]):
        # Claim it first, so that two workers never send the same message.
        if not OutboundEmail.objects.filter(pk=pk, status=EmailStatus.WAITING).update(
            status=EmailStatus.SENDING, claimed_at=timezone.now()
        ):
            continue
        outbound = OutboundEmail.objects.get(pk=pk)
        data = json.loads(outbound.message)
        try:
            connection.send_messages([StoredMessage(data["mime"], data["from"], data["to"])])
        except Exception as error:  # noqa: BLE001 - any failure is retried later
            attempts = outbound.attempts + 1
            OutboundEmail.objects.filter(pk=pk).update(
                status=EmailStatus.FAILED if attempts >= MAX_ATTEMPTS else EmailStatus.WAITING,
                attempts=attempts, last_error=type(error).__name__[:120],
            )  # fmt: skip
            logger.warning("email %s not delivered (attempt %s): %s", pk, attempts, type(error).__name__)
            continue
        OutboundEmail.objects.filter(pk=pk).update(status=EmailStatus.SENT, sent_at=timezone.now(), message="")
        sent += 1
    return sent
