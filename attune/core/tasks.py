"""Background work: email delivery, the reminders, and the worker's heartbeat.

Each task is a thin wrapper around a function the management commands also call, so a deployment
without a worker can run the same work from cron. Without REDIS_URL, tasks run inline.
"""

import time

from celery import shared_task
from django.core.cache import cache

# The configured application that shared_task binds to (Redis, or inline without it). Imported here, where
# tasks are queued from, rather than at start-up: most processes and commands never queue one.
import attune.celery  # noqa: E402, F401

HEARTBEAT_KEY = "attune:worker-heartbeat"


@shared_task(ignore_result=True)
def deliver_outbox():
    from attune.core.mail import deliver_outbox as deliver

    return deliver()


@shared_task(ignore_result=True)
def heartbeat():
    cache.set(HEARTBEAT_KEY, time.time(), timeout=600)


@shared_task(ignore_result=True)
def session_reminders():
    from attune.learning.booking import reminders_send

    return reminders_send()


@shared_task(ignore_result=True)
def supervision_reminders():
    from attune.reflection.supervision import reminders_send

    return reminders_send()


@shared_task(ignore_result=True)
def survey_reminders_and_release():
    from attune.consultation.campaigns import closed_campaigns_release, reminders_send

    return reminders_send(), closed_campaigns_release()


@shared_task(ignore_result=True)
def prepare_file(pk):
    from attune.core.downloads import prepare

    prepare(pk)


@shared_task(ignore_result=True)
def prepare_waiting_files():
    from attune.core.downloads import prepare_waiting

    return prepare_waiting()
