from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attune.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup`. Everything written since the "
        "backup is lost. ATTUNE_ENCRYPTION_KEYS must include the key that was current when it was made."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes, **options):
        if not yes:
            answer = input(f"Replace everything in the database with {path}? Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("Nothing was changed.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
