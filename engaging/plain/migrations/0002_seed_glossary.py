from django.db import migrations


def seed(apps, schema_editor):
    from engaging.plain.seeding import seed_glossary

    seed_glossary(apps.get_model("plain", "GlossaryTerm"), apps.get_model("plain", "HistoricalGlossaryTerm"))


class Migration(migrations.Migration):
    """The glossary starts with the jargon and acronyms in engaging/plain/glossary_data.py."""

    dependencies = [("plain", "0001_glossary")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
