"""Sentiment from words alone, for a framework whose coded comments carry no sentiment.

The rule: count words of praise and of complaint (a "not", "never" or "no" just before a word
turns it round: "not helpful" is a complaint, "no problems" is praise). Praise alone is positive,
complaint alone negative, both mixed, neither neutral. Short answers that say there is nothing to
improve are positive: they are how satisfied people answer "how could we improve?".
"""

import re

POSITIVE = frozenset(
    """
    amazing appreciate appreciated attentive brilliant calm calming caring cheerful clean comfortable
    compassionate considerate courteous delighted efficient empathetic excellent exceptional fab
    fabulous fantastic first-class friendly gentle glad good grateful great happy helpful impressed
    kind kindly knowledgeable lovely marvellous nice outstanding patient perfect pleasant polite
    positive prompt professional punctual quick reassuring reassured recommend reliable respectful
    satisfied smooth splendid superb supportive thank thanks thankful thorough wonderful welcoming
    well pleased quickly promptly efficiently brilliantly easy informative understanding
    """.split()
)

NEGATIVE = frozenset(
    """
    abrupt aggressive angry annoyed annoying appalling arrogant awful bad careless chaotic cold
    complain complaint confused confusing delay delayed delays difficult dirty disappointed
    disappointing disgraceful disgusting disorganised dismissive distressed dreadful frustrated
    frustrating hopeless horrible ignored impatient inadequate incompetent inconsiderate late
    lazy lost missed mistake neglected poor poorly problem problems rude scared shocking slow
    terrible unacceptable uncomfortable unhappy unhelpful unprofessional upset upsetting useless
    wait waited waiting worse worst wrong cancelled cancel forgot forgotten unable pain painful
    stressful stress long longer hours never nobody nothing-was
    """.split()
)

# Words that need a neighbour to count: "improve" in "could improve" is a complaint, but alone says little.
NEGATORS = frozenset({"not", "never", "no", "wasn't", "weren't", "didn't", "don't", "isn't", "nothing", "without"})

NOTHING_TO_IMPROVE = re.compile(
    r"^\W*(nothing|none|no|nil|n/?a|not really|can'?t think of anything|no improvements?( needed)?|"
    r"nothing to improve|keep (it )?up the good work|all good|no complaints?)\W*$",
    re.IGNORECASE,
)

_word = re.compile(r"[a-z][a-z'\-]*")


def sentiment_of(text: str) -> str:
    """positive, negative, mixed or neutral, from the comment's words."""
    text = (text or "").strip()
    if not text:
        return "neutral"
    if NOTHING_TO_IMPROVE.match(text):
        return "positive"
    words = _word.findall(text.lower())
    praise = complaint = 0
    for i, word in enumerate(words):
        turned = any(w in NEGATORS for w in words[max(0, i - 2) : i])
        if word in POSITIVE:
            if turned:
                complaint += 1
            else:
                praise += 1
        elif word in NEGATIVE:
            if turned:
                praise += 1
            else:
                complaint += 1
    if praise and complaint:
        # One slip in a long thank-you, or one kind word in a complaint, does not make it mixed.
        if praise >= 3 * complaint:
            return "positive"
        if complaint >= 3 * praise:
            return "negative"
        return "mixed"
    if praise:
        return "positive"
    if complaint:
        return "negative"
    return "neutral"
