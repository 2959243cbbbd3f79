"""gunicorn settings for the production profile (scripts/production-stack.sh)."""

from attune.core.logs import JSON_FORMATTER

# Idle connections are kept open for a while (the gthread worker parks them without holding a thread),
# so that a client reusing one is not met by a connection closed at the same moment.
keepalive = 30


def post_worker_init(worker):
    """Load the skill coder as each worker starts, in the background, so that the first practice turn a
    worker serves does not wait for the model to load."""
    import threading

    def warm():
        from attune.rehearsal.coding import coder

        coder().code_many([("Hello, I'm one of the nurses.", "Is he going to be all right?")])

    threading.Thread(target=warm, name="warm-skill-coder", daemon=True).start()


# gunicorn's own messages (workers starting and stopping) as JSON lines, like Attune's. Access lines are
# not written: Attune logs each request itself, with the route and never the path.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
