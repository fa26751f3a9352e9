"""The demo gives a few public activities an Easy Read version, once."""

import io

from django.core.management import call_command

from engaging.plain.models import EasyRead
from engaging.register.models import Activity


def test_the_demo_adds_easy_read_versions_to_public_activities_and_a_second_run_adds_none(glossary):
    call_command("load_demo", force=True, stdout=io.StringIO())
    versions = list(EasyRead.objects.all())
    assert len(versions) == 4
    public = set(Activity.objects.public().values_list("pk", flat=True))
    for version in versions:
        assert version.object_id in public
        assert version.ideas and all(idea["text"].endswith((".", "!", "?")) for idea in version.ideas)
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert EasyRead.objects.count() == 4
