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
