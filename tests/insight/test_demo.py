"""The demo's insight library: themes, findings at many activities, some stale or superseded, some reused."""

from datetime import date

import pytest
from django.db.models import F

from engaging.demo import insight as demo_insight
from engaging.demo import loader
from engaging.insight.models import Finding, FindingUse, Theme
from engaging.insight.search import search_findings

pytestmark = pytest.mark.django_db
LABELS = ("themes", "findings", "finding uses")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(loader, "EXTENSIONS", ["engaging.demo.insight"])
    return loader.load_demo()


def test_the_demo_has_a_library_worth_searching(demo):
    assert Theme.objects.count() == len(demo_insight.THEMES) >= 12
    assert Finding.objects.count() == len(demo_insight.FINDINGS)
    assert Finding.objects.values("activity").distinct().count() >= 20
    stale = Finding.objects.stale()
    assert stale.filter(superseded_by__isnull=False).count() >= 2
    assert stale.filter(superseded_by__isnull=True).count() >= 3
    assert FindingUse.objects.count() == len(demo_insight.USES)
    assert all(f.themes.exists() for f in Finding.objects.all())
    assert search_findings(Finding.objects.current(), "walk-in centre").count >= 1
    # The report's examples are there, and nothing is heard after the day the demo is loaded.
    titles = set(Finding.objects.values_list("activity__title", flat=True))
    for key in (demo_insight.URGENT_CARE, demo_insight.WALK_IN, demo_insight.FEELING_NOW,
                demo_insight.YOUTH_PARLIAMENT, demo_insight.CARERS):  # fmt: skip
        assert key[1] in titles
    assert not Finding.objects.filter(heard_on__gt=date.today()).exists()
    assert not Finding.objects.filter(review_by__lt=F("heard_on")).exists()


def test_loading_again_creates_nothing(demo):
    counts = (Theme.everything.count(), Finding.everything.count(), FindingUse.objects.count())
    again = loader.load_demo()
    assert not any(again.created[label] for label in LABELS)
    assert (Theme.everything.count(), Finding.everything.count(), FindingUse.objects.count()) == counts
