"""What every benchmark script needs first: development settings and a database to fill."""

from __future__ import annotations

import os
import tempfile


def database_url() -> str:
    """DATABASE_URL when set, otherwise a throwaway SQLite file; development settings either way."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attune.settings")
    os.environ.setdefault("ATTUNE_ALLOW_INSECURE_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    workdir = tempfile.mkdtemp(prefix="attune-bench-")
    return os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"


def django_ready(url: str) -> None:
    """Set Django up on the given database and bring its tables up to date."""
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
