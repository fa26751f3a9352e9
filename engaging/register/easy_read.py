"""How an activity is said in Easy Read: a first draft of its Easy Read version, and the facts "You said, we did"
starts with."""

from datetime import date

from django.utils.formats import date_format

from engaging.plain.checking import live_glossary
from engaging.plain.easy_read import draft_ideas


def draft_for_activity(activity) -> list[str]:
    """A first Easy Read draft of an activity: its summary, when it runs, then how to take part."""
    glossary = live_glossary()
    ideas = draft_ideas(activity.summary, glossary=glossary)
    when = date_format(activity.start_date, "l j F Y")
    if activity.end_date and activity.end_date != activity.start_date:
        ideas.append(f"It runs from {when} to {date_format(activity.end_date, 'l j F Y')}.")
    else:
        ideas.append(f"It is on {when}.")
    return ideas + draft_ideas(activity.how_to_take_part, glossary=glossary)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def about_activity(activity, today: date) -> list[str]:
    """What a "You said, we did" page says first: when people were asked, and how many took part, if counted.

    Facts from the activity's record only, in the tense its dates call for: the page's heading already names it.
    """
    start, end = activity.start_date, activity.end_date or activity.start_date
    span = f"on {_day(start)}" if end == start else f"from {_day(start)} to {_day(end)}"
    if start > today:
        ideas = [f"We will ask people what they think {span}."]
    elif end >= today:
        ideas = [f"We are asking people what they think until {_day(end)}."]
    else:
        ideas = [f"We asked people what they think {span}."]
    count = activity.participants_actual
    if count:
        ideas.append("1 person took part." if count == 1 else f"{count:,} people took part.")
    return ideas
