from django.core.management.base import BaseCommand

from attune.reflection.supervision import reminders_send


class Command(BaseCommand):
    help = "Remind people of supervision sessions due within two days and of overdue actions (each once)."

    def handle(self, *args, **options):
        self.stdout.write(f"{reminders_send()} reminder(s) sent.")
