from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("attune.core.urls")),
    path("", include("attune.accounts.urls")),
    path("", include("attune.learning.urls")),
    path("", include("attune.rehearsal.urls")),
    path("", include("attune.reflection.urls")),
    path("", include("attune.consultation.urls")),
    path("", include("attune.evidence.urls")),
    path("django-admin/", admin.site.urls),
]
