from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attune.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to a new file (PostgreSQL: pg_dump's custom format; SQLite: an online "
        "copy). Encrypted fields stay encrypted: keep the encryption keys, separately, as long as the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes)."))
