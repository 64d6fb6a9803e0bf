"""Faults: Elasticsearch failing, rebuilds interrupted, database errors while publishing.

No Elasticsearch server runs here, and none is imitated: the faults are
injected at the official client's HTTP node (`Urllib3HttpNode.perform_request`,
the last step before the network), so the real client and transport do
everything else: serialise the request, retry (429, 503, refused
connections), check the product header, parse the body and raise their own
errors. The stand-in records every request the client would have sent, so
the tests assert on the exact bodies, and answers with a fault (a network
error, a timeout, an HTTP error, a malformed or unexpected body) or with what
a healthy cluster answers to these requests. One test uses the network for
real: a socket on 127.0.0.1 that accepts connections and never answers.

Database faults are `DatabaseError`s raised at late points of a publish (the
search index update, the publish log entry, the aliases update), through
the admin as an editor publishes. Every test checks that nothing of the
failed change is left behind.
"""

import json
import re
import types
from dataclasses import dataclass
from io import StringIO

import elastic_transport
import pytest
from admin_forms import practice_form_data
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from elastic_transport import ApiResponseMeta, HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elasticsearch.helpers import actions as bulk_helpers
from search_engines import configure
from test_search_faults import hanging_port  # noqa: F401 - a fixture
from wagtail.models import PageLogEntry, Revision
from wagtail_localize.models import StringTranslation

from practices.models import PracticePage
from search import index_entries, indexing, service
from search.engines import elasticsearch as es
from search.engines.database import DatabaseEngine
from search.models import (
    ExternalRebuild,
    IndexedAudience,
    IndexedFacetValue,
    IndexedPractice,
    PendingReindex,
)

pytestmark = pytest.mark.django_db

NOTICE = "The main search engine is not responding; these results come from a simpler search."
NOTICE_FR = (
    "Le moteur de recherche principal ne répond pas\u202f; ces résultats proviennent "
    "d’une recherche simplifiée."
)
WARNING = (
    "Your changes are saved, but the search engine could not be updated; visitors' searches "
    "will show them once it is repaired (automatically, within a few minutes)."
)
OLD_INDEX = "practices-20240101000000000000"


# The client's HTTP node, replaced ----------------------------------------------------


@dataclass
class Sent:
    method: str
    target: str
    body: bytes | None
    fault: bool = False

    @property
    def path(self):
        return self.target.split("?")[0]

    def json(self):
        return json.loads(self.body)

    def ndjson(self):
        return [json.loads(line) for line in self.body.splitlines() if line.strip()]


def reply(node, status=200, body=None, content_type="application/json"):
    headers = HttpHeaders({"content-type": content_type, "x-elastic-product": "Elasticsearch"})
    meta = ApiResponseMeta(
        status=status, http_version="1.1", headers=headers, duration=0.001, node=node.config
    )
    if body is None:
        body = b""
    elif not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return NodeApiResponse(meta, body)


def healthy(node, sent):
    """What a healthy cluster whose alias points at OLD_INDEX answers."""
    method, path = sent.method, sent.path
    if method == "HEAD":
        return reply(node)
    if method == "GET" and path == "/practices/_mapping":
        return reply(node, body={OLD_INDEX: {"mappings": es.index_body()["mappings"]}})
    if method == "GET" and path == "/_alias/practices":
        return reply(node, body={OLD_INDEX: {"aliases": {"practices": {}}}})
    if path == "/_bulk":
        actions = sent.ndjson()[::2]
        items = [
            {"index": {**action["index"], "status": 201, "result": "created"}} for action in actions
        ]
        return reply(node, body={"took": 1, "errors": False, "items": items})
    if path.endswith("/_delete_by_query"):
        return reply(node, body={"took": 1, "deleted": 0, "failures": []})
    if path.endswith("/_refresh"):
        return reply(node, body={"_shards": {"total": 1, "successful": 1, "failed": 0}})
    return reply(node, body={"acknowledged": True})


def refused(node, sent):
    sent.fault = True
    raise elastic_transport.ConnectionError("Connection refused")


def timed_out(node, sent):
    sent.fault = True
    raise elastic_transport.ConnectionTimeout("Connection timed out during request")


def status(code):
    def answer(node, sent):
        sent.fault = True
        error = {"type": "es_rejected_execution_exception" if code == 429 else "exception"}
        return reply(node, code, {"error": error, "status": code})

    return answer


def malformed_json(node, sent):
    sent.fault = True
    return reply(node, body=b'{"took": 3, "timed_out": false, "hits": {"total')


def proxy_error_page(node, sent):
    sent.fault = True
    return reply(node, 502, b"<html><body>502 Bad Gateway</body></html>", "text/html")


def unexpected_json(node, sent):
    sent.fault = True
    return reply(node, body={"acknowledged": True})


FAULTS = {
    "refused": refused,
    "timeout": timed_out,
    "500": status(500),
    "503": status(503),
    "429": status(429),
    "malformed-json": malformed_json,
    "proxy-html-502": proxy_error_page,
    "unexpected-json": unexpected_json,
}


class Cluster:
    """Stands in for the network behind the client's node: records what the
    client sends and answers with `self.answer(node, sent)`."""

    def __init__(self):
        self.sent = []
        self.faults = 0
        self.answer = healthy

    def perform_request(self, node, method, target, body=None, headers=None, **kwargs):
        sent = Sent(method, target, body)
        self.sent.append(sent)
        try:
            return self.answer(node, sent)
        finally:
            self.faults += sent.fault

    def requests(self, method=None, path=None):
        return [
            sent
            for sent in self.sent
            if (method is None or sent.method == method)
            and (path is None or re.fullmatch(path, sent.path))
        ]


# Every fault these tests inject, over the whole module (for docs/security.md:
# `pytest tests/test_faults.py -s` prints the count).
INJECTED = {"elasticsearch": 0, "database": 0}


@pytest.fixture(scope="module", autouse=True)
def count_faults():
    yield
    print(f"\nfaults injected: {INJECTED}")


@pytest.fixture
def elasticsearch(settings, monkeypatch):
    """Elasticsearch configured, its client's node answered by a Cluster."""
    configure("database", settings)
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "url": "http://127.0.0.1:9",  # never contacted: the node is replaced
        "index": "practices",
    }
    service._elasticsearch.cache_clear()
    cluster = Cluster()

    def perform_request(node, method, target, body=None, headers=None, request_timeout=None):
        return cluster.perform_request(node, method, target, body, headers)

    monkeypatch.setattr(Urllib3HttpNode, "perform_request", perform_request)
    # The transport waits 0.25-0.5 s before retrying: the retries still
    # happen, without the wait.
    monkeypatch.setattr(elastic_transport._transport, "backoff_time", lambda *args: 0)
    # The bulk helpers wait 2, 4, 8… seconds before sending a refused (429) bulk
    # again: the pauses are recorded instead.
    pauses = []
    monkeypatch.setattr(bulk_helpers, "time", types.SimpleNamespace(sleep=pauses.append))
    cluster.pauses = pauses
    yield cluster
    INJECTED["elasticsearch"] += cluster.faults
    service._elasticsearch.cache_clear()


def expected_bulk(page):
    """The bulk request body that indexes this practice's documents."""
    key = str(page.translation_key)
    lines = []
    for document in index_entries.documents_for([key])[key]:
        lines.append({"index": {"_index": "practices", "_id": str(document["id"])}})
        lines.append(json.loads(json.dumps(es.to_source(document))))
    return lines


def admin_messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", index.pk])


def new_practice_data(themes, countries):
    return practice_form_data(themes=[themes["ageing"].pk], countries=[countries["FR"].pk])


# 1. Elasticsearch failing: publishing succeeds, searches answer, a sync repairs ---------


@pytest.mark.parametrize("fault", FAULTS)
def test_publishing_while_elasticsearch_fails_then_a_sync_repairs_the_index(
    admin_client, client, capture, site_tree, themes, countries, elasticsearch, fault
):
    elasticsearch.answer = FAULTS[fault]
    with capture(execute=True):
        response = admin_client.post(
            add_url(site_tree["index"]), new_practice_data(themes, countries)
        )

    # Published, as if Elasticsearch were up.
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert page.live
    assert page.live_revision_id == page.latest_revision_id
    assert elasticsearch.faults >= 1
    # The practice is queued for the sync, with the error for the operator.
    pending = PendingReindex.objects.get()
    assert pending.translation_key == page.translation_key
    assert pending.engine == "elasticsearch"
    assert pending.error

    # Searches answer from the database engine (indexed in the editor's
    # transaction), with the translated notice.
    found = client.get("/en/search/", {"q": "neighbourhood care"})
    assert found.status_code == 200
    assert "Neighbourhood care teams" in found.content.decode()
    assert NOTICE in found.content.decode()
    api = client.get("/api/v1/search/", {"lang": "en", "q": "neighbourhood care"})
    assert api.status_code == 200
    assert [hit["title"] for hit in api.json()["results"]] == ["Neighbourhood care teams"]
    assert api.json()["notices"] == [NOTICE]
    french = client.get("/fr/search/", {"q": "neighbourhood"})
    assert french.status_code == 200
    assert NOTICE_FR in french.content.decode()
    assert "Neighbourhood care teams" in french.content.decode()

    # Elasticsearch is back: the sync sends exactly this practice.
    elasticsearch.answer = healthy
    elasticsearch.sent.clear()
    out = StringIO()
    told = []

    def listen(sender, **kwargs):
        told.append(sender)

    indexing.index_changed.connect(listen)
    try:
        call_command("sync_search_index", stdout=out)
    finally:
        indexing.index_changed.disconnect(listen)
    assert out.getvalue() == "1 practices repaired, 0 still failing.\n"
    # The repair changes what searches answer: the page cache is told.
    assert told == [es.ElasticsearchEngine]
    (bulk,) = elasticsearch.requests("PUT", "/_bulk")
    assert bulk.ndjson() == expected_bulk(page)
    assert bulk.ndjson()[1]["title"] == "Neighbourhood care teams"
    assert "require_alias=true" in bulk.target
    (delete,) = elasticsearch.requests("POST", "/practices/_delete_by_query")
    assert delete.json() == {
        "query": {
            "bool": {
                "filter": [{"term": {"translation_key": str(page.translation_key)}}],
                "must_not": [{"ids": {"values": [str(page.pk)]}}],
            }
        }
    }
    assert not PendingReindex.objects.exists()
    # Nothing left to repair: the next run sends nothing.
    elasticsearch.sent.clear()
    call_command("sync_search_index", stdout=StringIO())
    assert elasticsearch.requests("POST") == []


@pytest.mark.parametrize("fault", ["refused", "503", "malformed-json", "unexpected-json"])
def test_a_sync_while_elasticsearch_still_fails_keeps_the_practice_queued(
    make_practice, elasticsearch, capture, fault
):
    elasticsearch.answer = FAULTS[fault]
    with capture(execute=True):
        page = make_practice("Memory cafés", slug="cafes")
    assert PendingReindex.objects.filter(translation_key=page.translation_key).exists()

    with pytest.raises(CommandError, match="could not be sent"):
        call_command("sync_search_index", stdout=StringIO())
    assert PendingReindex.objects.filter(translation_key=page.translation_key).exists()


def test_publishing_while_elasticsearch_hangs_past_its_timeout(
    admin_client,
    capture,
    settings,
    site_tree,
    themes,
    countries,
    hanging_port,  # noqa: F811 - the fixture imported above
    monkeypatch,
):
    """A real socket that accepts the connection and never answers."""
    configure("database", settings)
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "url": f"http://127.0.0.1:{hanging_port}",
        "index": "practices",
        "timeout": 0.5,
    }
    service._elasticsearch.cache_clear()
    with capture(execute=True):
        response = admin_client.post(
            add_url(site_tree["index"]), new_practice_data(themes, countries)
        )
    INJECTED["elasticsearch"] += 1
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert page.live
    assert "timed out" in PendingReindex.objects.get(translation_key=page.translation_key).error

    # The cluster answers again (the node stand-in): the sync repairs.
    cluster = Cluster()
    monkeypatch.setattr(
        Urllib3HttpNode,
        "perform_request",
        lambda node, method, target, body=None, headers=None, request_timeout=None: (
            cluster.perform_request(node, method, target, body, headers)
        ),
    )
    call_command("sync_search_index", stdout=StringIO())
    (bulk,) = cluster.requests("PUT", "/_bulk")
    assert bulk.ndjson() == expected_bulk(page)
    assert not PendingReindex.objects.exists()
    service._elasticsearch.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_the_editor_is_told_when_the_search_engine_could_not_be_updated(
    site_tree, themes, countries, superuser, elasticsearch
):
    """With real commits (a transactional test), the Elasticsearch update
    runs after the commit, within the request: the editor sees a warning."""
    elasticsearch.answer = refused
    client = Client()
    client.force_login(superuser)
    response = client.post(add_url(site_tree["index"]), new_practice_data(themes, countries))
    assert response.status_code == 302
    assert ("warning", WARNING) in admin_messages(response)
    assert PracticePage.objects.get(slug="neighbourhood-care-teams").live
    assert PendingReindex.objects.count() == 1

    # The editor goes on (the dashboard shows, and so consumes, the messages);
    # Elasticsearch answers again: no warning.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    elasticsearch.answer = healthy
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        practice_form_data(page, summary="Teams of carers organise home support."),
    )
    assert response.status_code == 302
    assert ("warning", WARNING) not in admin_messages(response), admin_messages(response)
    assert not PendingReindex.objects.exists()  # repaired on the way


# 2. An interrupted rebuild leaves the previous index serving ---------------------------


def failing_from_second_bulk(fault, *, then_everything=False):
    """A healthy cluster until the second bulk request of the rebuild; from
    then on, bulk requests (or, if `then_everything`, all requests) fail."""
    bulks = []

    def answer(node, sent):
        if sent.path == "/_bulk":
            bulks.append(sent)
        if len(bulks) >= 2 and (then_everything or sent.path == "/_bulk"):
            return FAULTS[fault](node, sent)
        return healthy(node, sent)

    return answer


@pytest.mark.parametrize("fault", ["refused", "timeout", "500", "429", "malformed-json"])
def test_an_elasticsearch_rebuild_interrupted_mid_bulk_keeps_the_old_index(
    catalogue, elasticsearch, fault, caplog
):
    elasticsearch.answer = failing_from_second_bulk(fault)
    with pytest.raises(CommandError, match="could not be rebuilt.*previous index still serves"):
        call_command("rebuild_search_index", "--batch-size", "1", "--no-progress")

    # A new, timestamped index was created and filled...
    (created,) = elasticsearch.requests("PUT", r"/practices-\d+")
    new = created.path.lstrip("/")
    assert re.fullmatch(r"practices-\d{20}", new)
    assert set(created.json()) == {"settings", "mappings"}
    bulks = elasticsearch.requests("PUT", "/_bulk")
    assert len(bulks) >= 2
    assert {line["index"]["_index"] for bulk in bulks for line in bulk.ndjson()[::2]} == {new}
    # ... the alias never moved, the old index was never touched, and the
    # half-built one was deleted.
    assert elasticsearch.requests("POST", "/_aliases") == []
    assert elasticsearch.requests("PUT", "/_aliases") == []
    assert [sent.path for sent in elasticsearch.requests("DELETE")] == [f"/{new}"]
    assert not any(OLD_INDEX in sent.target for sent in elasticsearch.sent)
    assert not ExternalRebuild.objects.exists()
    # A busy cluster (429) was given five more chances, after longer and longer pauses.
    assert elasticsearch.pauses == ([2, 4, 8, 16, 32] if fault == "429" else [])


def test_a_rebuild_waits_for_a_busy_cluster_then_goes_on(catalogue, elasticsearch):
    """Bulk requests refused with 429 are sent again after a pause, and the rebuild completes."""
    refused = []

    def busy_for_a_moment(node, sent):
        # The client retries once at once; the bulk helper then pauses and sends again.
        if sent.path == "/_bulk" and len(refused) < 2:
            refused.append(sent)
            return FAULTS["429"](node, sent)
        return healthy(node, sent)

    elasticsearch.answer = busy_for_a_moment
    call_command("rebuild_search_index", "--no-progress")
    assert elasticsearch.pauses == [2]
    bulks = elasticsearch.requests("PUT", "/_bulk")
    assert len(bulks) == 3
    assert bulks[2].ndjson() == bulks[0].ndjson()
    assert len(elasticsearch.requests("POST", "/_aliases")) == 1


def test_an_elasticsearch_rebuild_whose_cluster_goes_away_leaves_its_index_unaliased(
    catalogue, elasticsearch, caplog
):
    elasticsearch.answer = failing_from_second_bulk("refused", then_everything=True)
    with pytest.raises(CommandError, match="could not be rebuilt"):
        call_command("rebuild_search_index", "--batch-size", "1", "--no-progress")
    (created,) = elasticsearch.requests("PUT", r"/practices-\d+")
    new = created.path.lstrip("/")
    # The deletion of the new index failed too: it is left, unaliased, and
    # the operator is told which index to delete.
    assert elasticsearch.requests("POST", "/_aliases") == []
    assert [sent.path for sent in elasticsearch.requests("DELETE")] == [f"/{new}"] * 2  # retried
    assert any(new in record.getMessage() for record in caplog.records)


def index_rows():
    return (
        sorted(IndexedPractice.objects.values_list("id", "title", "title_terms", "body_terms")),
        sorted(IndexedFacetValue.objects.values_list("document_id", "language", "facet", "value")),
        sorted(IndexedAudience.objects.values_list("document_id", "language", "title_sort")),
    )


def search_titles(client, text, language="en"):
    response = client.get("/api/v1/search/", {"lang": language, "q": text})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["results"]]


def test_a_database_rebuild_interrupted_half_way_keeps_the_previous_tables(
    catalogue, make_practice, client, monkeypatch
):
    before = index_rows()
    assert search_titles(client, "pensioners") == ["Memory workshops", "Home support for seniors"]
    inserted = []
    original = DatabaseEngine._insert

    def failing_insert(self, batch):
        inserted.append(batch)
        if len(inserted) == 2:
            INJECTED["database"] += 1
            raise DatabaseError("database or disk is full")
        return original(self, batch)

    monkeypatch.setattr(DatabaseEngine, "_insert", failing_insert)
    with pytest.raises(CommandError, match="could not be rebuilt.*previous index still serves"):
        call_command("rebuild_search_index", "--batch-size", "1", "--no-progress")
    monkeypatch.undo()

    assert len(inserted) == 2
    assert index_rows() == before
    assert search_titles(client, "pensioners") == ["Memory workshops", "Home support for seniors"]
    # The full-text index and its triggers (dropped during a SQLite rebuild)
    # are back: a practice published now is found.
    make_practice("Memory cafés", slug="cafes", summary="Carers meet pensioners in cafés.")
    assert "Memory cafés" in search_titles(client, "cafes")


# 3. Database errors while publishing leave nothing half-written --------------------------


def raise_database_error(*args, **kwargs):
    INJECTED["database"] += 1
    raise DatabaseError("could not serialize access due to concurrent update")


# Late points of a publish, in the order Wagtail reaches them: the search
# index (page_published), the log entry, the aliases.
PUBLISH_FAULTS = {
    "search-index": (DatabaseEngine, "replace_practices"),
    "log-entry": ("wagtail.actions.publish_revision", "log"),
    "aliases": (PracticePage, "update_aliases"),
}


def inject(monkeypatch, point):
    target, name = PUBLISH_FAULTS[point]
    if isinstance(target, str):
        monkeypatch.setattr(f"{target}.{name}", raise_database_error)
    else:
        monkeypatch.setattr(target, name, raise_database_error)


def page_state(page):
    page = PracticePage.objects.get(pk=page.pk)
    return {
        "title": page.title,
        "summary": page.summary,
        "live": page.live,
        "live_revision": page.live_revision_id,
        "latest_revision": page.latest_revision_id,
        "has_unpublished_changes": page.has_unpublished_changes,
        "last_published_at": page.last_published_at,
        "themes": sorted(page.themes.values_list("pk", flat=True)),
        "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        "log_entries": PageLogEntry.objects.filter(page=page).count(),
        "index": sorted(
            IndexedPractice.objects.filter(translation_key=page.translation_key).values_list(
                "id", "title", "summary"
            )
        ),
    }


@pytest.fixture
def failing_client(superuser):
    """The admin as an editor uses it, but a server error is a 500 response
    (as the editor gets it), not an exception in the test."""
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("point", PUBLISH_FAULTS)
def test_a_database_error_while_publishing_changes_leaves_the_live_practice_as_it_was(
    failing_client, capture, make_practice, themes, monkeypatch, point
):
    page = make_practice("Home support for seniors", slug="seniors", summary="Volunteers visit.")
    before = page_state(page)
    inject(monkeypatch, point)

    with capture(execute=True):
        response = failing_client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            practice_form_data(
                page,
                title="Renamed practice",
                summary="A half-published summary.",
                themes=[themes["child-protection"].pk],
            ),
        )

    assert response.status_code == 500
    monkeypatch.undo()
    assert page_state(page) == before
    assert "Renamed practice" not in Client().get(page.url).content.decode()
    # No success message waits for the editor's next page.
    assert all(level != "success" for level, _text in admin_messages(response))


@pytest.mark.parametrize("point", PUBLISH_FAULTS)
def test_a_database_error_while_publishing_a_new_practice_leaves_no_row(
    failing_client, capture, site_tree, themes, countries, monkeypatch, point
):
    pages, revisions = PracticePage.objects.count(), Revision.objects.count()
    inject(monkeypatch, point)
    with capture(execute=True):
        response = failing_client.post(
            add_url(site_tree["index"]), new_practice_data(themes, countries)
        )
    assert response.status_code == 500
    monkeypatch.undo()
    assert PracticePage.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert not IndexedPractice.objects.filter(title="Neighbourhood care teams").exists()
    assert not PageLogEntry.objects.filter(label="Neighbourhood care teams").exists()
    site_tree["index"].refresh_from_db()
    assert site_tree["index"].numchild == 0


@pytest.mark.parametrize("point", ["search-index", "log-entry"])
def test_a_database_error_while_publishing_an_italian_translation_leaves_it_as_it_was(
    failing_client, capture, practice, locales, monkeypatch, point
):
    italian = practice["it"]
    before = page_state(italian)
    title = StringTranslation.objects.get(
        locale=locales["it"],
        context__path="title",
        context__object_id=italian.translation_key,
    )
    title.data = "Assistenza a domicilio rinnovata"
    title.save()
    inject(monkeypatch, point)

    # wagtail-localize's translation editor: "Publish in Italiano".
    with capture(execute=True):
        response = failing_client.post(
            reverse("wagtailadmin_pages:edit", args=[italian.pk]), {"action": "publish"}
        )

    assert response.status_code == 500
    monkeypatch.undo()
    assert page_state(italian) == before
    assert "rinnovata" not in Client().get(italian.url).content.decode()
    # The other languages are untouched too.
    assert PracticePage.objects.get(pk=practice["en"].pk).title == "Home support for seniors"


def test_publishing_an_italian_translation_without_a_fault_still_works(
    admin_client, capture, practice, locales
):
    """The control of the test above: the same action, no fault, publishes."""
    italian = practice["it"]
    title = StringTranslation.objects.get(
        locale=locales["it"],
        context__path="title",
        context__object_id=italian.translation_key,
    )
    title.data = "Assistenza a domicilio rinnovata"
    title.save()
    with capture(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[italian.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    italian = PracticePage.objects.get(pk=italian.pk)
    assert italian.title == "Assistenza a domicilio rinnovata"
    assert italian.live_revision_id == italian.latest_revision_id
    assert IndexedPractice.objects.get(pk=italian.pk).title == "Assistenza a domicilio rinnovata"
