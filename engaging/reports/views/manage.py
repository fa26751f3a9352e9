"""Coordinators make the Local Account: choose the year, write the words, generate the files, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.core.kept import kept_view
from engaging.plain.checking import target_reading_age
from engaging.plain.publishing import records_for
from engaging.reports import services
from engaging.reports.forms import NewLocalAccountForm, PublishAnywayForm, TextsForm
from engaging.reports.models import LocalAccount
from engaging.reports.views.common import file_response, render_account, render_easy_read

HOME = ("Home", "/")
MANAGE = ("Local Accounts", "/local-account/manage/")


def _may_manage(request) -> None:
    if not request.user.has_perm("reports.manage_local_account"):
        raise PermissionDenied


def account_for_managing(request, pk: int) -> LocalAccount:
    """A Local Account for a coordinator: 403 for anyone else with a role, 404 if there is none."""
    _may_manage(request)
    return get_object_or_404(LocalAccount.objects.select_related("board", "generated_by"), pk=pk)


def _links(account: LocalAccount) -> dict:
    links = {kind.replace("-", "_"): reverse("reports:manage_file", args=[account.pk, kind]) for kind in services.KINDS}
    links["page"] = reverse("reports:preview", args=[account.pk])
    links["easy_read"] = reverse("reports:preview_easy_read", args=[account.pk])
    return links


def _crumbs(account: LocalAccount, *last) -> list:
    return [HOME, MANAGE, (account.title, reverse("reports:manage_detail", args=[account.pk]) if last else None), *last]


@internal_only
@require_GET
@permission_required("reports.manage_local_account", raise_exception=True)  # before anything kept
@kept_view()
def manage(request):
    accounts = LocalAccount.objects.select_related("board").order_by("-year", "board__name")
    return render(
        request,
        "reports/manage.html",
        {"accounts": list(accounts), "crumbs": [HOME, ("Local Accounts", None)]},
    )


@internal_only
@require_http_methods(["GET", "POST"])
def manage_create(request):
    _may_manage(request)
    form = NewLocalAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_local_account(
                year=form.cleaned_data["year"], board=form.cleaned_data["board"], user=request.user
            )
        except ValidationError as error:
            form.add_error("year", error.message_dict.get("year", error.messages))
        else:
            messages.success(request, f"{account.title} has been started. Write its words, then make the files.")
            return redirect("reports:manage_detail", pk=account.pk)
    return render(
        request,
        "reports/manage_new.html",
        {"form": form, "crumbs": [HOME, MANAGE, ("Start a Local Account", None)]},
    )


def _hard_texts(above_target: dict) -> list[tuple[str, object]]:
    """(section name, checker's result) for each section above the target, in the account's order."""
    return [(label, above_target[name]) for name, label in services.SECTIONS.items() if name in above_target]


def publish_anyway_rows(account: LocalAccount) -> list[dict]:
    """Each time a section went public although it missed the plain-English target, newest first, ready to show."""
    return [
        {
            "record": record,
            "label": services.SECTIONS.get(record.field, record.field.replace("_", " ").capitalize()),
        }
        for record in records_for(account).select_related("recorded_by")
    ]


@internal_only
@require_GET
def manage_detail(request, pk: int):
    account = account_for_managing(request, pk)
    problems = services.publication_problems(account)
    hard = {} if account.is_published or problems else services.sections_above_target(account)
    return render(
        request,
        "reports/manage_detail.html",
        {
            "account": account,
            "links": _links(account),
            "problems": problems,
            "hard_texts": _hard_texts(hard),
            "target": target_reading_age(),
            "publish_anyway": publish_anyway_rows(account),
            "stuck": services.is_stuck(account),
            "files": [
                (kind, spec.label, getattr(account, spec.field) is not None) for kind, spec in services.KINDS.items()
            ],
            "crumbs": _crumbs(account),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def manage_edit(request, pk: int):
    account = account_for_managing(request, pk)
    form = TextsForm(request.POST if request.method == "POST" else None, instance=account)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.update_texts(account=account, **{name: form.cleaned_data[name] for name in services.SECTIONS})
            form.record_publish_anyway(account, request.user)
        messages.success(request, "The words have been saved. Make the files again so that they include them.")
        return redirect("reports:manage_detail", pk=account.pk)
    return render(
        request,
        "reports/manage_edit.html",
        {"form": form, "account": account, "crumbs": _crumbs(account, ("Write the words", None))},
    )


@internal_only
@require_POST
def manage_generate(request, pk: int):
    account = account_for_managing(request, pk)
    try:
        services.queue_generation(account=account, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:manage_detail", pk=account.pk)
    return redirect("reports:generation", pk=account.pk)


@internal_only
@require_GET
def generation(request, pk: int):
    """How far the files have got; refreshes itself while the worker writes them."""
    _may_manage(request)
    account = get_object_or_404(LocalAccount.objects.defer(*services.FILE_FIELDS).select_related("board"), pk=pk)
    context = {
        "account": account,
        "links": _links(account),
        "stuck": services.is_stuck(account),
        "crumbs": _crumbs(account, ("Making the files", None)),
    }
    template = "reports/_generation_status.html" if request.htmx else "reports/generation.html"
    return render(request, template, context)


@internal_only
@require_POST
def manage_publish(request, pk: int):
    account = account_for_managing(request, pk)
    action = request.POST.get("action")
    if action == "publish":
        return _publish(request, account)
    if action == "unpublish":
        services.unpublish(account=account)
        messages.success(request, f"{account.title} is no longer published.")
    else:
        messages.error(request, "Choose to publish or to stop publishing.")
    return redirect("reports:manage_detail", pk=account.pk)


def _publish(request, account: LocalAccount):
    """Publish; sections harder to read than the target first need “Publish anyway” and a reason.

    The “Publish” button on the account's page sends no reason, so its first press shows which
    sections are too hard to read, and asks; the page that asks sends the reason field, even empty.
    """
    hard = {} if services.publication_problems(account) else services.sections_above_target(account)
    asked = "publish_anyway_reason" in request.POST
    form = PublishAnywayForm(request.POST if asked else None, above_target=hard)
    if hard and not form.is_valid():
        return render(
            request,
            "reports/manage_publish.html",
            {
                "account": account,
                "form": form,
                "hard_texts": _hard_texts(hard),
                "target": target_reading_age(),
                "crumbs": _crumbs(account, ("Publish", None)),
            },
        )
    try:
        account = services.publish(
            account=account, user=request.user, publish_anyway_reason=form.reason if hard else ""
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{account.title} is published for everyone to read.")
    return redirect("reports:manage_detail", pk=account.pk)


@internal_only
@require_GET
def preview(request, pk: int):
    account = account_for_managing(request, pk)
    return render_account(
        request, account, links=_links(account), crumbs=_crumbs(account, ("Preview", None)), preview=True
    )


@internal_only
@require_GET
def preview_easy_read(request, pk: int):
    account = account_for_managing(request, pk)
    crumbs = _crumbs(account, ("Preview", reverse("reports:preview", args=[pk])), ("Easy Read", None))
    return render_easy_read(request, account, links=_links(account), crumbs=crumbs, preview=True)


@internal_only
@require_GET
def manage_file(request, pk: int, kind: str):
    account = account_for_managing(request, pk)
    if kind not in services.KINDS:
        raise Http404("No such file")
    return file_response(account, kind)
