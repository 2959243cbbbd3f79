import re

import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
class TestSecurityHeaders:
    def test_every_page_has_a_content_security_policy_with_a_fresh_nonce(self, client):
        first = client.get(reverse("accounts:sign_in"))
        second = client.get(reverse("accounts:sign_in"))
        policy = first["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert f'nonce="{nonce}"' in first.content.decode()
        assert nonce not in second["Content-Security-Policy"]

    def test_every_script_on_the_page_carries_the_nonce(self, client):
        body = client.get(reverse("accounts:sign_in")).content.decode()
        scripts = re.findall(r"<script[^>]*>", body)
        assert scripts
        assert all("nonce=" in tag for tag in scripts)

    def test_https_responses_carry_hsts_when_not_in_debug(self, client, settings):
        settings.SECURE_HSTS_SECONDS = 31536000
        response = client.get(reverse("accounts:sign_in"), secure=True)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")

    @pytest.mark.parametrize("debug,secure", [("", True), ("1", False)])
    def test_cookies_are_secure_and_hsts_on_unless_in_debug(self, debug, secure):
        """Load the settings module fresh, as a deployment would, with and without DEBUG."""
        import json
        import os
        import subprocess
        import sys

        env = {k: v for k, v in os.environ.items() if k not in {"SECURE_COOKIES", "SECURE_HSTS_SECONDS"}}
        env.update(DEBUG=debug, SECRET_KEY="k" * 50)
        code = (
            "import json, attune.settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SECURE_HSTS_SECONDS > 0]))"
        )
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == [secure, secure, secure]

    def test_production_refuses_to_start_without_a_secret_key(self):
        import os
        import subprocess
        import sys

        env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ATTUNE_ALLOW_INSECURE_KEY"}}
        result = subprocess.run(
            [sys.executable, "-c", "import attune.settings"], env=env, capture_output=True, text=True
        )
        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr

    def test_forms_are_protected_against_cross_site_requests(self, world):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        response = strict.post(reverse("accounts:sign_in"), {"username": "alice@trust.example", "password": "x"})
        assert response.status_code == 403
        assert "Your form has expired" in response.content.decode()

    @override_settings(ATTUNE_MAX_REQUEST_BYTES=1000)
    def test_an_oversized_request_is_refused_with_a_clear_message(self, client):
        response = client.post(reverse("accounts:sign_in"), {"username": "a@b.example", "password": "x" * 5000})
        assert response.status_code == 413
        assert "Nothing was saved" in response.content.decode()

    def test_pages_cannot_be_framed(self, client):
        assert client.get(reverse("accounts:sign_in"))["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_health_check_reports_the_database(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "worker": "inline",
                               "waiting_emails": 0}  # fmt: skip


@pytest.mark.django_db
def test_pages_use_the_nhs_layout(signed_in, world):
    body = signed_in(world.learner).get(reverse("core:home")).content.decode()
    assert 'class="nhsuk-skip-link"' in body
    assert 'class="nhsuk-header"' in body
    assert "Privacy notice" in body
    assert ">Team<" in body or "Team</" in body
