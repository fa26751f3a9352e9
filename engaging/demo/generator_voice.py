"""Generated residents' stories with their consent, each board's Local Accounts, and Easy Read versions of a
few public activities (see generator.py).

Most stories were heard at one of the board's meetings; a few tellers later withdrew consent, which
hides the story everywhere. Each board has a published Local Account for each of the last few full
years and a draft for the current one; their files are made on first download, as the hub does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType

from engaging.demo import vocabulary
from engaging.demo.bulk import Sink, Weighted, next_id, through_sink
from engaging.plain.easy_read import MAX_IDEA_WORDS, words_in
from engaging.plain.models import EasyRead
from engaging.register.easy_read import draft_for_activity
from engaging.register.models import Activity
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent, Story, StoryDecision

PUBLISHED_YEARS = 3
WITHDRAWN_EVERY = 20  # one story in twenty, spread evenly, had its consent withdrawn
PUBLIC_SHARE = 0.6
AT_A_MEETING_SHARE = 0.7
WAITING_EVERY = 40  # one story in this many still waits for a coordinator to approve it
EASY_READ_VERSIONS = 10  # public activities with an Easy Read version
EASY_READ_TRIED = 5  # activities looked at for each version wanted: some summaries need an author to split them


def build_stories(g) -> None:
    rng = g.rng
    stories = Sink(Story, [
        "id", "title", "told_by", "naming", "text", "meeting_id", "recorded_by_id", "created_at", "updated_at",
        "archived_at", "approval", "approval_asked_at", "approval_reason",
    ])  # fmt: skip
    consents = Sink(Consent, [
        "id", "story_id", "given_by", "given_on", "scope", "withdrawn_at", "withdrawn_by_id", "withdrawal_note",
        "created_at", "updated_at",
    ])  # fmt: skip
    decisions = Sink(StoryDecision, ["id", "story_id", "kind", "reason", "decided_by_id", "decided_at"])
    first_decision = next_id(StoryDecision)
    themes, groups = through_sink(Story, "themes"), through_sink(Story, "groups")
    naming = Weighted(Story.Naming.values, [1, 3, 3, 2])
    first_story, first_consent = next_id(Story), next_id(Consent)
    per_board, extra = divmod(g.scale.stories, len(g.boards))
    n = 0
    for position, board in enumerate(g.boards):
        past = [(meeting_id, day) for meeting_id, day in board["meetings"] if day < g.anchor]
        wards = board["borough"]["ward_names"]
        for _ in range(per_board + (1 if position < extra else 0)):
            pk = first_story + n
            meeting_id = None
            if past and rng.random() < AT_A_MEETING_SHARE:
                meeting_id, day = past[rng.randrange(len(past))]
                given = day - timedelta(days=rng.randint(0, 30))
            else:
                given = g.anchor - timedelta(days=rng.randrange(g.years * 365))
            how = naming.one(rng)
            title, text = vocabulary.story(rng)
            created = g.midnight(given)
            # Nearly every story has been approved already; a few wait, as a coordinator's queue would.
            approval = Story.Approval.WAITING if n % WAITING_EVERY == 0 else Story.Approval.APPROVED
            stories.add((pk, title, vocabulary.teller(rng, how, rng.choice(wards)), how, text, meeting_id,
                         None, created, created, None, approval, created, ""))  # fmt: skip
            if approval == Story.Approval.APPROVED:
                decisions.add((first_decision + n, pk, StoryDecision.Kind.APPROVED, "", None, created))
            for theme_id in g.themes.some(rng, rng.randint(1, 2)):
                themes.add((pk, theme_id))
            for group_id in g.groups.some(rng, rng.randint(1, 2)):
                groups.add((pk, group_id))
            withdrawn_at, note = None, ""
            if n % WITHDRAWN_EVERY == WITHDRAWN_EVERY // 3:
                withdrawn_day = min(g.anchor, given + timedelta(days=rng.randint(10, 400)))
                withdrawn_at = datetime.combine(withdrawn_day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=11)
                note = rng.choice(vocabulary.WITHDRAWAL_NOTES)
            scope = Consent.Scope.PUBLIC if rng.random() < PUBLIC_SHARE else Consent.Scope.BOARD
            consents.add((first_consent + n, pk, rng.choice(vocabulary.CONSENT_GIVERS), given, scope, withdrawn_at,
                          None, note, created, withdrawn_at or created))  # fmt: skip
            n += 1
    for sink in (stories, consents, themes, groups, decisions):
        sink.flush()
    g.log(f"  stories: {stories.count:,}")


def build_local_accounts(g) -> None:
    """Each board's Local Account for the last few full years (published) and for this year (a draft)."""
    sink = Sink(LocalAccount, [
        "id", "board_id", "year", "introduction", "what_we_learned", "what_comes_next", "is_published",
        "published_at", "state", "created_at", "updated_at",
    ])  # fmt: skip
    pk = next_id(LocalAccount)
    this_year = g.anchor.year
    for board in g.boards:
        name = board["name"]
        for year in range(this_year - PUBLISHED_YEARS, this_year + 1):
            published = year < this_year
            day = min(g.anchor, date(year + 1, 3, 20)) if published else g.anchor
            when = g.midnight(day)
            sink.add((pk, board["id"], year, vocabulary.ACCOUNT_INTRODUCTION.format(year=year, board=name),
                      vocabulary.ACCOUNT_LEARNED, vocabulary.ACCOUNT_NEXT, published, when if published else None,
                      LocalAccount.State.DRAFT, when, when))  # fmt: skip
            pk += 1
    sink.flush()
    g.log(f"  Local Accounts: {sink.count:,}")


def build_easy_read(g) -> None:
    """Easy Read versions of the first public activities whose drafted ideas are short enough to keep as they are,
    as their authors would have saved them (pictures chosen from each idea's words)."""
    content_type = ContentType.objects.get_for_model(Activity)
    versions = []
    for activity in Activity.objects.public().order_by("start_date", "pk")[: EASY_READ_TRIED * EASY_READ_VERSIONS]:
        ideas = draft_for_activity(activity)
        if ideas and all(words_in(idea) <= MAX_IDEA_WORDS for idea in ideas):
            ideas = [{"text": idea, "picture": ""} for idea in ideas]
            versions.append(EasyRead(content_type=content_type, object_id=activity.pk, ideas=ideas))
        if len(versions) == EASY_READ_VERSIONS:
            break
    EasyRead.objects.bulk_create(versions)
    g.log(f"  {len(versions)} Easy Read versions of public activities")
