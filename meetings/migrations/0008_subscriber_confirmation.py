import django.db.models.deletion
from django.db import migrations, models

import meetings.models.sessions


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_history")]

    operations = [
        migrations.CreateModel(
            name="SubscriptionRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token_hash",
                    models.CharField(
                        editable=False, max_length=64, unique=True, verbose_name="token hash"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "French"), ("es", "Spanish")],
                        max_length=2,
                        verbose_name="language",
                    ),
                ),
                (
                    "timezone",
                    models.CharField(
                        max_length=64,
                        validators=[meetings.models.sessions.validate_timezone],
                        verbose_name="time zone",
                    ),
                ),
                (
                    "lead_days",
                    models.JSONField(blank=True, default=list, verbose_name="lead times (days)"),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("immediate", "Each message at once"),
                            ("daily", "Daily digest"),
                            ("weekly", "Weekly digest"),
                        ],
                        max_length=10,
                        verbose_name="delivery",
                    ),
                ),
                ("everything", models.BooleanField(default=False, verbose_name="every body")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("expires_at", models.DateTimeField(db_index=True, verbose_name="expires")),
                (
                    "bodies",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="governance.body", verbose_name="bodies"
                    ),
                ),
                (
                    "subscriber",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="requests",
                        to="meetings.subscriber",
                    ),
                ),
            ],
            options={
                "verbose_name": "subscription request",
                "verbose_name_plural": "subscription requests",
                "ordering": ["created_at"],
            },
        ),
    ]
