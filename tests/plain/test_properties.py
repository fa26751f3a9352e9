"""Whatever the text, the checker answers, and every position it gives points at the words it names."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engaging.plain.checker import KINDS, MEETS_TARGET, MIN_WORDS_FOR_READING_AGE, MUST_FIX, NO_TEXT, check
from engaging.plain.glossary_data import seeds

PIECES = [seed.term for seed in seeds()] + [
    *"the a we will is was were be been being by to of and in at people met agreed decided written".split(),
    *"Integrated Care Board ( ) ICB (ICB) XYZ NHS e.g. Dr. etc. 3.5 1,000 £20".split(),
    *". , ; : ! ? ... - – — ' ’ \" “ ” \n \n\n \r\n \t 😀 🎉 é ß İ ﬁ \u00a0 \u200b 0300 111".split(" "),
    "\n- ",
    "\n1. ",
    "PLEASE COME",
    "operationalisation",
    "supercalifragilisticexpialidocious",
]

wordy_text = st.lists(st.sampled_from(PIECES), max_size=80).map(lambda parts: " ".join(parts))
any_text = st.one_of(st.text(max_size=400), wordy_text, st.lists(st.sampled_from(PIECES)).map("".join))


def assert_sound(text: str) -> None:
    result = check(text)
    previous = 0
    for issue in result.issues:
        assert issue.kind in KINDS
        assert 0 <= issue.start < issue.end <= len(text)
        assert text[issue.start : issue.end] == issue.text
        assert issue.start >= previous, "issues are in the order they appear"
        previous = issue.start
        assert issue.message
    if result.word_count == 0:
        assert result.verdict == NO_TEXT and result.reading_age is None and not result.issues
    else:
        assert result.sentence_count >= 1
        scored = result.word_count >= MIN_WORDS_FOR_READING_AGE
        assert (result.reading_age is not None) == scored
        # The verdict follows from what is found: nothing to fix, and a reading age on target where there is one.
        assert set(result.to_fix) == {issue for issue in result.issues if issue.kind in MUST_FIX}
        readable = not scored or result.reading_age_years <= result.target_reading_age
        assert (result.verdict == MEETS_TARGET) == (not result.to_fix and readable)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("AA")  # an acronym not written out: nothing to do with a reading age, but something to fix
def test_any_text_is_checked_without_error_and_every_position_is_right(text):
    assert_sound(text)


@settings(max_examples=100, deadline=None)
@given(wordy_text, wordy_text)
def test_text_before_an_issue_moves_it_along_by_its_length(prefix, text):
    """Positions are offsets in the text: putting a paragraph first moves every word issue by that much."""
    prefix = prefix.strip() + "\n\n" if prefix.strip() else ""
    alone = [(i.kind, i.start, i.text) for i in check(text).issues if i.kind in ("jargon", "acronym")]
    after = [(i.kind, i.start - len(prefix), i.text) for i in check(prefix + text).issues if i.start >= len(prefix)]
    assert [issue for issue in after if issue[0] in ("jargon", "acronym")] == alone
