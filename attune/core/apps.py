from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "attune.core"
    label = "core"
    verbose_name = "Shell"

    def ready(self):
        # Configures the task queue in every Django process, so that queued tasks go to Redis (or run
        # inline without it). Not imported by the package itself: the framework-free libraries stay light.
        import attune.celery  # noqa: F401


class AttuneAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "attune.core.admin_site.AttuneAdminSite"
