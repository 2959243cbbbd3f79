from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from attune.accounts import org_views, views
from attune.accounts.forms import NHSPasswordChangeForm, NHSPasswordResetForm, NHSSetPasswordForm

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=NHSPasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NHSSetPasswordForm,
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=NHSPasswordChangeForm,
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:account"),
        ),
        name="password_change",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("account/my-data/", views.download_my_data, name="download_my_data"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("teams/", org_views.teams_index, name="teams"),
    path("teams/<slug:org_slug>/<slug:team_slug>/", org_views.team_detail, name="team_detail"),
    path("organisations/<slug:org_slug>/", org_views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:org_slug>/teams/new/", org_views.team_create, name="team_create"),
    path("organisations/<slug:org_slug>/teams/<slug:team_slug>/edit/", org_views.team_edit, name="team_edit"),
    path("organisations/<slug:org_slug>/people/", org_views.member_list, name="member_list"),
    path("organisations/<slug:org_slug>/people/<int:user_id>/", org_views.member_detail, name="member_detail"),
    path(
        "organisations/<slug:org_slug>/people/<int:user_id>/reset-two-factor/",
        org_views.member_two_factor_reset,
        name="member_two_factor_reset",
    ),
    path(
        "organisations/<slug:org_slug>/roles/<int:membership_id>/remove/",
        org_views.membership_remove,
        name="membership_remove",
    ),
    path("organisations/<slug:org_slug>/invitations/", org_views.invitation_list, name="invitation_list"),
    path(
        "organisations/<slug:org_slug>/invitations/<int:invitation_id>/withdraw/",
        org_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:org_slug>/audit/", org_views.audit_log, name="audit_log"),
]
