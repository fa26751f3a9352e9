"""The Local Account in Easy Read: short sentences, one idea each, with a picture beside each idea.

Written to the UK's Easy Read habits: everyday words, numbers as digits, no more than about
15 words in a sentence, a picture on the left of each idea, and large type with space around it.
"""

import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.urls import reverse

from engaging.core.addresses import absolute_url
from engaging.plain.pictures import picture_for
from engaging.reports.local_account import AccountFigures

MAX_WORDS = 15
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Idea:
    sentences: tuple[str, ...]
    points: tuple[str, ...] = ()  # a short list after the sentences, such as themes
    picture: str = ""  # a name from engaging.plain.pictures, chosen by the keywords in the sentences; "" for none


@dataclass
class Section:
    heading: str
    ideas: list[Idea] = field(default_factory=list)


def words(sentence: str) -> int:
    return len(sentence.split())


def long_sentences(sections: list[Section]) -> list[str]:
    """Sentences longer than Easy Read allows (the coordinator's own words are not checked here)."""
    return [s for section in sections for idea in section.ideas for s in idea.sentences if words(s) > MAX_WORDS]


def sentences_of(text: str, limit: int = 6) -> list[str]:
    """A text cut into its sentences, one per line, to show one idea at a time."""
    parts = [part.strip() for line in text.splitlines() for part in SENTENCE_END.split(line)]
    return [part for part in parts if part][:limit]


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def _out_of_ten(per_cent: int) -> int:
    return round(per_cent / 10)


def build(figures: AccountFigures, account, keywords: dict | None = None) -> list[Section]:
    """The Easy Read version of a Local Account, section by section: each line a fact from the year's records.

    Each idea gets the picture its words choose (`keywords` as coordinators keep them), or none.
    """
    sections = _sections(figures, account)
    for section in sections:
        section.ideas = [
            replace(idea, picture=picture_for(" ".join(idea.sentences), keywords)) for idea in section.ideas
        ]
    return sections


def _sections(figures: AccountFigures, account) -> list[Section]:
    year = figures.year
    about = Section("About this report", [Idea((f"This report is from the {settings.PARTNERSHIP_NAME}.",))])
    if figures.partners:
        about.ideas.append(
            Idea((f"These {len(figures.partners)} organisations work together in it:",), tuple(figures.partners))
        )
    about.ideas.append(Idea((f"This report is about what we did from January to December {year}.",)))

    did = Section("What we did")
    ran = "1 activity" if figures.activity_count == 1 else f"{figures.activity_count:,} activities"
    did.ideas.append(Idea((f"In {year} we ran {ran} to ask people what they think.",)))
    if figures.participants:
        did.ideas.append(Idea((f"{_people(figures.participants)} took part.",)))

    who = Section("Who we heard from")
    if figures.groups_reached:
        groups = "1 group" if figures.groups_reached == 1 else f"{figures.groups_reached} different groups"
        who.ideas.append(Idea((f"We heard from {groups} of people.",)))
    if figures.seldom_heard:
        names = [bar.label for bar in figures.seldom_heard[:3]]
        who.ideas.append(
            Idea(
                (f"We heard from {_people(figures.seldom_heard_people)} in groups we do not often hear from, like:",),
                tuple(names),
            )
        )
    if not who.ideas:
        who.ideas.append(Idea(("We did not count who took part this year.",)))

    said = Section("What people told us")
    if figures.findings_count:
        said.ideas.append(Idea((f"We wrote down {figures.findings_count:,} things people told us.",)))
    if figures.top_themes:
        said.ideas.append(Idea(("People told us most about:",), tuple(bar.label for bar in figures.top_themes[:3])))
    if not said.ideas:
        said.ideas.append(Idea(("We have not written down what people told us yet.",)))

    changed = Section("What we changed")
    if figures.changes_done:
        things = "1 thing" if figures.changes_done == 1 else f"{figures.changes_done:,} things"
        changed.ideas.append(Idea((f"We changed {things} because of what people told us.",)))
    else:
        changed.ideas.append(Idea(("We have not finished making changes yet.",)))
    for change in figures.changes:
        if change.status == "Done" and words(change.we_did) <= MAX_WORDS and len(changed.ideas) < 3:
            changed.ideas.append(Idea((change.we_did,)))
    if figures.changes_in_progress:
        more = "1 more thing" if figures.changes_in_progress == 1 else f"{figures.changes_in_progress:,} more things"
        changed.ideas.append(Idea((f"We are still working on {more}.",)))
    if figures.people_told:
        changed.ideas.append(Idea((f"We wrote back to tell {_people(figures.people_told)} what happened next.",)))

    learned = Section("What we learned")
    if figures.ratings:
        ratings = figures.ratings
        learned.ideas.append(
            Idea(
                (
                    f"We asked {_people(ratings.people)} how taking part felt.",
                    f"{_out_of_ten(ratings.listened_to)} out of 10 felt listened to.",
                    f"{_out_of_ten(ratings.easy_to_take_part)} out of 10 said it was easy to take part.",
                ),
            )
        )
    if figures.evaluations:
        learned.ideas.append(Idea((f"We checked how well {figures.evaluations:,} activities went.",)))
    if not learned.ideas:
        learned.ideas.append(Idea(("We have not checked how well our activities went yet.",)))

    next_steps = Section("What happens next")
    for sentence in sentences_of(account.what_comes_next):
        next_steps.ideas.append(Idea((sentence,)))
    get_involved = absolute_url(reverse("public:activities"))
    next_steps.ideas.append(Idea(("You can find ways to have your say here:", get_involved)))
    return [about, did, who, said, changed, learned, next_steps]
