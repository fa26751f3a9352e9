"""Coordinators keep the shared lists; the area tree stays a tree."""

import pytest

from engaging.lists.models import Area, Group


def test_a_coordinator_adds_edits_archives_and_restores_a_group(client, world):
    client.force_login(world.coordinator)
    client.post("/lists/groups/new/", {"name": "Bus users", "category": "other"})
    group = Group.objects.get(name="Bus users")
    client.post(f"/lists/groups/{group.pk}/", {"name": "Bus passengers", "category": "seldom_heard"})
    group.refresh_from_db()
    assert group.name == "Bus passengers" and group.category == "seldom_heard"
    client.post(f"/lists/groups/{group.pk}/archive/")
    assert not Group.objects.filter(pk=group.pk).exists()
    assert "Bus passengers" in client.get("/lists/groups/?archived=1").content.decode()
    client.post(f"/lists/groups/{group.pk}/restore/")
    assert Group.objects.filter(pk=group.pk).exists()


def test_duplicate_names_are_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post("/lists/groups/new/", {"name": "Carers", "category": "carers"})
    assert "That name is already on the list" in response.content.decode()
    assert Group.objects.filter(name="Carers").count() == 1


@pytest.mark.parametrize("kind", ["priorities", "groups", "areas", "methods", "organisations"])
def test_every_list_has_its_pages(client, world, kind):
    client.force_login(world.coordinator)
    assert client.get(f"/lists/{kind}/").status_code == 200
    assert client.get(f"/lists/{kind}/new/").status_code == 200


def test_an_unknown_list_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.get("/lists/nonsense/").status_code == 404


def test_areas_keep_their_paths_when_moved(world):
    ward = world.ward
    assert ward.path.startswith(world.locality.path) and world.locality.path.startswith(world.borough.path)
    world.locality.parent = None
    world.locality.kind = "borough"
    world.locality.save()
    ward.refresh_from_db()
    assert ward.path.startswith(world.locality.path)
    assert not ward.path.startswith(world.borough.path)


def test_an_area_cannot_move_inside_itself(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        f"/lists/areas/{world.locality.pk}/", {"name": "Brierley Hill", "kind": "locality", "parent": world.ward.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    world.locality.refresh_from_db()
    assert world.locality.parent == world.borough


def test_a_ward_must_sit_inside_a_locality_or_borough(client, world):
    client.force_login(world.coordinator)
    response = client.post("/lists/areas/new/", {"name": "Lonely ward", "kind": "ward"})
    assert "Choose the area this ward is in" in response.content.decode()
    assert not Area.objects.filter(name="Lonely ward").exists()
    client.post("/lists/areas/new/", {"name": "New ward", "kind": "ward", "parent": world.other_locality.pk})
    assert Area.objects.get(name="New ward").path.startswith(world.other_locality.path)


def test_meeting_areas_are_self_ancestors_and_descendants(world):
    meeting = set(Area.objects.meeting([world.locality]))
    assert meeting == {world.borough, world.locality, world.ward}
