from django.urls import path

from attune.rehearsal import authoring_views, views

app_name = "rehearsal"

urlpatterns = [
    path("practise/", views.catalogue, name="catalogue"),
    path("practise/scenarios/<slug:key>/", views.brief, name="brief"),
    path("practise/conversations/<uuid:conversation_id>/", views.conversation, name="conversation"),
    path("practise/conversations/<uuid:conversation_id>/turn/", views.turn, name="turn"),
    path("practise/conversations/<uuid:conversation_id>/end/", views.end, name="end"),
    path("practise/conversations/<uuid:conversation_id>/debrief/", views.debrief, name="debrief"),
    path("practise/conversations/<uuid:conversation_id>/retry/<int:number>/", views.retry, name="retry"),
    path("practise/conversations/<uuid:conversation_id>/share/", views.share, name="share"),
    path("practise/history/", views.history, name="history"),
    path("practise/shared/", views.shared_list, name="shared_list"),
    path("practise/shared/<uuid:conversation_id>/", views.shared_conversation, name="shared_conversation"),
    path("practise/authoring/", authoring_views.scenario_list, name="authoring_list"),
    path("practise/authoring/new/", authoring_views.scenario_create, name="authoring_create"),
    path("practise/authoring/<int:pk>/", authoring_views.scenario_edit, name="authoring_edit"),
    path("practise/authoring/<int:pk>/preview/", authoring_views.scenario_preview, name="authoring_preview"),
    path("practise/authoring/<int:pk>/publish/", authoring_views.scenario_publish, name="authoring_publish"),
]
