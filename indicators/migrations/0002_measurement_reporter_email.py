"""Record who reported a value in a Berichtsrunde internally, not in the public source note.

Values reported before this migration carry "gemeldet von <e-mail>" as their Quellenhinweis,
which the public view shows; the address moves to `reporter_email` and the note is emptied.
"""

from django.db import migrations, models

PREFIX = "gemeldet von "


def move_reporter_out_of_source_note(apps, schema_editor):
    Measurement = apps.get_model("indicators", "Measurement")
    for measurement in Measurement.objects.filter(source_note__startswith=PREFIX):
        email = measurement.source_note[len(PREFIX) :].strip()
        if "@" not in email or " " in email:
            continue
        measurement.reporter_email = email
        measurement.source_note = ""
        measurement.save(update_fields=["reporter_email", "source_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeasurement",
            name="reporter_email",
            field=models.EmailField(
                blank=True,
                editable=False,
                max_length=254,
                verbose_name="gemeldet von (E-Mail-Adresse, intern)",
            ),
        ),
        migrations.AddField(
            model_name="measurement",
            name="reporter_email",
            field=models.EmailField(
                blank=True,
                editable=False,
                max_length=254,
                verbose_name="gemeldet von (E-Mail-Adresse, intern)",
            ),
        ),
        migrations.RunPython(move_reporter_out_of_source_note, migrations.RunPython.noop),
    ]
