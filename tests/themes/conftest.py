"""A trained framework for the theme tests, from the small made-up coded comments."""

import pytest
from django.core.cache import cache

from engaging.themes import frameworks, training
from engaging.themes.models import Framework
from tests.themes.coded import coded_rows

KEY = "nhs-patient-experience"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def coded_for(framework: Framework) -> training.Coded:
    import csv
    import io

    rows = coded_rows()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return training.read_coded(out.getvalue().encode(), framework=framework, text_column="text")


@pytest.fixture
def framework(db) -> Framework:
    return frameworks.get_framework(KEY)


@pytest.fixture
def trained(framework) -> Framework:
    training.train(framework=framework, coded=coded_for(framework), source="made-up", evaluate=False)
    return framework
