def test_the_health_check_answers_when_the_database_does(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
