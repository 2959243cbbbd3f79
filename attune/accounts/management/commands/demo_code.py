from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from attune.accounts.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code for the demo accounts (which share one published key)."

    def handle(self, *args, **options):
        if not TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).exists():
            raise CommandError("No demo accounts here. Run `python manage.py seed_demo` first.")
        device = TOTPDevice(key=DEMO_TOTP_KEY)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:06d}")
