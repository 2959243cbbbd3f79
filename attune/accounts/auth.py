"""Helpers for signing in: throttling keys and two-factor devices."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from attune.accounts.models import normalise_email


def axes_username(request, credentials):
    """Throttle by the email as the person typed it, whatever its case."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username", "")) if request is not None else ""


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
