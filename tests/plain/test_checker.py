"""The checker on texts whose answers are known. No database: the checker is pure Python."""

import pytest
import textstat

from engaging.plain.checker import ABOVE_TARGET, KINDS, MEETS_TARGET, NO_TEXT, check, sentences
from engaging.plain.terms import Glossary, Term

# 29 words, counted by hand.
LONG = (
    "We asked people in every ward of the borough what they thought about the new bus routes "
    "and the times the buses run in the evenings and at weekends."
)


def kinds(result, kind):
    return [(issue.text, issue.start, issue.end) for issue in result.issues if issue.kind == kind]


# Reading age and sentences ---------------------------------------------------------------


# 110 words of plain sentences that a reading-age formula scores at 11 or so.
LONG_PLAIN = " ".join(
    [
        "The council will review the evidence and report back to residents in the spring.",
        "We will write to everyone who took part, and we will put the report in every library.",
    ]
    * 4
    + ["You can also ask us for a copy on paper, in large print or in another language, by phone or by email."]
)


def test_reading_age_is_the_flesch_kincaid_grade_plus_five_for_texts_of_100_words_or_more():
    for text in [LONG_PLAIN, (LONG + " ") * 4]:
        result = check(text)
        assert result.word_count >= 100
        assert result.reading_age == textstat.flesch_kincaid_grade(text) + 5
        assert result.flesch_reading_ease == textstat.flesch_reading_ease(text)


def test_texts_under_100_words_have_no_reading_age():
    for text in ["The cat sat on the mat. It was happy.", LONG, "Come to our drop-in on Tuesday mornings."]:
        result = check(text)
        assert result.word_count < 100
        assert result.reading_age is None and result.flesch_reading_ease is None and result.reading_age_years is None


def test_short_plain_text_meets_the_target_and_board_speak_does_not():
    easy = check("Come and tell us what you think. We will listen. Then we will tell you what we did.")
    hard = check(
        "The integrated care system's transformation programme will operationalise population health "
        "management methodologies across organisational boundaries."
    )
    assert easy.verdict == MEETS_TARGET and easy.meets_target and easy.issues == ()
    assert hard.verdict == ABOVE_TARGET and not hard.meets_target
    assert {issue.kind for issue in hard.to_fix} >= {"jargon", "uncommon_word"}


def test_the_target_reading_age_can_be_changed_and_judges_long_texts():
    result = check(LONG_PLAIN)
    assert result.to_fix == []
    age = round(result.reading_age)
    assert check(LONG_PLAIN, target_reading_age=age).verdict == MEETS_TARGET
    assert check(LONG_PLAIN, target_reading_age=age - 1).verdict == ABOVE_TARGET
    assert check(LONG_PLAIN, target_reading_age=age - 1).too_hard_to_read
    assert check(LONG_PLAIN, target_reading_age=12).target_reading_age == 12


def test_sentences_and_their_average_length_are_counted_as_a_person_would():
    result = check("The cat sat on the mat. It was happy.")
    assert (result.word_count, result.sentence_count, result.average_sentence_length) == (9, 2, 4.5)


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence():
    text = "We will talk to groups, e.g. carers and young people, about it. Dr. J. Patel will chair it at 6.30pm."
    found = sentences(text)
    assert len(found) == 2
    assert text[found[1].start : found[1].end] == "Dr. J. Patel will chair it at 6.30pm."


def test_blank_lines_and_list_items_end_a_sentence_without_a_full_stop():
    text = "Come and tell us:\n- what works\n- what does not work\n\nThank you"
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "Come and tell us:",
        "- what works",
        "- what does not work",
        "Thank you",
    ]


def test_a_sentence_of_more_than_25_words_is_long_and_its_position_is_given():
    text = LONG + " Thank you."
    result = check(text)
    assert kinds(result, "long_sentence") == [(LONG, 0, len(LONG))]
    assert "29 words" in result.long_sentences[0].message
    assert result.sentence_count == 2
    assert result.average_sentence_length == (29 + 2) / 2


def test_25_words_is_not_long_but_26_is():
    words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
    words += "sixteen seventeen eighteen nineteen twenty apples pears plums figs limes".split()
    assert len(words) == 25
    assert check(" ".join(words) + ".").long_sentences == []
    assert len(check(" ".join(words) + " kiwis.").long_sentences) == 1


def test_a_hard_wrapped_paragraph_is_still_one_sentence():
    text = "The board agreed that the plan for carers should be written\nwith carers, and be ready by May."
    assert check(text).sentence_count == 1


# Jargon and acronyms from the glossary -------------------------------------------------------


def test_jargon_is_found_with_its_position_and_plain_alternative():
    text = "Going forward, our stakeholders will co-produce a place-based pathway."
    result = check(text)
    assert kinds(result, "jargon") == [
        ("Going forward", 0, 13),
        ("stakeholders", 19, 31),
        ("co-produce", 37, 47),
        ("place-based", 50, 61),
        ("pathway", 62, 69),
    ]
    suggestions = {issue.text: issue.suggestion for issue in result.jargon}
    assert suggestions["stakeholders"] == "people with an interest"
    assert suggestions["place-based"] == "local"


def test_the_longest_term_wins():
    result = check("The integrated care board met. Integrated care is the aim. We need system leadership now.")
    assert [issue.text for issue in result.jargon] == ["integrated care board", "Integrated care", "system leadership"]
    assert result.jargon[0].term == "integrated care board"


def test_ordinary_terms_are_found_in_any_case_and_acronyms_only_in_capitals():
    result = check("STAKEHOLDER views matter. The icb met and then the ICB met.")
    assert [issue.text for issue in result.jargon] == ["STAKEHOLDER"]
    assert kinds(result, "acronym") == [("ICB", 51, 54)]


def test_terms_are_whole_words_only():
    result = check("The ICBX met. Subpathways and pathwayed routes are not the words we mean, but ICBs are.")
    assert [issue.text for issue in result.acronyms] == ["ICBs"]
    assert not any(issue.text.lower().startswith("subpath") for issue in result.jargon)


def test_spellings_of_a_term_are_found_alike():
    result = check("Coproduction, co production and co-production are one idea.")
    assert [issue.text for issue in result.jargon] == ["Coproduction", "co production", "co-production"]
    assert {issue.term for issue in result.jargon} == {"co-production"}


def test_a_number_in_the_glossary_is_not_found_inside_a_telephone_number():
    glossary = Glossary([Term("222", "the advice line", is_acronym=True)])
    result = check("Call 222 for advice, or ring 0300 222 2222.", glossary=glossary)
    assert kinds(result, "acronym") == [("222", 5, 8)]


def test_health_words_residents_use_are_never_flagged_even_when_the_glossary_explains_them():
    text = "Ask your GP, call NHS 111 or go to A&E. We run groups for dementia, diabetes and asthma."
    result = check(text)
    assert result.issues == () and result.verdict == MEETS_TARGET


def test_any_glossary_can_be_given():
    glossary = [Term("blue-sky thinking", "new ideas"), Term("WIBBLE", "nonsense", is_acronym=True)]
    result = check("Some blue sky thinking about WIBBLE. Stakeholders agree.", glossary=glossary)
    assert [(issue.kind, issue.text, issue.suggestion) for issue in result.issues if issue.suggestion] == [
        ("jargon", "blue sky thinking", "new ideas"),
        ("acronym", "WIBBLE", "nonsense"),
    ]
    assert check("Stakeholders agree.", glossary=Glossary([])).jargon == []


# Acronyms not spelled out ------------------------------------------------------------------------


def test_an_acronym_spelled_out_at_first_use_is_fine_either_way_round():
    for text in [
        "The Integrated Care Board (ICB) met. The ICB agreed.",
        "The ICB (Integrated Care Board) met. The ICB agreed.",
        "The Joint Strategic Needs Assessment (JSNA) is out.",
        "Ask the Health and Wellbeing Board (HWB) and the voluntary, community and social enterprise (VCSE) sector.",
        "We spoke to the Friends of Kingswinford Park (FKP) about it.",
    ]:
        assert check(text).undefined_acronyms == [], text


def test_an_acronym_not_spelled_out_at_first_use_is_found_there_once():
    text = "The ICB met. Later the Integrated Care Board (ICB) agreed. The ICB will report."
    result = check(text)
    assert kinds(result, "undefined_acronym") == [("ICB", 4, 7)]
    assert result.undefined_acronyms[0].suggestion == "Integrated Care Board (ICB)"


def test_unknown_acronyms_are_found_too_but_well_known_ones_and_shouting_are_not():
    result = check("The NHS and the UK asked the FKP. PLEASE COME TO THE MEETING. Part IV says so. The GP agreed.")
    assert kinds(result, "undefined_acronym") == [("FKP", 29, 32)]
    assert result.undefined_acronyms[0].suggestion is None


def test_brackets_that_do_not_spell_the_acronym_do_not_define_it():
    result = check("The local NHS body (ICB) met.")
    assert [issue.text for issue in result.undefined_acronyms] == ["ICB"]


# Passive voice and long words ------------------------------------------------------------------


def test_likely_passive_voice_is_a_hint():
    text = "The plan was approved by the board. It is being reviewed. The report was written. We decided."
    assert [issue.text for issue in check(text).passive] == ["was approved", "is being reviewed", "was written"]


def test_describing_words_after_to_be_are_not_passive():
    assert check("I am interested in this. We are based in Dudley and we are committed to it.").passive == []


def test_uncommon_words_are_found_by_frequency_not_length_and_names_are_not():
    result = check("We will ameliorate the recommendations in the community. Wolverhampton agreed.")
    assert [issue.text for issue in result.uncommon_words] == ["ameliorate"]
    assert "ameliorate" in result.uncommon_words[0].message and result.verdict == ABOVE_TARGET


def test_the_hubs_own_place_and_organisation_names_are_never_uncommon():
    text = "Brierley is where we meet. Come to Gornal on Friday."
    assert [issue.text for issue in check(text).uncommon_words] == ["Brierley"]
    assert check(text, names=["Brierley Hill", "Lower Gornal"]).issues == ()


def test_plurals_and_british_everyday_words_are_common():
    assert check("Carers, toddlers and their mums can use the crèche and the minibus.").issues == ()


# Edge cases and order -------------------------------------------------------------------------------


def test_empty_blank_and_emoji_only_text_has_nothing_to_check():
    for text in ["", "   \n\t ", "😀🎉", None]:
        result = check(text)
        assert result.verdict == NO_TEXT
        assert result.reading_age is None and result.issues == ()
        assert result.word_count == 0 and result.average_sentence_length == 0


def test_positions_count_emoji_as_one_character_each():
    text = "😀 Stakeholders 🎉 met."
    issue = check(text).jargon[0]
    assert (issue.start, issue.end) == (2, 14)
    assert text[issue.start : issue.end] == "Stakeholders"


def test_every_issue_is_in_order_of_appearance_and_of_a_known_kind():
    text = (
        "Going forward the ICB will leverage the JSNA. " + LONG + " It was agreed that the outcomes framework "
        "would be operationalised."
    )
    result = check(text)
    assert {issue.kind for issue in result.issues} == set(KINDS)
    assert [issue.start for issue in result.issues] == sorted(issue.start for issue in result.issues)
    for issue in result.issues:
        assert text[issue.start : issue.end] == issue.text


def test_a_very_long_text_is_checked():
    text = ("The ICB and its stakeholders met in the locality to talk about the pathway. " * 1500)[:100_000]
    result = check(text)
    assert result.word_count > 15_000
    assert len(result.acronyms) == text.count("ICB") > 1000


def test_a_term_runs_over_a_line_break_but_not_over_a_blank_line():
    assert [i.text for i in check("We need system\nleadership.").jargon] == ["system\nleadership"]
    assert check("We need a system\n\nLeadership matters.").jargon == []


def test_a_full_stop_before_a_lower_case_word_ends_a_sentence_only_at_the_end_of_a_line():
    assert check("Come at 6 p.m. on Monday with a friend.").sentence_count == 1
    assert check("We met the carers.\nthen we met the young people.").sentence_count == 2


def test_paragraph_numbers_do_not_count_as_sentences():
    text = "1. Purpose of the report\n\n1.1 To update the board.\n\n2.2 The board met in July 2022. It agreed."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "1. Purpose of the report",
        "1.1 To update the board.",
        "2.2 The board met in July 2022.",
        "It agreed.",
    ]


def test_a_title_is_judged_by_its_words_not_a_reading_age():
    title = check("Listening.")
    assert title.reading_age is None and title.verdict == MEETS_TARGET
    jargon_title = check("Our stakeholder engagement")
    assert jargon_title.verdict == ABOVE_TARGET
    assert [issue.kind for issue in jargon_title.to_fix] == ["jargon"]


def test_the_verdict_uses_the_reading_age_in_whole_years_as_shown():
    shown = round(check(LONG_PLAIN).reading_age)
    assert check(LONG_PLAIN, target_reading_age=shown).verdict == MEETS_TARGET
    assert check(LONG_PLAIN, target_reading_age=shown - 1).verdict == ABOVE_TARGET


def test_passive_voice_and_spelled_out_glossary_acronyms_are_hints_that_do_not_decide_the_verdict():
    result = check("The Patient Advice and Liaison Service (PALS) was told. PALS agreed.")
    assert {issue.kind for issue in result.issues} == {"acronym", "passive"}
    assert result.to_fix == [] and result.verdict == MEETS_TARGET


def test_what_to_fix_comes_worst_first():
    result = check(LONG + " We will ameliorate it going forward with the PQRS.")
    assert [issue.kind for issue in result.to_fix] == ["jargon", "undefined_acronym", "uncommon_word", "long_sentence"]


# Plain texts residents might read, each under 100 words: none has anything to fix.
PLAIN_TEXTS = [
    "Come to our drop-in at Brierley Hill library on Tuesday mornings.",
    "Tell us what you think of the new bus times. It takes five minutes.",
    "We are asking carers what would help them get a break.",
    "Free tea and cake. Bring a friend if you like.",
    "Ask your GP about the flu jab, or go to a chemist.",
    "If you have diabetes, come and talk to us about your care.",
    "We want to hear from people living with dementia and their families.",
    "The group meets on the first Monday of every month, from 10am to 12 noon.",
    "Call us on 01384 123456 or email hello@example.org to book a place.",
    "You told us the park was not safe at night. We have put in new lights.",
    "Young people can take part online or at school.",
    "We will write to everyone who took part to say what we changed.",
    "Parents of children with asthma met the hospital team in March.",
    "The survey is in English, Punjabi, Urdu and Polish.",
    "There is a lift and a toilet you can use in a wheelchair.",
    "If you went to A&E last winter, we would like to hear how it went.",
    "We are sorry the report came late. Here is what we found.",
    "Walk with us around the nature reserve. Wear good shoes.",
]

# Texts that must fail, and what in them must be named.
HARD_TEXTS = [
    ("Stakeholders will be engaged going forward.", "jargon", "Stakeholders"),
    ("We will leverage our assets to deliver the outcomes.", "jargon", "leverage"),
    ("The JSNA shows what people need.", "undefined_acronym", "JSNA"),
    ("Ask the PCN if you need help.", "undefined_acronym", "PCN"),
    ("We want to ameliorate how people get help.", "uncommon_word", "ameliorate"),
    ("This is for underserved families.", "uncommon_word", "underserved"),
    ("Come to the paediatric clinic.", "uncommon_word", "paediatric"),
    ("Services will be reconfigured to fit what people need.", "uncommon_word", "reconfigured"),
    ("Pay will be commensurate with experience.", "uncommon_word", "commensurate"),
    ("This deliberative event is for everyone.", "uncommon_word", "deliberative"),
    ("The ICB will decide in May.", "undefined_acronym", "ICB"),
    ("We will work with system partners on this.", "jargon", "system partners"),
    ("It is a place-based approach.", "jargon", "place-based"),
    (LONG, "long_sentence", LONG),
]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_short_plain_text_meets_the_target(text):
    result = check(text, names=["Brierley Hill"])
    assert result.reading_age is None
    assert result.verdict == MEETS_TARGET, [(issue.kind, issue.text) for issue in result.to_fix]


@pytest.mark.parametrize(("text", "kind", "words"), HARD_TEXTS)
def test_hard_text_misses_the_target_naming_the_words(text, kind, words):
    result = check(text)
    assert result.verdict == ABOVE_TARGET
    assert (kind, words) in [(issue.kind, issue.text) for issue in result.to_fix]
