import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from attune.core import home
from attune.core.models import EmailStatus, FileStatus, OutboundEmail, PreparedFile

WORKER_STALE_AFTER = 120


def home_page(request):
    return render(request, "core/home.html", {"panels": home.panels_for(request)})


@login_not_required
def privacy_notice(request):
    return render(request, "core/privacy.html")


@login_not_required
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@login_not_required
@never_cache
def health(request):
    """For load balancers and monitoring.

    503 when the database does not answer, because then nothing works. The cache and the worker are
    reported but do not fail the check: pages keep working without Redis, and email waits in the outbox
    for the worker. `worker` is "inline" when no queue is configured, "stale" when its heartbeat (every
    30 seconds) is more than two minutes old.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy, and the reason is logged elsewhere
        checks["database"] = "failing"
    probe = f"attune:health:{time.monotonic_ns()}"
    try:
        cache.set(probe, 1, 5)
        checks["cache"] = "ok" if cache.get(probe) == 1 else "failing"
    except Exception:  # noqa: BLE001
        checks["cache"] = "failing"
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        checks["worker"] = "inline"
    else:
        from attune.core.tasks import HEARTBEAT_KEY

        beat = cache.get(HEARTBEAT_KEY)
        checks["worker"] = "ok" if beat and time.time() - beat < WORKER_STALE_AFTER else "stale"
    try:
        checks["waiting_emails"] = OutboundEmail.objects.filter(status=EmailStatus.WAITING).count()
    except Exception:  # noqa: BLE001 - the database check above has already said what is wrong
        checks["waiting_emails"] = None
    status = "ok" if checks["database"] == "ok" else "failing"
    if status == "ok" and (checks["cache"] != "ok" or checks["worker"] == "stale"):
        status = "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "failing" else 200)


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token: usually an old tab or an expired session."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def prepared_file(request, pk):
    """Waiting for a file being made: the page refreshes itself until it is ready."""
    prepared = PreparedFile.objects.filter(pk=pk, owner=request.user).defer("content").first()
    if prepared is None:
        raise Http404("No such file")
    return render(request, "core/prepared_file.html", {"prepared": prepared})


@never_cache
def prepared_file_download(request, pk):
    prepared = PreparedFile.objects.filter(pk=pk, owner=request.user, status=FileStatus.READY).first()
    if prepared is None:
        raise Http404("No such file")
    response = HttpResponse(bytes(prepared.content), content_type=prepared.content_type)
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    return response
