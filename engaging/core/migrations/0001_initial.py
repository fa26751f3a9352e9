"""The marks of the data stamp, made by assurance's first migrations and kept in the same tables."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    # The tables exist once assurance's migrations have run; only Django's record of who holds them moves.
    dependencies = [("assurance", "0004_changes_move_to_core")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Change",
                    fields=[
                        ("txid", models.BigIntegerField(primary_key=True, serialize=False)),
                        ("mark", models.BigIntegerField()),
                    ],
                    options={"db_table": "assurance_change"},
                ),
                migrations.CreateModel(
                    name="FeedbackChange",
                    fields=[
                        ("txid", models.BigIntegerField(primary_key=True, serialize=False)),
                        ("mark", models.BigIntegerField()),
                    ],
                    options={"db_table": "assurance_feedbackchange"},
                ),
            ],
        )
    ]
