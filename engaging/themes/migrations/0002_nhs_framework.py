from django.db import migrations


def install(apps, schema_editor):
    from engaging.themes.frameworks import install_builtin

    install_builtin(apps.get_model("themes", "Framework"), apps.get_model("themes", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
