import pytest
from django.core.management import call_command

from attune.accounts.demo import DEMO_PASSWORD
from attune.accounts.models import Membership, Organisation, Team, User


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_sign_ins(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Team.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Team.objects.count(),
        Membership.objects.count(),
    )
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert "priya.facilitator@demo.attune.example" in out
    assert counts[0] >= 19  # 15 or more staff, plus facilitator, supervisor and admins
    assert set(Team.objects.values_list("name", flat=True)) >= {
        "Neonatal Unit",
        "Maternity",
        "Paediatric Ward",
        "Family Assessment Team",
    }
    facilitator = User.objects.get(email="priya.facilitator@demo.attune.example")
    assert facilitator.memberships.values("organisation").distinct().count() == 2


@pytest.mark.django_db
def test_demo_code_prints_a_code_the_demo_device_accepts(capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__email="helen.admin@demo.attune.example")
    assert device.verify_token(code)
