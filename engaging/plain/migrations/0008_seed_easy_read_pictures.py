from django.db import migrations


def seed(apps, schema_editor):
    from engaging.plain.seeding import seed_pictures

    seed_pictures(apps.get_model("plain", "EasyReadPicture"), apps.get_model("plain", "HistoricalEasyReadPicture"))


class Migration(migrations.Migration):
    """Each Easy Read picture starts with the keywords in engaging/plain/pictures.py."""

    dependencies = [("plain", "0007_easy_read_pictures")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
