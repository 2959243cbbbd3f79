"""Reflections drafted from practice debriefs and modules were kept as practice notes until the
journal existed; they move into the journal as free-writing entries, encrypted like every entry."""

import json

from django.db import migrations


def move_notes(apps, schema_editor):
    PracticeNote = apps.get_model("rehearsal", "PracticeNote")
    JournalEntry = apps.get_model("reflection", "JournalEntry")
    for note in PracticeNote.objects.all().iterator():
        entry = JournalEntry.objects.create(
            author_id=note.learner_id,
            structure="free",
            title="Reflection on a practice conversation" if note.conversation_id else "Reflection",
            content=json.dumps({"parts": {"text": note.text}, "tags": [], "nmc_themes": []}, ensure_ascii=False),
            conversation_id=note.conversation_id,
        )
        JournalEntry.objects.filter(pk=entry.pk).update(created_at=note.created_at, updated_at=note.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("reflection", "0001_initial"),
        ("rehearsal", "0002_scenario_audience_organisations"),
    ]

    operations = [migrations.RunPython(move_notes, migrations.RunPython.noop)]
