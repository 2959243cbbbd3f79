from django.core.management.base import BaseCommand

from attune.learning.booking import reminders_send


class Command(BaseCommand):
    help = "Email a reminder to everyone with a place in a session that starts within 24 hours (each once)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
