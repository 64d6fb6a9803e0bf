import pytest


@pytest.mark.django_db
def test_home_and_index_render(client, make_practice):
    practice = make_practice()
    response = client.get("/en/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert practice.title in response.content.decode()
    response = client.get("/en/practices/", HTTP_HOST="localhost")
    assert response.status_code == 200
    response = client.get(practice.url, HTTP_HOST="localhost")
    assert response.status_code == 200
