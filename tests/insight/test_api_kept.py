"""The API's findings list keeps each page until a finding (or what it shows) changes, for the filters the
library offers; dates, words and pages off the list's steps are answered afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.insight.models import Finding
from tests.insight.factories import FindingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def listed(client, path="findings", **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **params)
    assert response.status_code == 200
    return response.json(), [entry["sql"] for entry in captured]


def reads_findings(queries) -> bool:
    return any('FROM "insight_finding"' in sql for sql in queries)


def test_a_page_of_findings_is_kept_until_a_finding_is_added(as_, council_activity):
    client = as_("officer_council")
    FindingFactory(activity=council_activity, statement="The bus stops running at six.")
    first, queries = listed(client)
    assert reads_findings(queries)
    again, queries = listed(client)
    assert again == first and not reads_findings(queries)
    FindingFactory(activity=council_activity, statement="Nobody answers the phone at the surgery.")
    after, queries = listed(client)
    assert after["count"] == 2 and reads_findings(queries)
    assert "Nobody answers the phone at the surgery." in {item["statement"] for item in after["items"]}


def test_residents_and_partners_are_never_given_each_others_kept_page(as_, council_activity):
    FindingFactory(activity=council_activity, statement="Said in private.", is_public=False)
    FindingFactory(activity=council_activity, statement="Said in public.")
    partner, _ = listed(as_("officer_council"))
    public, _ = listed(as_(None))
    assert {item["statement"] for item in partner["items"]} == {"Said in private.", "Said in public."}
    assert [item["statement"] for item in public["items"]] == ["Said in public."]
    assert "created_by" not in public["items"][0]
    assert {item["statement"] for item in listed(as_("officer_healthwatch"))[0]["items"]} == {
        "Said in private.",
        "Said in public.",
    }


def test_a_change_to_a_finding_shows_at_once(as_, council_activity):
    finding = FindingFactory(activity=council_activity, statement="The bus stops running at six.")
    client = as_("coordinator")
    listed(client)
    Finding.objects.filter(pk=finding.pk).update(statement="The bus stops running at seven.")
    assert listed(client)[0]["items"][0]["statement"] == "The bus stops running at seven."


@pytest.mark.parametrize(
    "params", [{"heard_after": "2020-01-01"}, {"offset": "3"}, {"offset": "50"}, {"limit": "7", "offset": "5"}]
)
def test_dates_and_pages_off_the_lists_steps_are_answered_afresh(as_, council_activity, params):
    FindingFactory(activity=council_activity)
    client = as_("officer_council")
    listed(client, **params)
    assert reads_findings(listed(client, **params)[1])


def test_a_search_asked_again_is_answered_in_the_process_until_a_finding_is_added(as_, council_activity):
    from django.core.cache import cache as shared_cache

    FindingFactory(activity=council_activity, statement="The bus stops running at six.")
    client = as_("officer_council")
    written = []
    real_set = shared_cache.set
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shared_cache, "set", lambda key, *a, **k: written.append(key) or real_set(key, *a, **k))
        first, queries = listed(client, path="findings/search", q="bus stops")
        assert first["count"] == 1 and reads_findings(queries)
        again, queries = listed(client, path="findings/search", q="bus stops")
        assert again == first and not reads_findings(queries)
        FindingFactory(activity=council_activity, statement="The bus stops are too far apart.")
        after, queries = listed(client, path="findings/search", q="bus stops")
        assert after["count"] == 2 and reads_findings(queries)
        public, _ = listed(as_(None), path="findings/search", q="bus stops")
    assert "created_by" in first["items"][0] and "created_by" not in public["items"][0]
    assert not [key for key in written if "api-findings" in key]  # searches never reach the shared cache
