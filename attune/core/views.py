from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from attune.core import home


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
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy, and the reason is logged elsewhere
        checks["database"] = "failing"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """Shown when a form is sent without a valid CSRF token: usually an old tab or an expired session."""
    return render(request, "403_csrf.html", status=403)
