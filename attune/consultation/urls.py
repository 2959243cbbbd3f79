from django.urls import path

from attune.consultation import campaign_views, views

app_name = "consultation"

urlpatterns = [
    path("consult/", views.consultation_list, name="list"),
    path("consult/ask/", views.consultation_new, name="new"),
    path("consult/get-in-touch/<slug:slug>/", views.get_in_touch, name="get_in_touch"),
    path("consult/<int:pk>/", views.consultation_detail, name="detail"),
    path("consult/<int:pk>/respond/", views.consultation_respond, name="respond"),
    path("consult/<int:pk>/save/<str:part>/", views.consultation_save, name="save"),
    path("consult/<int:pk>/actions/<int:action_id>/", views.action_status, name="action_status"),
    path("consult/surveys/", campaign_views.campaign_list, name="campaigns"),
    path("consult/surveys/new/", campaign_views.campaign_new, name="campaign_new"),
    path("consult/surveys/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("consult/surveys/<int:pk>/import/", campaign_views.campaign_import, name="campaign_import"),
    path("consult/surveys/<int:pk>/report/", campaign_views.campaign_report, name="campaign_report"),
    path("consult/surveys/<int:pk>/report.pdf", campaign_views.campaign_report_pdf, name="campaign_report_pdf"),
    path("consult/surveys/<int:pk>/teams/<int:team_id>/", campaign_views.team_report, name="team_report"),
    path("survey/<str:token>/", campaign_views.survey_answer, name="answer"),
]
