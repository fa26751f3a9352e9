"""Stored figures say which tables they read, and at which versions, instead of counting writes (engaging/assurance/stored.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assurance', '0006_figures_wanted'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CountedWrites',
        ),
        migrations.RemoveField(
            model_name='figures',
            name='counted',
        ),
        migrations.AddField(
            model_name='figures',
            name='versions',
            field=models.JSONField(null=True),
        ),
    ]
