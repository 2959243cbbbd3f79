from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from attune.accounts.access import requires_two_factor
from attune.accounts.auth import confirmed_device

# Pages a person must still reach before they have finished setting up two-factor sign-in.
ALLOWED_NAMES = {"accounts:two_factor_setup", "accounts:sign_out", "core:privacy", "core:accessibility"}


class TwoFactorRequiredMiddleware:
    """Facilitators and organisation admins must sign in with a second factor before anything else.

    A person who needs it but has no device is sent to set one up; a person with a device whose session
    was not verified (for example a role granted mid-session) is signed out to sign in again with a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not requires_two_factor(user):
            return None
        match = request.resolver_match
        if match and match.view_name in ALLOWED_NAMES:
            return None
        if request.path.startswith("/static/"):
            return None
        if confirmed_device(user) is None:
            return redirect(f"{reverse('accounts:two_factor_setup')}?required=1")
        logout(request)
        messages.info(request, "Your role needs two-factor sign-in. Sign in again with a code from your app.")
        return redirect_to_login(request.get_full_path())
