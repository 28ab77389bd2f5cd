from django.db import migrations


def create_groups(apps, schema_editor):
    from meetings.services.permission_groups import sync_permission_groups

    sync_permission_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("governance", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
