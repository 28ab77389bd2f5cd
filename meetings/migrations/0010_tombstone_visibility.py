from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_plain_text_fields")]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="was_public",
            field=models.BooleanField(default=False, verbose_name="was public"),
        ),
    ]
