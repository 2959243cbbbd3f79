"""Files made in the background: a report's PDF, for example, which can take seconds for a large survey.

An app registers a maker for a kind of file: `maker(owner, params) -> Made`, which checks the owner's
access itself (the same access functions as its pages) and raises `Unavailable` with a message for the
person when the file cannot be made. Asking for a file stores a `PreparedFile` and queues the work;
the person waits on a page that refreshes itself until the file is ready (at once when tasks run
inline). Files are the owner's alone and are forgotten after KEPT_FOR.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from attune.core.models import FileStatus, PreparedFile

logger = logging.getLogger(__name__)
KEPT_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Made:
    content: bytes
    filename: str
    content_type: str = "application/pdf"


class Unavailable(Exception):
    """The file cannot be made; the message is for the person who asked."""


_makers: dict[str, Callable[..., Made]] = {}


def register(kind: str, maker: Callable[..., Made]) -> None:
    _makers[kind] = maker


def request_file(*, owner, kind: str, params: dict, title: str) -> PreparedFile:
    if kind not in _makers:
        raise ValueError(f"no maker for {kind!r}")
    with transaction.atomic():
        prepared = PreparedFile.objects.create(owner=owner, kind=kind, params=params, title=title)
        transaction.on_commit(lambda: _queue(prepared.pk))
    return prepared


def _queue(pk) -> None:
    from attune.core.tasks import prepare_file

    try:
        prepare_file.delay(str(pk))
    except Exception as error:  # noqa: BLE001 - the queue being down must not fail the request
        logger.warning("file %s waits: the task queue is unreachable (%s)", pk, type(error).__name__)


def prepare(pk) -> None:
    claimed = PreparedFile.objects.filter(pk=pk, status=FileStatus.WAITING).select_related("owner").first()
    if claimed is None:
        return
    try:
        made = _makers[claimed.kind](claimed.owner, claimed.params)
    except (Unavailable, Http404) as reason:
        PreparedFile.objects.filter(pk=pk).update(status=FileStatus.FAILED, problem=str(reason)[:300])
        return
    except Exception:
        logger.exception("file %s (%s) could not be made", pk, claimed.kind)
        PreparedFile.objects.filter(pk=pk).update(
            status=FileStatus.FAILED, problem="Something went wrong while making it. Please try again."
        )
        return
    PreparedFile.objects.filter(pk=pk).update(
        status=FileStatus.READY, content=made.content, filename=made.filename, content_type=made.content_type,
        ready_at=timezone.now(),
    )  # fmt: skip


def prepare_waiting() -> int:
    """Make any file still waiting (its task was lost while the queue was down), and forget old ones."""
    PreparedFile.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    stale = PreparedFile.objects.filter(status=FileStatus.WAITING, created_at__lt=timezone.now() - timedelta(minutes=1))
    pks = list(stale.values_list("pk", flat=True))
    for pk in pks:
        prepare(pk)
    return len(pks)
