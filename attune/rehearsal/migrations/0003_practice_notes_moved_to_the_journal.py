from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rehearsal", "0002_scenario_audience_organisations"),
        # The notes are copied into the journal before their table goes.
        ("reflection", "0002_practice_notes_into_the_journal"),
    ]

    operations = [
        migrations.DeleteModel(name="PracticeNote"),
    ]
