"""The glossary in the database: its starting terms, and what changing it does to the checker."""

import io

from django.core.management import call_command

from engaging.plain.checker import MIN_WORDS_FOR_READING_AGE
from engaging.plain.checking import check_text, live_glossary
from engaging.plain.glossary_data import seeds
from engaging.plain.models import GlossaryTerm
from engaging.plain.seeding import SEEDED, seed_glossary


def test_the_starting_glossary_has_at_least_150_real_terms_each_with_a_plain_alternative_and_explanation():
    terms = seeds()
    assert len(terms) >= 150
    assert len({seed.term.lower() for seed in terms}) == len(terms)
    for seed in terms:
        assert seed.plain_alternative and seed.explanation, seed.term
        assert seed.explanation.endswith("."), seed.term
        assert len(seed.term) <= 100 and len(seed.plain_alternative) <= 200 and len(seed.explanation) <= 500
        assert not seed.stands_for or seed.is_acronym
    named = {seed.term for seed in terms}
    for term in [
        *("commissioning", "co-production", "JSNA", "CCG", "ICB", "ICS", "stakeholder", "pathway", "footprint"),
        *("place-based", "system leadership", "integrated care", "primary care", "secondary care", "tertiary care"),
        *("acute trust", "PCN", "GP", "A&E", "111", "discharge", "domiciliary care", "reablement", "safeguarding"),
        *("health inequalities", "wider determinants", "social prescribing", "asset-based", "capacity building"),
        *("outcomes framework", "KPI", "SLA", "STP", "HWB", "JHWS", "VCSE", "CQC", "NICE", "QOF", "deprivation"),
        *("cohort", "prevalence", "incidence", "mitigate", "leverage", "going forward", "holistic", "synergy"),
    ]:
        assert term in named, term


def test_seeding_adds_every_term_once_with_a_history_record(glossary):
    assert GlossaryTerm.objects.count() == len(seeds())
    assert GlossaryTerm.history.filter(history_type="+", history_change_reason=SEEDED).count() >= len(seeds())
    assert seed_glossary(GlossaryTerm, GlossaryTerm.history.model) == 0
    assert GlossaryTerm.objects.count() == len(seeds())


def test_seeding_again_keeps_what_coordinators_changed_and_archived(glossary):
    changed = GlossaryTerm.objects.get(term="stakeholder")
    changed.plain_alternative = "people who care about this"
    changed.save()
    GlossaryTerm.objects.get(term="synergy").archive()
    GlossaryTerm.objects.filter(term="holistic").update(term="Holistic")

    out = io.StringIO()
    call_command("load_glossary", stdout=out)

    assert "Added 0 glossary terms" in out.getvalue()
    assert GlossaryTerm.objects.get(term="stakeholder").plain_alternative == "people who care about this"
    assert not GlossaryTerm.objects.filter(term="synergy").exists()
    assert GlossaryTerm.everything.filter(term__iexact="holistic").count() == 1


def test_load_glossary_puts_back_missing_terms(glossary):
    GlossaryTerm.everything.filter(term__in=["JSNA", "footprint"]).delete()
    out = io.StringIO()
    call_command("load_glossary", stdout=out)
    assert "Added 2 glossary terms" in out.getvalue()
    assert GlossaryTerm.objects.filter(term__in=["JSNA", "footprint"]).count() == 2


def test_adding_a_term_makes_the_checker_find_it_and_archiving_it_stops_that(glossary):
    text = "We need some blue-sky thinking about the SNOC."
    assert [issue.text for issue in check_text(text).jargon] == []

    term = GlossaryTerm.objects.create(
        term="blue-sky thinking", plain_alternative="new ideas", explanation="Thinking of new ideas."
    )
    GlossaryTerm.objects.create(
        term="SNOC",
        is_acronym=True,
        stands_for="Shared Network Of Carers",
        plain_alternative="the carers' network",
        explanation="A network of carers.",
    )
    result = check_text(text)
    assert [(i.text, i.suggestion) for i in result.jargon] == [("blue-sky thinking", "new ideas")]
    assert [(i.text, i.suggestion) for i in result.acronyms] == [("SNOC", "the carers' network")]
    assert result.undefined_acronyms[0].suggestion == "Shared Network Of Carers (SNOC)"

    term.plain_alternative = "fresh ideas"
    term.save()
    assert check_text(text).jargon[0].suggestion == "fresh ideas"

    term.archive()
    assert check_text(text).jargon == []


def test_the_live_glossary_is_compiled_once_until_it_changes(glossary, django_assert_num_queries):
    first = live_glossary()
    with django_assert_num_queries(1):
        assert live_glossary() is first
    GlossaryTerm.objects.filter(term="cohort").update(plain_alternative="group of people")
    assert live_glossary() is not first


def test_the_target_reading_age_comes_from_settings(glossary, settings):
    sentence = "The council will review the evidence and report back to residents in the spring."
    # Only a text of 100 words or more has a reading age, so only such a text can miss the target by it.
    text = " ".join([sentence] * 8)
    assert check_text(text).word_count >= MIN_WORDS_FOR_READING_AGE
    settings.PLAIN_TARGET_READING_AGE = 5
    assert check_text(sentence).verdict == "meets_target"
    settings.PLAIN_TARGET_READING_AGE = 30
    assert check_text(text).verdict == "meets_target"
    settings.PLAIN_TARGET_READING_AGE = 5
    assert check_text(text).verdict == "above_target"
    assert check_text(text, target=30).verdict == "meets_target"


def test_a_term_is_listed_under_its_first_letter_and_numbers_together(glossary):
    assert GlossaryTerm.objects.get(term="A&E").letter == "A"
    assert GlossaryTerm.objects.get(term="111").letter == "0–9"
    assert GlossaryTerm.objects.get(term="place-based").letter == "P"
