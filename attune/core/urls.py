from django.urls import path

from attune.core import views

app_name = "core"
urlpatterns = [
    path("", views.home_page, name="home"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("health/", views.health, name="health"),
    path("files/<uuid:pk>/", views.prepared_file, name="prepared_file"),
    path("files/<uuid:pk>/download/", views.prepared_file_download, name="prepared_file_download"),
]
