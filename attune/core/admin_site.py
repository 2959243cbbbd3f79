from django.contrib import admin
from django.contrib.auth.views import redirect_to_login


class AttuneAdminSite(admin.AdminSite):
    """Django's admin, for superusers only, signed in through Attune's own sign-in and second factor."""

    site_header = "Attune administration"
    site_title = "Attune administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser and user.is_verified()

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
