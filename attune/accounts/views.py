"""Signing in and out, two-factor set-up, invitations, and a person's own account."""

import json
import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from attune.accounts import personal_data, services
from attune.accounts.access import requires_two_factor
from attune.accounts.auth import confirmed_device
from attune.accounts.forms import (
    AcceptInvitationForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    ProfileForm,
    SignInForm,
    TokenForm,
)
from attune.accounts.models import Invitation, User
from attune.audit.models import AuditAction
from attune.audit.services import audit_record_for_person

PENDING_KEY = "attune_pending_second_factor"
PENDING_SECONDS = 5 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@ratelimit(key="ip", rate=lambda group, request: settings.ATTUNE_SIGN_IN_RATE, method="POST", block=False)
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, "Too many people have tried to sign in from your connection in the last minute. "
                             "Wait a minute and try again.")  # fmt: skip
        return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")},
                      status=429)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        request.session.pop(PENDING_KEY, None)
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            # AxesMiddleware replaces this response with the lock-out page.
            return HttpResponse(status=429)
        if user is None:
            form.add_error(
                None,
                f"The email address or password is not right. After {settings.AXES_FAILURE_LIMIT} wrong tries, "
                f"signing in is paused for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes.",
            )
        elif (device := confirmed_device(user)) is not None:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "device": device.pk,
                "started": time.time(),
                "next": _safe_next(request),
            }
            return redirect("accounts:sign_in_code")
        else:
            login(request, user)
            return redirect(_safe_next(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@login_not_required
@never_cache
def sign_in_code(request):
    """The second step of signing in, for people with an authenticator app."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, "Signing in took too long. Enter your email address and password again.")
        return redirect("accounts:sign_in")
    device = TOTPDevice.objects.filter(pk=pending["device"], user_id=pending["user"], confirmed=True).first()
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:sign_in")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "Too many wrong codes. Wait a minute, then enter the newest code")
        elif device.verify_token(form.cleaned_data["token"]):
            request.session.pop(PENDING_KEY)
            login(request, device.user, backend=MODEL_BACKEND)
            otp_login(request, device)
            return redirect(pending["next"])
        else:
            form.add_error("token", "That code is not right. Check your phone's clock is set automatically")
    return render(request, "accounts/sign_in_code.html", {"form": form})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


@never_cache
def two_factor_setup(request):
    user = request.user
    if confirmed_device(user) is not None:
        return render(
            request,
            "accounts/two_factor_status.html",
            {"required": requires_two_factor(user), "form": ConfirmPasswordForm()},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                audit_record_for_person(
                    actor=user, action=AuditAction.CREATED, obj=device, person=user, detail="two-factor set up"
                )
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up. You will be asked for a code when you sign in.")
            return redirect("core:home")
        form.add_error("token", "That code is not right. Scan the QR code again and enter the newest code")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, omitsize=True, title="QR code for your authenticator app"),
            "secret": b32encode(device.bin_key).decode(),
            "required": request.GET.get("required") == "1" or requires_two_factor(user),
        },
    )


@require_POST
@sensitive_post_parameters("password")
def two_factor_remove(request):
    user = request.user
    if requires_two_factor(user):
        messages.error(request, "Your role needs two-factor sign-in, so it cannot be turned off.")
        return redirect("accounts:two_factor_setup")
    # Someone who finds a signed-in session left open must not be able to weaken the account.
    form = ConfirmPasswordForm(request.POST)
    if not form.is_valid() or not check_password(form.cleaned_data["password"], user.password):
        form.add_error("password", "Enter your password to turn off two-factor sign-in")
        return render(request, "accounts/two_factor_status.html", {"required": False, "form": form})
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user):
            audit_record_for_person(
                actor=user, action=AuditAction.DELETED, obj=device, person=user, detail="two-factor removed"
            )
            device.delete()
    messages.success(request, "Two-factor sign-in is turned off.")
    return redirect("accounts:account")


def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "has_device": confirmed_device(request.user) is not None,
            "memberships": request.user.memberships.select_related("organisation", "team"),
        },
    )


def download_my_data(request):
    user = request.user
    archive = personal_data.export_for(user)
    audit_record_for_person(actor=user, action=AuditAction.EXPORTED, obj=user, person=user, detail="personal data")
    response = HttpResponse(
        json.dumps(archive, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"attune-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not check_password(form.cleaned_data["password"], request.user.password):
            form.add_error("password", "That password is not right")
        else:
            user = request.user
            try:
                services.account_delete(user=user)
            except services.SoleAdminError as error:
                form.add_error(None, str(error))
            else:
                logout(request)
                messages.success(request, "Your account and everything you wrote in Attune have been deleted.")
                return redirect("accounts:sign_in")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_not_required
@sensitive_post_parameters("password1", "password2")
@never_cache
def invitation_accept(request, token: str):
    invitation = Invitation.objects.find_by_token(token)
    if invitation is None:
        raise Http404("No such invitation")
    context = {"invitation": invitation}
    if invitation.status != "pending":
        return _invitation_unusable(request, invitation)
    existing = User.objects.filter(email=invitation.email).first()
    if existing is not None:
        if not request.user.is_authenticated:
            return render(request, "accounts/invitation_sign_in_first.html", context)
        if request.user != existing:
            return render(request, "accounts/invitation_wrong_account.html", context)
        if request.method == "POST":
            try:
                services.invitation_accept_existing_account(token=token, user=request.user)
            except services.InvitationUnusable as error:
                return _invitation_unusable(request, invitation, str(error))
            messages.success(request, f"You have joined {invitation.where} as {invitation.get_role_display().lower()}.")
            return redirect("core:home")
        return render(request, "accounts/invitation_confirm.html", context)

    if request.user.is_authenticated:
        return render(request, "accounts/invitation_wrong_account.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_account(
                token=token,
                display_name=form.cleaned_data["display_name"],
                profession=form.cleaned_data["profession"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as error:
            return _invitation_unusable(request, invitation, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, f"Welcome to Attune. You have joined {invitation.where}.")
            return redirect("core:home")
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})


def _invitation_unusable(request, invitation, reason: str = ""):
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"reason": reason or services.UNUSABLE_REASONS.get(invitation.status, "This invitation cannot be used.")},
        status=410,
    )
