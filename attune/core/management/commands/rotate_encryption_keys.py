from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from attune.core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key in ATTUNE_ENCRYPTION_KEYS. Put the new key "
        "first, run this, then remove the old key."
    )

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            columns = [connection.ops.quote_name(f.column) for f in fields]
            with transaction.atomic(), connection.cursor() as cursor:
                # Raw SQL, so the stored tokens are rotated without ever being turned back into text here.
                cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table}")  # noqa: S608 - names from the model
                rows = cursor.fetchall()
                for row in rows:
                    for column, old in zip(columns, row[1:], strict=True):
                        if old is None:
                            continue
                        # Only if the row still holds what was read: an edit made meanwhile (already
                        # written with the newest key) is never overwritten with the old text.
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                            [rotate(old), row[0], old],
                        )
                total += len(rows)
            self.stdout.write(f"{model._meta.label}: {len(rows)} row(s) re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} row(s) now use the newest key."))
