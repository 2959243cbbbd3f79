from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from attune.core import content


class Command(BaseCommand):
    help = "Validate every content file Attune loads; list each error with its file, line and field."

    def handle(self, *args, **options):
        kinds = content.kinds()
        checked, errors = content.validate_all(settings.CONTENT_DIR)
        for error in errors:
            self.stderr.write(str(error))
        names = ", ".join(kind.name for kind in kinds) or "none registered"
        summary = f"{checked} content file(s) checked ({names}); {len(errors)} error(s)."
        if errors:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
