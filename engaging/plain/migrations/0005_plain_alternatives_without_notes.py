from django.db import migrations

# Plain alternatives are swapped into text as they are, so they carry no notes in brackets.
CHANGES = [
    ("CCG", "the local NHS (before July 2022)", "the local NHS"),
    ("STP", "local NHS and council partnership (before 2022)", "local NHS and council partnership"),
]


def tidy(apps, schema_editor):
    GlossaryTerm = apps.get_model("plain", "GlossaryTerm")
    for term, old, new in CHANGES:
        GlossaryTerm._base_manager.filter(term=term, plain_alternative=old).update(plain_alternative=new)


class Migration(migrations.Migration):
    dependencies = [("plain", "0004_easy_read")]

    operations = [migrations.RunPython(tidy, migrations.RunPython.noop)]
