import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attune.consultation.instruments import load_instrument, read_responses
from attune.core.content import ContentInvalid


class Command(BaseCommand):
    help = (
        "Score a CSV of responses (one row per respondent, one column per item id, optional 'respondent' "
        "and 'team' columns) and print each respondent's subscale scores as CSV. Every bad row is "
        "reported with its number, and nothing is scored until the file is clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("instrument", type=Path)
        parser.add_argument("responses", type=Path)

    def handle(self, *args, instrument, responses, **options):
        try:
            loaded = load_instrument(instrument)
        except ContentInvalid as invalid:
            raise CommandError("\n".join(str(e) for e in invalid.errors)) from None
        try:
            with responses.open(newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{responses}: cannot be read as a CSV file ({error})") from None
        if not rows:
            raise CommandError(f"{responses}: there are no responses under the header row")
        answers, errors = read_responses(loaded, rows)
        if errors:
            raise CommandError("\n".join(f"{responses}: {e}" for e in errors))
        subscales = [s.id for s in loaded.subscales]
        writer = csv.writer(self.stdout if self.stdout else sys.stdout)
        writer.writerow(["respondent", *subscales])
        for row in answers:
            scores = loaded.score(row["answers"])
            writer.writerow([row["respondent"], *("" if scores[s] is None else f"{scores[s]:.2f}" for s in subscales)])
