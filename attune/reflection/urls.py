from django.urls import path

from attune.reflection import group_views, supervision_views, views

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
    path("reflect/revalidation/", views.packs, name="packs"),
    path("reflect/revalidation/new/", views.pack_new, name="pack_new"),
    path("reflect/revalidation/<int:pk>/", views.pack_detail, name="pack"),
    path("reflect/revalidation/<int:pk>/pack.<str:kind>", views.pack_download, name="pack_download"),
    path("reflect/cpd/", views.cpd_records, name="cpd"),
    path("reflect/cpd/records.<str:kind>", views.cpd_records_download, name="cpd_download"),
    path("reflect/supervision/", supervision_views.agreements, name="agreements"),
    path("reflect/supervision/new/", supervision_views.agreement_new, name="agreement_new"),
    path("reflect/supervision/<int:pk>/", supervision_views.agreement_detail, name="agreement"),
    path("reflect/supervision/<int:pk>/agree/", supervision_views.agreement_accept, name="agreement_accept"),
    path("reflect/supervision/<int:pk>/sessions/new/", supervision_views.session_new, name="supervision_session_new"),
    path("reflect/supervision/sessions/<int:pk>/", supervision_views.session_detail, name="supervision_session"),
    path("reflect/supervision/actions/<int:pk>/done/", supervision_views.action_done, name="action_done"),
    path("reflect/groups/", group_views.series_list, name="groups"),
    path("reflect/groups/new/", group_views.series_new, name="series_new"),
    path("reflect/groups/<int:pk>/", group_views.series_detail, name="series"),
    path("reflect/groups/sessions/<int:pk>/", group_views.session_detail, name="group_session"),
    path("reflect/groups/sessions/<int:pk>/answer/<str:measure>/", group_views.session_answer, name="group_answer"),
    path("reflect/groups/sessions/<int:pk>/run/", group_views.session_run, name="group_run"),
]
