"""When Elasticsearch or Tantivy fails, the search page still answers.

The faults are real network conditions on 127.0.0.1, not a fake server: a
port where nothing listens (connection refused), and a socket that accepts
connections but never replies (a server that hangs). In both cases the page
answers with the database engine's results and a notice, the JSON endpoint
likewise, and the operator finds the error in the log.
"""

import io
import logging
import socket
import threading

import pytest
from django.core import checks
from django.core.management import call_command
from search_engines import configure
from site_helpers import HOST

from search import service
from search.engines.tantivy import TantivyEngine

pytestmark = pytest.mark.django_db

NOTICE = "The main search engine is not responding; these results come from a simpler search."


@pytest.fixture
def refused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return port  # closed again: connections are refused


@pytest.fixture
def hanging_port():
    """A socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def use_elasticsearch_at(settings, port, timeout=3.0):
    configure("database", settings)
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "url": f"http://127.0.0.1:{port}",
        "timeout": timeout,
    }
    service._elasticsearch.cache_clear()


@pytest.fixture
def practice(make_practice):
    # Indexed by the database engine as it is published (Elasticsearch is
    # not configured yet).
    return make_practice("Home support for seniors", summary="Volunteers visit pensioners.")


def test_refused_connection_falls_back_to_the_database(
    client, settings, practice, refused_port, caplog
):
    use_elasticsearch_at(settings, refused_port)
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get("/en/search/?q=pensioners")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Home support for seniors" in content
    assert NOTICE in content
    assert any("falling back to the database" in record.getMessage() for record in caplog.records)

    data = client.get("/api/v1/search/", {"lang": "en", "q": "pensioners"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Home support for seniors"]
    assert data["notices"] == [NOTICE]


def test_a_hanging_server_is_given_up_after_the_timeout(
    client, settings, practice, hanging_port, caplog
):
    use_elasticsearch_at(settings, hanging_port, timeout=0.5)
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get("/en/search/?q=pensioners")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Home support for seniors" in content
    assert NOTICE in content
    assert caplog.records


def test_the_database_engine_answers_when_elasticsearch_is_not_configured(settings, practice):
    configure("database", settings)
    assert service.get_engine().name == "database"


def test_a_damaged_tantivy_index_leaves_the_search_to_the_database(
    client, settings, make_practice, caplog
):
    """A Tantivy folder that cannot be read (here: its meta.json overwritten):
    the database engine answers the same, the visitor is not told, the log says why."""
    make_practice("Home support for seniors", summary="Volunteers visit isolated pensioners.")
    configure("tantivy", settings)
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    engine = TantivyEngine(settings.SEARCH_INDEX_DIR)
    (engine.path / "meta.json").write_text("{not json")
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get("/en/search/", {"q": "pensioners"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "Home support for seniors" in response.content.decode()
    assert NOTICE not in response.content.decode()
    assert "Search engine tantivy failed, falling back to the database" in caplog.text


def test_an_unknown_search_engine_is_refused_at_startup(settings):
    settings.SEARCH_ENGINE = "whoosh"
    (error,) = [found for found in checks.run_checks() if found.id == "search.E002"]
    assert "SEARCH_ENGINE is 'whoosh'" in error.msg
