"""You said, we did: for residents, what people said in each activity and what was done about it.

Only public records, by the one rule in `engaging.loop.models`: a public, live response that answers at
least one public, live finding of a public, live activity that was not cancelled. Internal fields
(contacts, notes, costs, who recorded what) never reach these pages or the feed.
"""

from datetime import date
from functools import cached_property

import django_filters
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from engaging.accounts.models import Organisation
from engaging.core import cache
from engaging.core.addresses import absolute_url, site_host, site_root
from engaging.core.feeds import kept_feed
from engaging.core.kept import kept_parts, page_of, render_page
from engaging.lists.models import Area, Priority
from engaging.loop.models import LoopClosure, Response, public_feedback_activities, public_findings
from engaging.register.filters import AreaChoiceField, KeptChoicesFilterSet, KeptModelChoiceFilter

PAGE_SIZE = 20
MOST_LISTED = 1000  # responses a resident can page through (50 pages); more are counted as "more than"
FEED_SIZE = 50
ACTIVITY_FIELDS = ("id", "title", "summary", "start_date", "end_date", "status", "lead_organisation__name")
YSWD = ("You said, we did", "/you-said-we-did/")


def answering(findings):
    """Responses linked to any of these findings."""
    links = Response.findings.through.objects.filter(finding__in=findings.values("pk"))
    return Q(pk__in=links.values("response_id"))


class PublicAreaFilter(django_filters.ModelChoiceFilter):
    """An area matches responses to public findings heard in, or from activities in, any area that meets it."""

    field_class = AreaChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        meeting = Area.objects.meeting([value]).values("pk")
        return qs.filter(answering(public_findings().filter(Q(areas__in=meeting) | Q(activity__areas__in=meeting))))


class PublicPriorityFilter(KeptModelChoiceFilter):
    """A priority matches responses to public findings about it, or from activities serving it."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(answering(public_findings().filter(Q(priorities=value) | Q(activity__priorities=value))))


class YouSaidWeDidFilter(KeptChoicesFilterSet):
    area = PublicAreaFilter(label="Area", queryset=Area.objects.all(), empty_label="Anywhere")
    priority = PublicPriorityFilter(label="Topic", queryset=Priority.objects.all(), empty_label="Any")
    organisation = KeptModelChoiceFilter(
        label="Organisation responsible", queryset=Organisation.objects.all(), empty_label="Any"
    )

    class Meta:
        model = Response
        fields: list[str] = []


INDEX_PARAMS = (*YouSaidWeDidFilter.base_filters, "page")  # what the index reads from its address


def public_responses():
    """Public responses, newest change first (their findings come from `with_public_findings`)."""
    return Response.objects.public().select_related("organisation").order_by("-updated_at", "-pk")


def with_public_findings(responses) -> list:
    """The responses, each with the public findings it answers as `public_findings`, newest heard first.

    Two small queries: the links of these responses, then the public findings among them by id. Asked by
    id, SQLite looks up each finding rather than reading every one, as it does when joined through the links.
    """
    responses = list(responses)
    links = list(
        Response.findings.through.objects.filter(response__in=[r.pk for r in responses]).values_list(
            "response_id", "finding_id"
        )
    )
    findings = (
        public_findings()
        .filter(pk__in={finding_id for _, finding_id in links})
        .select_related("activity")
        .only("id", "statement", "heard_on", "activity_id", "activity__id", "activity__title")
    )
    by_id = {finding.pk: finding for finding in findings}  # in the findings' own order, newest heard first
    answered: dict[int, set[int]] = {}
    for response_id, finding_id in links:
        answered.setdefault(response_id, set()).add(finding_id)
    for response in responses:
        mine = answered.get(response.pk, set())
        response.public_findings = [finding for pk, finding in by_id.items() if pk in mine]
    return responses


class KeptCountPaginator(Paginator):
    """Pages of public responses, counted up to `MOST_LISTED` and only once until a counted record changes.

    Counting every public response means checking every link to a public finding, far slower than
    showing one page of them. Counting stops once there are more than a resident would page through
    (they narrow with the filters instead), so the count costs the same however many there are; and
    it is the same for everyone who asks the same thing.
    """

    def __init__(self, object_list, per_page, *, request, asked: list[str]):
        super().__init__(object_list, per_page)
        self.request = request
        self.asked = asked

    @cached_property
    def counted(self) -> int:
        """How many match, up to one more than `MOST_LISTED`."""
        up_to = self.object_list.order_by()[: MOST_LISTED + 1]
        return cache.cached("you-said-we-did", self.asked, up_to.count, request=self.request)

    @cached_property
    def count(self) -> int:
        """How many can be paged through: the first `MOST_LISTED` at most."""
        return min(self.counted, MOST_LISTED)

    @property
    def more_than_listed(self) -> bool:
        return self.counted > MOST_LISTED


def activities_of(response) -> list:
    """The public activities a response answers, each once, in the order of its findings."""
    seen = {}
    for finding in response.public_findings:
        seen.setdefault(finding.activity_id, finding.activity)
    return list(seen.values())


@require_safe
def index(request):
    def listed_page() -> dict:
        responses = YouSaidWeDidFilter(request.GET or None, queryset=public_responses())
        asked = [request.GET.get(name, "") for name in responses.filters]
        paginator = KeptCountPaginator(responses.qs, PAGE_SIZE, request=request, asked=asked)
        page = page_of(paginator, request)

        def listed() -> str:
            items = [(response, activities_of(response)) for response in with_public_findings(page.object_list)]
            return render_to_string("public/_yswd_responses.html", {"items": items})

        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filter": responses,
            "page_obj": page,
            # The same page of responses for everyone who asks for it, until a counted record changes.
            # Kept by the day too: a response becomes late when its expected date passes, with no record changed.
            "listed": mark_safe(  # noqa: S308
                cache.cached("you-said-we-did-page", [*asked, page.number, date.today()], listed, request=request)
            ),
            "query": query.urlencode(),
        }

    page = kept_parts(
        request, "you-said-we-did",
        {"title": "public/_yswd_index_title.html", "body": "public/_yswd_index_body.html"}, listed_page,
        params=INDEX_PARAMS, by_roles=False,
    )  # fmt: skip
    crumbs = [("Home", "/"), ("You said, we did", None)]
    return render_page(request, "public/yswd_index.html", {**page, "crumbs": crumbs}, params=INDEX_PARAMS)


@require_safe
def activity(request, pk: int):
    def shown() -> dict:
        item = get_object_or_404(
            public_feedback_activities().select_related("lead_organisation").only(*ACTIVITY_FIELDS), pk=pk
        )
        findings = list(public_findings().filter(activity=item).order_by("heard_on", "pk"))
        responses = list(
            Response.objects.public()
            .filter(answering(public_findings().filter(activity=item)))
            .select_related("organisation")
            .order_by("-updated_at", "-pk")
        )
        closures = list(LoopClosure.objects.filter(activity=item).only("id", "channel", "told_on", "summary"))
        return {"activity": item, "findings": findings, "responses": responses, "closures": closures}

    page = kept_parts(request, "you-said-we-did-activity", ACTIVITY_PARTS, shown, params=(), by_roles=False)
    crumbs = [("Home", "/"), YSWD, (page["name"], None)]
    return render_page(request, "public/yswd_activity.html", {**page, "pk": pk, "crumbs": crumbs}, params=())


ACTIVITY_PARTS = {"name": "public/_yswd_activity_name.html", "body": "public/_yswd_activity_body.html"}


class ResponsesFeed(Feed):
    """An Atom feed of public responses, newest change first; each entry keeps its id as it changes."""

    feed_type = Atom1Feed
    title = f"{settings.SERVICE_NAME}: You said, we did"
    subtitle = "What partners decided and did about what people told them."
    author_name = settings.PARTNERSHIP_NAME

    def get_object(self, request, *args, **kwargs):
        return request

    # Links are full addresses on SITE_URL, or else on the address the feed was asked for (a feed reader
    # opens them from outside the hub); the feed object is shared between requests, so each item carries it.
    def link(self, request):
        return absolute_url(reverse("yswd:index"), request)

    def feed_url(self, request):
        return absolute_url(reverse("yswd:feed"), request)

    def items(self, request):
        responses = YouSaidWeDidFilter(request.GET or None, queryset=public_responses())
        items = with_public_findings(responses.qs[:FEED_SIZE])
        root = site_root(request)
        for item in items:
            item.site_root = root
        return items

    def item_title(self, item):
        action = item.action if len(item.action) <= 100 else item.action[:99] + "…"
        late = "Late: " if item.is_late else ""
        return f"{late}{item.get_status_display()}: {action}"

    def item_description(self, item):
        parts = [item.action, f"Responsible: {item.organisation.name}."]
        if item.is_late:
            parts.append(f"Late: was expected by {item.due_on:%-d %B %Y}.")
        if item.status == Response.Status.NOT_POSSIBLE and item.reason:
            parts.append(f"Why it is not possible: {item.reason}")
        if item.outcome:
            parts.append(f"Outcome: {item.outcome}")
        # Atom's summary here is HTML: each part a paragraph, the text itself escaped.
        return linebreaks("\n\n".join(parts), autoescape=True)

    def item_link(self, item):
        activities = activities_of(item)
        if activities:
            path = reverse("yswd:activity", args=[activities[0].pk]) + f"#response-{item.pk}"
        else:
            path = reverse("yswd:index")
        return absolute_url(path, root=item.site_root)

    def item_guid(self, item):
        # A tag URI (RFC 4151): stays the same however the response or the site's addresses change.
        # The hub's own host, not the one asked: an entry keeps its id whichever address the feed is read at.
        host = site_host()
        return f"tag:{host},{item.created_at:%Y-%m-%d}:you-said-we-did/response/{item.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.organisation.name


responses_feed = ResponsesFeed()


@require_safe
def feed(request):
    responses = YouSaidWeDidFilter(request.GET or None, queryset=Response.objects.none())
    # Kept by the day too: a response becomes late when its expected date passes, with no record changed.
    return kept_feed(request, "you-said-we-did", responses, lambda: responses_feed(request), date.today())
