"""The Celery application: the worker runs Attune's background tasks (`core/tasks.py`) from Redis.

celery -A attune worker --beat --concurrency 2
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attune.settings")

app = Celery("attune")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["attune.core"])
