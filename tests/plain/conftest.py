import pytest
from django.core.cache import cache

from engaging.plain.models import GlossaryTerm
from engaging.plain.seeding import seed_glossary
from tests.api.conftest import anon, as_, tokens  # noqa: F401  (the API tests' clients, reused)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no API checks counted against its address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def glossary(db):
    """The starting glossary, in the database (tests that use the live server empty it, so seed it again)."""
    seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
    return GlossaryTerm.objects.all()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit, as it would outside a test."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
