"""Backups: a round trip keeps everything, encrypted fields included, across a key rotation; a restore
replaces what came after; a bad file changes nothing."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from attune.reflection import services
from attune.reflection.models import JournalEntry

FIRST, SECOND = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def write(author, title):
    return services.entry_create(author=author, structure="free", title=title, parts={"text": f"{title}: notes"},
                                 tags=["backup"])  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_encrypted_entries_across_a_key_rotation(world, settings, tmp_path):
    settings.ATTUNE_ENCRYPTION_KEYS = [FIRST]
    write(world.learner, "Before the backup")
    call_command("backup", str(tmp_path / "attune.backup"))

    # The key is rotated after the backup, and more is written.
    settings.ATTUNE_ENCRYPTION_KEYS = [SECOND, FIRST]
    call_command("rotate_encryption_keys")
    write(world.learner, "After the backup")

    call_command("restore", str(tmp_path / "attune.backup"), "--yes")
    (entry,) = JournalEntry.objects.all()
    assert entry.title == "Before the backup" and entry.parts == {"text": "Before the backup: notes"}

    # Re-encrypted with the newest key, the old one can go.
    call_command("rotate_encryption_keys")
    settings.ATTUNE_ENCRYPTION_KEYS = [SECOND]
    assert JournalEntry.objects.get().title == "Before the backup"


@pytest.mark.django_db(transaction=True)
def test_a_backup_never_overwrites_a_file_and_a_broken_one_changes_nothing(world, tmp_path):
    write(world.learner, "Kept")
    existing = tmp_path / "already-there"
    existing.write_text("an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "an older backup"
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"this is not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(broken), "--yes")
    assert JournalEntry.objects.get().title == "Kept"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
