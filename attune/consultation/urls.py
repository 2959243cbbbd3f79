from django.urls import path

from attune.consultation import views

app_name = "consultation"

urlpatterns = [
    path("consult/", views.consultation_list, name="list"),
    path("consult/ask/", views.consultation_new, name="new"),
    path("consult/get-in-touch/<slug:slug>/", views.get_in_touch, name="get_in_touch"),
    path("consult/<int:pk>/", views.consultation_detail, name="detail"),
    path("consult/<int:pk>/respond/", views.consultation_respond, name="respond"),
    path("consult/<int:pk>/save/<str:part>/", views.consultation_save, name="save"),
    path("consult/<int:pk>/actions/<int:action_id>/", views.action_status, name="action_status"),
]
