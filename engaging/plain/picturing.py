"""Choosing Easy Read pictures with the keywords coordinators keep (the drawings are in pictures.py)."""

from engaging.plain.models import EasyReadPicture
from engaging.plain.pictures import NAMES, PICTURES, clean_keywords, default_keywords, picture_for, svg

NO_PICTURE = "none"  # what an author chooses for an idea that is clearer without a picture


def live_keywords() -> dict[str, tuple[str, ...]]:
    """Each picture's keywords as coordinators keep them: one query; a picture with no row keeps its starting ones."""
    keywords = default_keywords()
    for name, text in EasyReadPicture.objects.filter(name__in=NAMES).values_list("name", "keywords"):
        keywords[name] = tuple(clean_keywords(text))
    return keywords


def picture_named(chosen: str, text: str, keywords: dict[str, tuple[str, ...]]) -> str:
    """The picture an idea gets: the author's choice, none if they chose none, otherwise one chosen from its words."""
    if chosen == NO_PICTURE:
        return ""
    if chosen in PICTURES:
        return chosen
    return picture_for(text, keywords)


def shown(text: str, keywords: dict[str, tuple[str, ...]], chosen: str = "") -> dict:
    """An idea as a page shows it: its words, the picture's name and the picture drawn ("" for none)."""
    name = picture_named(chosen, text, keywords)
    return {"text": text, "picture": name, "svg": svg(name)}
