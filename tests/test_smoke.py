def test_register_list_loads_for_an_officer(client, world, council_activity):
    client.force_login(world.officer_council)
    response = client.get("/register/")
    assert response.status_code == 200
    assert "Young carers" in response.content.decode()
