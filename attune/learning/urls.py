from django.urls import path

from attune.learning import views

app_name = "learning"

urlpatterns = [
    path("learn/", views.catalogue, name="catalogue"),
    path("learn/my-learning/", views.my_learning, name="my_learning"),
    path("learn/modules/<slug:slug>/", views.module_overview, name="module"),
    path("learn/modules/<slug:slug>/<int:number>/", views.module_section, name="section"),
    path("learn/modules/<slug:slug>/check/", views.module_check, name="check"),
    path("learn/modules/<slug:slug>/reflect/", views.module_reflect, name="reflect"),
]
