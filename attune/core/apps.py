from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "attune.core"
    label = "core"
    verbose_name = "Shell"


class AttuneAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "attune.core.admin_site.AttuneAdminSite"
