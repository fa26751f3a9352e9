"""Each group's, priority's and method's activities in one index range, read from the index alone.

The register's filters by a linked list ask for the activities linked to one item; the link tables' own
indexes on the item lead back to every matching row of the table (as 0006 did for areas).
"""

from django.db import migrations

LINKS = [
    ("register_activity_groups", "group_id", "register_activity_groups_group_activity"),
    ("register_activity_priorities", "priority_id", "register_activity_priorities_priority_activity"),
    ("register_activity_methods", "method_id", "register_activity_methods_method_activity"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0008_running_between_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {index} ON {table} ({column}, activity_id)",
            f"DROP INDEX {index}",
            elidable=False,
        )
        for table, column, index in LINKS
    ]
