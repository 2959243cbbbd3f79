import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


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
