"""The shared lists: public, live records only, in the order the site shows them."""

from ninja import Router

from engaging.accounts.models import Organisation
from engaging.api import auth
from engaging.api.schemas import AreaOut, Error, GroupOut, Named, OrganisationOut
from engaging.lists.models import Area, Group, Method, Priority

router = Router(tags=["Shared lists"], auth=auth.read)

ERRORS = {401: Error}


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
def list_organisations(request):
    """The partnership's organisations, by name."""
    return Organisation.objects.order_by("name")


@router.get("/groups", response={200: list[GroupOut], **ERRORS})
def list_groups(request):
    """The groups engagement tries to reach: seldom-heard groups, age bands, carers and others."""
    return Group.objects.order_by("category", "name")


@router.get("/areas", response={200: list[AreaOut], **ERRORS})
def list_areas(request):
    """Places: the borough, its localities and their wards, in tree order. `parent` links them."""
    return Area.objects.order_by("path")


@router.get("/priorities", response={200: list[Named], **ERRORS})
def list_priorities(request):
    """The priorities of the joint health and wellbeing strategy."""
    return Priority.objects.order_by("name")


@router.get("/methods", response={200: list[Named], **ERRORS})
def list_methods(request):
    """Ways of engaging people: surveys, focus groups, drop-ins…"""
    return Method.objects.order_by("name")
