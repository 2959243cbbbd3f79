from django.core.management.base import BaseCommand

from attune.consultation.campaigns import closed_campaigns_release, reminders_send


class Command(BaseCommand):
    help = (
        "Remind people who have not answered a survey (after three days, and two days before it closes), and "
        "add the last waiting answers of surveys that have closed to their results. Run it daily."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{reminders_send()} reminder(s) sent.")
        self.stdout.write(f"{closed_campaigns_release()} answer(s) added to closed surveys.")
