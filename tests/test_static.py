"""Production static files: every stylesheet's references resolve, so collectstatic succeeds."""

from django.core.management import call_command


def test_collectstatic_with_hashed_names_succeeds(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "build/hub.css" in manifest and "js/hub.js" in manifest
    assert "govuk-crest" not in (tmp_path / "build" / "hub.css").read_text()
