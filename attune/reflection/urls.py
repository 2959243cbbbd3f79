from django.urls import path

from attune.reflection import views

app_name = "reflection"

urlpatterns = [
    path("reflect/", views.journal, name="journal"),
    path("reflect/new/", views.entry_new, name="new"),
    path("reflect/entries/<int:pk>/", views.entry_detail, name="entry"),
    path("reflect/entries/<int:pk>/edit/", views.entry_edit, name="edit"),
    path("reflect/entries/<int:pk>/delete/", views.entry_delete, name="delete"),
    path("reflect/entries/<int:pk>/share/", views.entry_share, name="share"),
    path("reflect/entries/<int:pk>/unshare/<int:supervisor_id>/", views.entry_unshare, name="unshare"),
    path("reflect/shared-with-me/", views.shared_with_me, name="shared_with_me"),
    path("reflect/shared-with-me/<int:pk>/", views.shared_entry, name="shared_entry"),
]
