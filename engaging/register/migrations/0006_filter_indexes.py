"""Indexes for the register's filters: type and status read from an index alone when counting, and each
area's activities in one index range (the link table's own index on area_id leads back to its rows)."""

from django.db import migrations, models

AREA_INDEX = "register_activity_areas_area_activity"


class Migration(migrations.Migration):

    dependencies = [
        ('register', '0005_activity_ends_starts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(condition=models.Q(('archived_at', None)), fields=['type', 'status', 'id'], name='activity_live_type_status'),
        ),
        migrations.RunSQL(
            f"CREATE INDEX {AREA_INDEX} ON register_activity_areas (area_id, activity_id)",
            f"DROP INDEX {AREA_INDEX}",
            elidable=False,
        ),
    ]
