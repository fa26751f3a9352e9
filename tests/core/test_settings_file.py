"""A checkout's .env fills in the settings the environment leaves unset, so manage.py works there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def settings_with(env_file: Path, **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING"}}
    env.update(DJANGO_SETTINGS_MODULE="engaging.settings", ENV_FILE=str(env_file), **environment)
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_settings_file_is_read_when_the_environment_says_nothing(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=written-for-this-machine\n")
    shown = settings_with(env_file)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["True", "written-for-this-machine"]


def test_the_environment_wins_over_the_settings_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=written-for-this-machine\n")
    shown = settings_with(env_file, DEBUG="false", SECRET_KEY="from-the-process-manager")
    assert shown.stdout.split() == ["False", "from-the-process-manager"]


def test_without_a_settings_file_or_a_key_the_hub_refuses_to_start(tmp_path):
    shown = settings_with(tmp_path / "missing.env")
    assert shown.returncode != 0
    assert "Set SECRET_KEY" in shown.stderr
