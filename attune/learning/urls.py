from django.urls import path

from attune.learning import cpd_views, session_views, views

app_name = "learning"

urlpatterns = [
    path("learn/", views.catalogue, name="catalogue"),
    path("learn/my-learning/", views.my_learning, name="my_learning"),
    path("learn/modules/<slug:slug>/", views.module_overview, name="module"),
    path("learn/modules/<slug:slug>/<int:number>/", views.module_section, name="section"),
    path("learn/modules/<slug:slug>/check/", views.module_check, name="check"),
    path("learn/sessions/", session_views.session_list, name="sessions"),
    path("learn/sessions/new/", session_views.session_create, name="session_create"),
    path("learn/sessions/<int:pk>/", session_views.session_detail, name="session"),
    path("learn/sessions/<int:pk>/book/", session_views.session_book, name="session_book"),
    path(
        "learn/sessions/<int:pk>/cancel-booking/", session_views.session_cancel_booking, name="session_cancel_booking"
    ),
    path("learn/sessions/<int:pk>/calendar.ics", session_views.session_calendar_file, name="session_calendar"),
    path("learn/sessions/<int:pk>/edit/", session_views.session_edit, name="session_edit"),
    path("learn/sessions/<int:pk>/cancel/", session_views.session_cancel, name="session_cancel"),
    path("learn/sessions/<int:pk>/register/", session_views.session_register, name="session_register"),
    path("learn/sessions/<int:pk>/feedback/", session_views.session_feedback, name="session_feedback"),
    path("learn/my-learning/cpd-record.csv", cpd_views.record_csv, name="record_csv"),
    path("learn/my-learning/cpd-record.pdf", cpd_views.record_pdf_view, name="record_pdf"),
    path("learn/certificates/<str:kind>/<str:reference>/issue/", cpd_views.certificate_issue, name="certificate_issue"),
    path("learn/certificates/<str:code>.pdf", cpd_views.certificate_download, name="certificate_pdf"),
    path("verify/", cpd_views.verify, name="verify"),
]
