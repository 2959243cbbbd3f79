from django.core.management.base import BaseCommand

from attune.core.scale import SCALE_PASSWORD, seed


class Command(BaseCommand):
    help = (
        "Fill the database as a large trust would: 800 teams, 20,000 staff, 200,000 survey responses, 50,000 "
        "practice conversations and 100,000 journal entries (fewer with --scale below 1). For load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, scale, **options):
        counts = seed(scale, log=self.stdout.write)
        if counts:
            self.stdout.write(self.style.SUCCESS(f"Done. Every account's password: {SCALE_PASSWORD}"))
