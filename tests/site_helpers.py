"""Requests to the public site in tests: its host, a GET on it, its HTML."""

from bs4 import BeautifulSoup

# The hostname of the test Site: SITE_BASE_URL is http://localhost in the
# test settings, and tests/world.py's Site has its hostname and port.
HOST = "localhost"


def get(client, url, params=None, **extra):
    """GET `url`, with the query `params`, on the site's host."""
    return client.get(url, params or {}, HTTP_HOST=HOST, **extra)


def get_ok(client, url, params=None, **extra):
    """`get`, asserting that the answer is a 200."""
    response = get(client, url, params, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def search_api(client, q="", lang="en", **params):
    """The JSON search endpoint's answer (a 200) to `q` in `lang`."""
    response = client.get("/api/v1/search/", {"lang": lang, "q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def search_titles(client, q="", lang="en", **params):
    """The titles of the JSON search endpoint's results, in order."""
    return [hit["title"] for hit in search_api(client, q, lang, **params)["results"]]
