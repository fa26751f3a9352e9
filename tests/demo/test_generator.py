"""Generated benchmark data: the right amounts, the same for a seed, and consistent with the rules."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from engaging.accounts.models import Organisation
from engaging.evaluation.models import ParticipantFeedback
from engaging.insight.models import Finding
from engaging.lists.models import Area
from engaging.loop.models import Response
from engaging.register.models import Activity, Status

ANCHOR = "2026-11-26"


def fingerprint():
    return (
        list(
            Activity.objects.order_by("pk").values_list("title", "start_date", "status", "lead_organisation__name")[:50]
        ),
        list(Finding.objects.order_by("pk").values_list("statement", flat=True)[:50]),
    )


@pytest.mark.django_db(transaction=True)
def test_the_tiny_scale_has_its_amounts_and_is_the_same_for_a_seed():
    call_command("generate_data", scale="tiny", seed=7, anchor=date.fromisoformat(ANCHOR))
    assert Activity.objects.count() == 300
    assert Finding.objects.count() == 3_000
    assert Response.objects.count() == 1_200
    assert ParticipantFeedback.objects.count() == 6_000
    assert Organisation.objects.count() == 12
    assert Area.objects.filter(kind="borough").count() == 1
    first = fingerprint()
    # Areas form a tree whose paths match their parents.
    for area in Area.objects.exclude(parent=None).select_related("parent")[:20]:
        assert area.path.startswith(area.parent.path)
    assert not Activity.objects.filter(end_date__lt=date(1900, 1, 1)).exists()
    assert Activity.objects.filter(status=Status.PLANNED, start_date__lte=date.fromisoformat(ANCHOR)).count() == 0
    assert Activity.objects.filter(status=Status.CANCELLED).exists()
    # New records made afterwards get fresh ids.
    Area.objects.create(name="Afterwards", kind="borough")

    with pytest.raises(CommandError, match="already has activities"):
        call_command("generate_data", scale="tiny", seed=7)
    assert fingerprint() == first


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_repeats_and_another_seed_differs():
    call_command("generate_data", scale="tiny", seed=1, anchor=date.fromisoformat(ANCHOR))
    one = fingerprint()
    call_command("flush", interactive=False)
    call_command("generate_data", scale="tiny", seed=1, anchor=date.fromisoformat(ANCHOR))
    assert fingerprint() == one
    call_command("flush", interactive=False)
    call_command("generate_data", scale="tiny", seed=2, anchor=date.fromisoformat(ANCHOR))
    assert fingerprint() != one
