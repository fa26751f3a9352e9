"""The rules a new hub starts with recommend what a board would expect, for issues whose right answer is known."""

import pytest

from engaging.board.defaults import HEALTH_SCRUTINY, JSNA, LEGAL_DUTIES, SCREENING_RULES, install_defaults
from engaging.board.models import LegalDuty, ScreeningRule
from engaging.board.services import screen_agenda_item
from tests.board.conftest import answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("defaults")]


def duty(name):
    return LegalDuty.objects.get(name=name)


def screen(item, **changes):
    return screen_agenda_item(agenda_item=item, answers=answers(**changes))


def actions(screening) -> set[str]:
    return set(screening.actions.values_list("description", flat=True))


def test_installing_the_defaults_again_adds_nothing():
    assert LegalDuty.everything.count() == len(LEGAL_DUTIES)
    assert ScreeningRule.everything.count() == len(SCREENING_RULES)
    assert install_defaults(LegalDuty, ScreeningRule) == (0, 0)


def test_an_archived_default_rule_stays_archived():
    first = ScreeningRule.objects.order_by("pk").first()
    first.archive()
    install_defaults(LegalDuty, ScreeningRule)
    assert ScreeningRule.everything.count() == len(SCREENING_RULES)
    assert not ScreeningRule.objects.filter(pk=first.pk).exists()


def test_every_duty_names_who_it_applies_to_and_where_to_read_it():
    for legal_duty in LegalDuty.objects.all():
        assert legal_duty.applies_to in LegalDuty.AppliesTo.values
        assert legal_duty.summary and legal_duty.source and legal_duty.url.startswith("https://")


def test_a_service_change_under_a_duty_with_options_to_choose_is_a_consultation(item):
    """The urgent care review: services change, the ICB's duty to involve applies, people choose between options."""
    icb = duty("Integrated care boards' duty to involve the public")
    screening = screen(item, changes_services="yes", legal_duties=[icb], influence="some")
    assert (screening.recommended_type, screening.recommended_level) == ("consultation", "consult")
    assert screening.consultation_recommended
    assert "Record which legal duties apply and how each will be met" in actions(screening)
    assert "Agree who leads the engagement and publish its timetable" in actions(screening)
    decided = [r for r in screening.reasons if "type" in r["decides"]]
    assert [(r["question"], r["answer"]) for r in decided] == [("legal_duty", "any")]


def test_nothing_changing_no_duty_and_the_decision_made_means_telling_people(item):
    screening = screen(item, changes_services="no", influence="none")
    assert (screening.recommended_type, screening.recommended_level) == ("information", "inform")
    assert not screening.consultation_recommended
    assert "Explain the decision to the people affected, and what they can still influence" in actions(screening)


def test_a_decision_already_made_cannot_escape_a_duty_to_consult(item):
    equality = duty("The public sector equality duty")
    screening = screen(item, changes_services="yes", legal_duties=[equality], influence="none")
    assert (screening.recommended_type, screening.recommended_level) == ("consultation", "consult")
    set_aside = [r for r in screening.reasons if r["question"] == "influence"]
    assert set_aside[0]["effect"].startswith("On its own points to information, but the type follows")
    assert "weight" not in set_aside[0]["effect"]
    assert any("equality impact assessment" in a for a in actions(screening))


def test_full_influence_is_co_production(item):
    screening = screen(item, changes_services="yes", influence="full", time_available="over_12")
    assert (screening.recommended_type, screening.recommended_level) == ("co_production", "collaborate")
    assert not screening.consultation_recommended


def test_open_options_are_collective_involvement(item):
    screening = screen(item, influence="much")
    assert (screening.recommended_type, screening.recommended_level) == ("collective_involvement", "involve")


def test_the_jsna_duty_asks_for_involvement_not_only_comment(item):
    screening = screen(item, legal_duties=[duty(JSNA)], influence="some")
    assert screening.recommended_level == "involve"
    assert "Involve Healthwatch and local people in drafting, not only in commenting on a draft" in actions(screening)


def test_a_substantial_health_change_goes_to_health_scrutiny(item):
    screening = screen(item, changes_services="yes", legal_duties=[duty(HEALTH_SCRUTINY)], influence="some")
    assert any("health scrutiny committee" in a for a in actions(screening))


def test_being_unsure_with_the_decision_made_means_finding_out_first(item):
    screening = screen(item, changes_services="unsure", influence="none")
    assert screening.recommended_type == "insight"
    assert "Confirm with the lead organisation whether services or access will change" in actions(screening)


def test_seldom_heard_groups_short_time_and_low_capacity_each_add_an_action(item, world):
    from tests.factories import GroupFactory

    homeless = GroupFactory(name="People who are homeless", category="seldom_heard")
    screening = screen(
        item, affected_groups=[homeless], time_available="under_4", partner_capability="low", community_interest="low"
    )
    found = actions(screening)
    assert any("seldom-heard" in a for a in found)
    assert any("move the decision date" in a for a in found)
    assert any("community engagement network" in a for a in found)
    assert any("build interest" in a for a in found)
