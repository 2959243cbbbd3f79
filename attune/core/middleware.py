import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

request_logger = logging.getLogger("attune.requests")


class RequestSizeLimitMiddleware:
    """Refuse any request body larger than ATTUNE_MAX_REQUEST_BYTES before it is read.

    The answer is a plain page that says what the limit is, so that a person who pasted a very long text
    or chose a large file knows what to change; nothing is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.ATTUNE_MAX_REQUEST_BYTES
        if length > limit:
            body = render_to_string("core/too_large.html", {"limit_mb": round(limit / (1024 * 1024), 1)})
            return HttpResponse(body, status=413)
        return self.get_response(request)


class SessionIdleRefreshMiddleware:
    """Push a session's expiry back as people use Attune, writing it at most once a minute.

    Sessions end after SESSION_COOKIE_AGE seconds without a request. Saving the session on every
    request (Django's SESSION_SAVE_EVERY_REQUEST) would add a database write to every page and every
    practice turn; refreshing once every SESSION_REFRESH_SECONDS keeps the idle limit to within that
    margin at a fraction of the writes.
    """

    KEY = "_attune_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class RequestLogMiddleware:
    """One log line per request: method, route pattern, status and milliseconds.

    The route is the URL pattern (`survey/<str:token>/`), never the path, which can hold a personal
    link; nothing identifies the person. Unhandled errors are logged here with their traceback, for
    the same reason, instead of by Django's request logger.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - began) * 1000, 1)
        route = _route(request)
        request_logger.info(
            "%s %s %s %sms", request.method, route, response.status_code, duration,
            extra={"method": request.method, "route": route, "status": response.status_code, "duration_ms": duration},
        )  # fmt: skip
        return response

    def process_exception(self, request, exception):
        request_logger.error("unhandled %s on %s", type(exception).__name__, _route(request), exc_info=exception)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "(no route)"
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or match.route)
