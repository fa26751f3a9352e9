from django.db import migrations


def install(apps, schema_editor):
    from engaging.board.defaults import install_defaults

    install_defaults(apps.get_model("board", "LegalDuty"), apps.get_model("board", "ScreeningRule"))


class Migration(migrations.Migration):
    dependencies = [("board", "0002_screening_details")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
