from django.urls import path

from attune.evidence import views

app_name = "evidence"

urlpatterns = [
    path("evidence/", views.programme_list, name="list"),
    path("evidence/new/", views.programme_new, name="new"),
    path("evidence/<int:pk>/", views.programme_detail, name="detail"),
    path("evidence/<int:pk>/enrol/", views.programme_enrol, name="enrol"),
    path("evidence/<int:pk>/report/", views.programme_report, name="report"),
    path("evidence/<int:pk>/report.pdf", views.programme_report_pdf, name="report_pdf"),
    path("evidence/<int:pk>/export.csv", views.programme_export, name="export"),
    path("evidence/<int:pk>/mine/", views.my_results, name="mine"),
    path("evidence/<int:pk>/answer/<int:measure_id>/", views.measure_answer, name="answer"),
]
