"""The published Local Accounts, for anyone: the web page, Easy Read and the files to download."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from engaging.core.kept import kept_parts, kept_view, render_page
from engaging.reports.models import LocalAccount
from engaging.reports.services import KINDS
from engaging.reports.views.common import easy_read_context, file_response, page_context

HOME = ("Home", "/")
ACCOUNTS = ("Local Account", "/local-account/")


def published_account(request, year: int) -> LocalAccount:
    """The published account for a year; `?board=` picks one when several boards published one that year."""
    accounts = LocalAccount.objects.filter(year=year, is_published=True).select_related("board")
    board = request.GET.get("board", "")
    if board:
        if not (board.isascii() and board.isdigit() and len(board) < 19):
            raise Http404("No such Local Account")
        accounts = accounts.filter(board_id=int(board))
    account = accounts.order_by(F("board").asc(nulls_first=True), "board__name").first()
    if account is None:
        raise Http404("No Local Account has been published for that year")
    return account


def _links(account: LocalAccount) -> dict:
    query = f"?board={account.board_id}" if account.board_id else ""
    year = account.year
    links = {kind.replace("-", "_"): reverse("reports:file", args=[year, kind]) + query for kind in KINDS}
    links["page"] = reverse("reports:local_account", args=[year]) + query
    links["easy_read"] = reverse("reports:easy_read", args=[year]) + query
    return links


@require_GET
@kept_view()
def local_accounts(request):
    accounts = LocalAccount.objects.filter(is_published=True).select_related("board").order_by("-year", "board__name")
    return render(
        request,
        "reports/local_accounts.html",
        {
            "accounts": list(accounts),
            "can_manage": request.user.has_perm("reports.manage_local_account"),
            "crumbs": [HOME, ("Local Account", None)],
        },
    )


@require_GET
def local_account(request, year: int):
    """A published account's page, kept until the account or a figure it shows changes."""

    def published() -> dict:
        account = published_account(request, year)
        return page_context(account, links=_links(account)) | {"preview": False}

    page = kept_parts(request, "local-account", ACCOUNT_PARTS, published, params=("board",), by_roles=False)
    crumbs = [HOME, ACCOUNTS, (page["title"], None)]
    return render_page(request, "reports/local_account.html", {**page, "crumbs": crumbs}, params=("board",))


ACCOUNT_PARTS = {"title": "reports/_local_account_title.html", "body": "reports/_local_account_body.html"}


@require_GET
def easy_read(request, year: int):
    """A published account's Easy Read page, kept as its web page is."""

    def published() -> dict:
        account = published_account(request, year)
        return easy_read_context(account, links=_links(account))

    page = kept_parts(request, "local-account-easy-read", EASY_READ_PARTS, published, params=("board",), by_roles=False)
    board = request.GET.get("board", "")
    standard = reverse("reports:local_account", args=[year]) + (f"?board={board}" if board else "")
    crumbs = [HOME, ACCOUNTS, (page["title"], standard), ("Easy Read", None)]
    return render_page(request, "reports/easy_read.html", {**page, "crumbs": crumbs}, params=("board",))


EASY_READ_PARTS = {"title": "reports/_local_account_title.html", "body": "reports/_easy_read_body.html"}


@require_GET
def download(request, year: int, kind: str):
    if kind not in KINDS:
        raise Http404("No such file")
    return file_response(published_account(request, year), kind)
