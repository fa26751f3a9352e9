"""A published Local Account for the last full year, in the partnership's own words, and a draft for this year.

The demo's activities cluster in the last twelve months, so this year's draft (not published)
is where a coordinator sees the fullest figures while trying out the preview and the files.
The files are not made here, to keep loading the demo quick: the first download makes each
file and keeps it (a coordinator can also make them all at once from the Local Account's page).
"""

from django.conf import settings
from django.utils import timezone

from engaging.reports.models import LocalAccount

INTRODUCTION = (
    "This is our Local Account for {year}: our report to you on how the partners in the {partnership} "
    "listened to local people this year.\n\n"
    "It tells you what we did, who took part, what you told us and what changed as a result. It also says "
    "where we fell short, and what we will do about it. If you have something to say about it, we want to hear it."
)
WHAT_WE_LEARNED = (
    "Going to people works better than asking them to come to us. Sessions in community centres, at the school "
    "gate and at the food bank reached people our online surveys never did.\n\n"
    "We ask some groups too often. Carers and young people told us that three organisations had asked them "
    "much the same questions in one month. We now check the register before planning anything new.\n\n"
    "People want to hear back. Most complaints we received were about not knowing what happened after taking part."
)
WHAT_COMES_NEXT = (
    "We will tell people what changed within twelve weeks of every activity. "
    "We will plan engagement together, so nobody is asked the same thing twice. "
    "We will go to the places where seldom-heard groups already meet. "
    "We will train more staff and volunteers to run good engagement. "
    "We will publish every report in Easy Read too."
)


def load(builder) -> None:
    for year, published in ((builder.today.year - 1, True), (builder.today.year, False)):
        builder._get_or_create(
            "Local Accounts",
            LocalAccount.objects,
            year=year,
            board=None,
            defaults={
                "introduction": INTRODUCTION.format(year=year, partnership=settings.PARTNERSHIP_NAME),
                "what_we_learned": WHAT_WE_LEARNED,
                "what_comes_next": WHAT_COMES_NEXT,
                "is_published": published,
                "published_at": timezone.now() if published else None,
            },
        )
