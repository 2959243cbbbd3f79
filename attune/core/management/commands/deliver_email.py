from django.core.management.base import BaseCommand

from attune.core.mail import deliver_outbox


class Command(BaseCommand):
    help = "Deliver the email waiting in the outbox (for deployments that run cron instead of a worker)."

    def handle(self, *args, **options):
        self.stdout.write(f"{deliver_outbox()} email(s) delivered.")
