from django.db import migrations


def seed(apps, schema_editor):
    from engaging.plain.seeding import seed_glossary

    seed_glossary(apps.get_model("plain", "GlossaryTerm"), apps.get_model("plain", "HistoricalGlossaryTerm"))


class Migration(migrations.Migration):
    """Terms added to the starting glossary since it was first seeded (align, refresh, pilot…)."""

    dependencies = [("plain", "0002_seed_glossary")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
