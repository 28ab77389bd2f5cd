from django.db import migrations, models


def field() -> models.BooleanField:
    return models.BooleanField(
        default=False,
        help_text="Planned from the usual rhythm to show the calendar at work; not real.",
        verbose_name="demonstration",
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0010_tombstone_visibility")]

    operations = [
        migrations.AddField(model_name="historicalsession", name="is_demonstration", field=field()),
        migrations.AddField(model_name="session", name="is_demonstration", field=field()),
    ]
