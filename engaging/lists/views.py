"""Coordinators keep the shared lists: priorities, groups, areas, methods and organisations."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_view
from engaging.lists.forms import KINDS

coordinator_only = permission_required("accounts.manage_lists")


def kind_or_404(kind: str):
    if kind not in KINDS:
        raise Http404("No such list")
    return KINDS[kind]


def crumbs_for(kind=None, label=None, last=None):
    crumbs = [("Home", "/"), ("Shared lists", "/lists/" if kind else None)]
    if kind:
        crumbs.append((label, f"/lists/{kind}/" if last else None))
    if last:
        crumbs.append((last, None))
    return crumbs


@coordinator_only
@kept_view()
def index(request):
    lists = [(kind, label, model.objects.count()) for kind, (model, _, label, _) in KINDS.items()]
    return render(request, "lists/index.html", {"lists": lists, "crumbs": crumbs_for()})


@coordinator_only
@kept_view()
def item_list(request, kind: str):
    model, _, label, singular = kind_or_404(kind)
    show_archived = request.GET.get("archived") == "1"
    items = model.everything.archived() if show_archived else model.objects.all()
    return render(
        request,
        "lists/list.html",
        {
            "kind": kind,
            "label": label,
            "singular": singular,
            "items": items,
            "show_archived": show_archived,
            "crumbs": crumbs_for(kind, label),
        },
    )


@coordinator_only
@require_http_methods(["GET", "POST"])
def item_edit(request, kind: str, pk: int | None = None):
    model, form_class, label, singular = kind_or_404(kind)
    instance = get_object_or_404(model.objects, pk=pk) if pk else None
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, f"“{item}” has been saved.")
        return redirect("lists:list", kind=kind)
    title = f"Edit {instance}" if instance else f"Add a {singular}"
    return render(
        request,
        "lists/form.html",
        {"form": form, "kind": kind, "label": label, "title": title, "crumbs": crumbs_for(kind, label, title)},
    )


@coordinator_only
@require_POST
def item_archive(request, kind: str, pk: int):
    model, _, _, _ = kind_or_404(kind)
    item = get_object_or_404(model.objects, pk=pk)
    item.archive()
    messages.success(request, f"“{item}” has been archived. Records that use it keep it.")
    return redirect("lists:list", kind=kind)


@coordinator_only
@require_POST
def item_restore(request, kind: str, pk: int):
    model, _, _, _ = kind_or_404(kind)
    item = get_object_or_404(model.everything.archived(), pk=pk)
    item.restore()
    messages.success(request, f"“{item}” has been restored.")
    return redirect("lists:list", kind=kind)
