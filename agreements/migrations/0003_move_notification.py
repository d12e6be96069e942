# The Notification model moved to the notifications app: state only, its table is kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0002_reference_data_and_roles"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
        ),
    ]
