import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user

SIGN_IN = reverse("accounts:sign_in")


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
class TestSignIn:
    def test_it_signs_in_with_email_in_any_case(self, client, world):
        response = client.post(SIGN_IN, {"username": "ALICE@Trust.Example", "password": PASSWORD})
        assert response.status_code == 302
        assert response.url == reverse("core:home")
        assert client.get(reverse("core:home")).context["user"] == world.learner

    def test_it_explains_a_wrong_password(self, client, world):
        response = client.post(SIGN_IN, {"username": "alice@trust.example", "password": "wrong"})
        assert response.status_code == 200
        assert "The email address or password is not right" in response.content.decode()
        assert "Error: Sign in" in response.content.decode()

    def test_it_locks_out_after_five_failures_with_a_clear_message(self, client, world):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(SIGN_IN, {"username": "alice@trust.example", "password": "wrong"})
        response = client.post(SIGN_IN, {"username": "alice@trust.example", "password": PASSWORD})
        assert response.status_code == 429
        assert "Signing in is paused" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_lock_out_of_one_account_leaves_others_alone(self, client, world):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(SIGN_IN, {"username": "alice@trust.example", "password": "wrong"})
        response = client.post(SIGN_IN, {"username": "lena@trust.example", "password": PASSWORD})
        assert response.status_code == 302

    def test_it_stores_passwords_with_argon2(self, settings):
        from attune import settings as attune_settings

        settings.PASSWORD_HASHERS = attune_settings.PASSWORD_HASHERS
        user = make_user("hash@trust.example", "Hash Test")
        assert identify_hasher(user.password).algorithm == "argon2"

    def test_it_does_not_follow_a_next_link_to_another_site(self, client, world):
        response = client.post(
            SIGN_IN + "?next=https://evil.example/", {"username": "alice@trust.example", "password": PASSWORD}
        )
        assert response.url == reverse("core:home")

    def test_sessions_expire_after_inactivity(self, signed_in, world):
        from datetime import timedelta

        from django.contrib.sessions.models import Session
        from django.utils import timezone

        client = signed_in(world.learner)
        assert client.get(reverse("core:home")).status_code == 200
        # Each request pushes the expiry back by the idle period...
        session = Session.objects.get(session_key=client.session.session_key)
        idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        assert session.expire_date > timezone.now() + idle - timedelta(minutes=1)
        # ...and once the idle period has passed, the person must sign in again.
        Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
        response = client.get(reverse("core:home"))
        assert response.status_code == 302
        assert response.url.startswith(SIGN_IN)

    def test_the_expiry_moves_with_use_but_is_written_at_most_once_a_minute(self, signed_in, world, monkeypatch):
        import time
        from datetime import timedelta

        from django.contrib.sessions.models import Session

        client = signed_in(world.learner)
        client.get(reverse("core:home"))
        session = Session.objects.get(session_key=client.session.session_key)
        earlier = session.expire_date - timedelta(minutes=5)
        Session.objects.filter(pk=session.pk).update(expire_date=earlier)
        client.get(reverse("core:home"))
        assert Session.objects.get(pk=session.pk).expire_date == earlier  # within the minute: no write
        now = time.time()
        monkeypatch.setattr(time, "time", lambda: now + 61)
        client.get(reverse("core:home"))
        assert Session.objects.get(pk=session.pk).expire_date > earlier + timedelta(minutes=4)

    def test_sign_out_needs_a_post(self, signed_in, world):
        client = signed_in(world.learner)
        assert client.get(reverse("accounts:sign_out")).status_code == 405
        client.post(reverse("accounts:sign_out"))
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestTwoFactor:
    def test_a_person_with_an_app_is_asked_for_a_code(self, client, world):
        device = TOTPDevice.objects.create(user=world.learner, name="App", confirmed=True)
        response = client.post(SIGN_IN, {"username": "alice@trust.example", "password": PASSWORD})
        assert response.url == reverse("accounts:sign_in_code")
        assert "_auth_user_id" not in client.session

        wrong = client.post(
            reverse("accounts:sign_in_code"), {"token": "000000" if current_code(device) != "000000" else "111111"}
        )
        assert "That code is not right" in wrong.content.decode()
        assert "_auth_user_id" not in client.session

        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post(reverse("accounts:sign_in_code"), {"token": current_code(device)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(world.learner.pk)

    def test_the_code_step_cannot_be_reached_without_a_password(self, client, world):
        response = client.get(reverse("accounts:sign_in_code"))
        assert response.url == SIGN_IN

    def test_facilitators_must_set_up_two_factor_before_anything_else(self, client, world):
        client.post(SIGN_IN, {"username": "fran@consult.example", "password": PASSWORD})
        response = client.get(reverse("accounts:teams"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor_setup"))

    def test_setting_up_two_factor_verifies_the_session(self, client, world):
        client.post(SIGN_IN, {"username": "adam@trust.example", "password": PASSWORD})
        page = client.get(reverse("accounts:two_factor_setup") + "?required=1")
        assert "you need two-factor sign-in" in page.content.decode()
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=world.admin, confirmed=False)
        response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
        assert response.url == reverse("core:home")
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("accounts:organisation_detail", args=["test-trust"])).status_code == 200

    def test_two_factor_is_optional_for_members_and_can_be_turned_off(self, signed_in, world):
        client = signed_in(world.learner)
        assert client.get(reverse("core:home")).status_code == 200
        TOTPDevice.objects.create(user=world.learner, name="App", confirmed=True)
        refused = client.post(reverse("accounts:two_factor_remove"), {"password": "not-my-password"})
        assert "Enter your password to turn off two-factor sign-in" in refused.content.decode()
        assert TOTPDevice.objects.filter(user=world.learner).exists()
        client.post(reverse("accounts:two_factor_remove"), {"password": PASSWORD})
        assert not TOTPDevice.objects.filter(user=world.learner).exists()

    def test_it_cannot_be_turned_off_when_the_role_needs_it(self, signed_in, world):
        client = signed_in(world.admin)
        client.post(reverse("accounts:two_factor_remove"))
        assert TOTPDevice.objects.filter(user=world.admin, confirmed=True).exists()

    def test_the_requirement_is_configurable(self, client, world, settings):
        settings.ATTUNE_TWO_FACTOR_REQUIRED_ROLES = []
        client.post(SIGN_IN, {"username": "fran@consult.example", "password": PASSWORD})
        assert client.get(reverse("accounts:teams")).status_code == 200


@pytest.mark.django_db
class TestPasswordReset:
    def test_it_emails_a_link_that_sets_a_new_password(self, client, world, mailoutbox):
        client.post(reverse("accounts:password_reset"), {"email": "Alice@trust.example"})
        assert len(mailoutbox) == 1
        link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
        path = link.split("testserver", 1)[1]
        form_page = client.get(path, follow=True)
        assert "Choose a new password" in form_page.content.decode()
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": "another-good-pass-77", "new_password2": "another-good-pass-77"},
        )
        assert response.status_code == 302
        world.learner.refresh_from_db()
        assert world.learner.check_password("another-good-pass-77")

    def test_it_says_nothing_about_unknown_addresses(self, client, world, mailoutbox):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@nowhere.example"})
        assert response.status_code == 302
        assert mailoutbox == []


@pytest.mark.django_db
def test_sign_in_attempts_from_one_address_are_limited_whatever_the_account(client, world, settings):
    settings.ATTUNE_SIGN_IN_RATE = "3/m"
    for n in range(3):
        response = client.post(reverse("accounts:sign_in"), {"username": f"nobody{n}@example.org", "password": "x"})
        assert response.status_code == 200
    limited = client.post(reverse("accounts:sign_in"), {"username": world.learner.email, "password": PASSWORD})
    assert limited.status_code == 429 and "Wait a minute and try again" in limited.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_passwords_use_argon2id_at_owasp_parameters_and_older_hashes_are_upgraded(client, settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.PASSWORD_HASHERS = ["attune.accounts.hashers.Argon2idHasher"]
    person = make_user("hash@example.org", "Hash")
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in person.password
    # A hash made with Django's heavier defaults still signs in, and is rewritten at our parameters.
    person.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    person.save()
    assert "m=102400" in person.password
    response = client.post(reverse("accounts:sign_in"), {"username": "hash@example.org", "password": PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert "m=19456,t=2,p=1" in person.password
