"""The search index (governance.SearchEntry).

On PostgreSQL: the unaccent and pg_trgm extensions, the text search configurations
english_unaccent, french_unaccent and spanish_unaccent (each language's stemmer after unaccent),
and the GIN indexes on the vector and on the folded names. Elsewhere (SQLite) only the table and
its plain indexes: every PostgreSQL step is a no-op there.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

LANGUAGES = (("english", "english_stem"), ("french", "french_stem"), ("spanish", "spanish_stem"))


class PostgreSQLOnly(migrations.AddIndex):
    """An index PostgreSQL alone can build (GIN); the state has it everywhere, the database only
    on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, stemmer in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}_unaccent")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name}_unaccent (COPY = {name})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name}_unaccent "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _stemmer in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}_unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0009_missions"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_configurations, drop_configurations),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("session", "Session"),
                            ("meeting", "Meeting"),
                            ("agenda_item", "Agenda item"),
                            ("document", "Document"),
                            ("decision", "Resolution or decision"),
                            ("body", "Body"),
                            ("entity", "Member or Observer"),
                            ("person", "Person"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("key", models.CharField(max_length=200, verbose_name="key")),
                ("record", models.CharField(max_length=230, verbose_name="record")),
                ("path", models.CharField(max_length=400, verbose_name="path")),
                ("language", models.CharField(blank=True, max_length=2, verbose_name="language")),
                ("title", models.CharField(max_length=600, verbose_name="title")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("symbol", models.CharField(blank=True, max_length=120, verbose_name="symbol")),
                (
                    "parent_symbol",
                    models.CharField(blank=True, max_length=120, verbose_name="amends"),
                ),
                ("body", models.CharField(blank=True, max_length=80, verbose_name="body")),
                (
                    "body_acronym",
                    models.CharField(blank=True, max_length=30, verbose_name="body's acronym"),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year"),
                ),
                ("page", models.PositiveIntegerField(blank=True, null=True, verbose_name="page")),
                ("session", models.CharField(blank=True, max_length=80, verbose_name="session")),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("public", "Everyone"),
                            ("member_states", "Member States"),
                            ("secretariat", "Secretariat"),
                        ],
                        max_length=20,
                        verbose_name="audience",
                    ),
                ),
                (
                    "public_since",
                    models.DateTimeField(blank=True, null=True, verbose_name="public since"),
                ),
                ("folded", models.TextField(blank=True, verbose_name="folded text")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        blank=True, null=True, verbose_name="search vector"
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["record"], name="search_record"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "key"], name="search_kind_key"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=models.Q(("session", ""), _negated=True),
                fields=["session"],
                name="search_session",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["symbol"], name="search_symbol", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["public_since"], name="search_public_since"),
        ),
        PostgreSQLOnly(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_vector"),
        ),
        PostgreSQLOnly(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("kind__in", ("body", "entity", "person"))),
                fields=["folded"],
                name="search_folded_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
