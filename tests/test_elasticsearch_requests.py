"""Every request the Elasticsearch engine sends, checked against Elasticsearch's published API.

The engine runs with a real client whose requests are recorded as sent on the wire
(tests/elasticsearch_contract.py): first use of an empty cluster, updates, rebuilds
(including over an index named like the alias), searches of every shape, complete counts
of a long facet and the document count. Each request is then type-checked against the
request types of Elasticsearch's JavaScript client, and each answer the engine was given
against the response types, so the engine is tested against real shapes only.
"""

import pytest
from elasticsearch_contract import contract_errors, error, recording_client, response_errors
from test_elasticsearch_engine import CONFIG

from search.engines import elasticsearch as es
from search.query import FACETS, SearchQuery

SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
OLD_INDEX = "practices-20240101000000000000"


def document(page_id, language="fr"):
    """A document as search.index_entries builds it."""
    return {
        "id": page_id,
        "translation_key": "0b6f2f4e-95b5-4c44-8f0f-6c1d1f9b0e11",
        "language": language,
        "is_original": True,
        "visible_in": [language],
        "title": "Aide à domicile pour les personnes âgées",
        "summary": "Des visites régulières.",
        "body": "Le contexte « pagalba į namus ». La méthode.",
        "keywords": "visite domicile",
        "url": f"/{language}/pratiques/aide-{page_id}/",
        "theme": ["ageing"],
        "country": ["fr"],
        "target_group": [],
        "profession": [],
        "practice_type": ["service"],
        "language_available": [language],
        "project": ["3"],
        "start_year": 2015,
        "end_year": None,
        "first_published_at": "2024-03-01T09:30:00+00:00",
        "title_sort": "aide a domicile pour les personnes agees",
    }


def terms_buckets(pairs, other=0):
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": other,
        "buckets": [{"key": key, "doc_count": count} for key, count in pairs],
    }


def search_answer(request, long_project_facet):
    """A search answer shaped by what was asked: hits with the fields asked
    for, every facet's buckets, or a composite page, or the languages' counts."""
    body = request.body or {}
    aggs = body.get("aggs", {})
    answer = {
        "took": 2,
        "timed_out": False,
        "_shards": SHARDS,
        "hits": {"total": {"value": 1, "relation": "eq"}, "max_score": 1.0, "hits": []},
    }
    if body.get("size"):
        source = {key: document(42)[key] for key in es.HIT_FIELDS}
        answer["hits"]["hits"] = [
            {"_index": OLD_INDEX, "_id": "42", "_score": 1.0, "_source": source}
        ]
    if "languages" in aggs:
        answer["aggregations"] = {"languages": terms_buckets([("fr", 1)])}
    elif "values" in aggs:  # a page of a composite aggregation
        # A full first page, so that the engine asks for the next one.
        after = aggs["values"]["composite"].get("after")
        page = (
            []
            if after
            else [
                {"key": {"value": str(number)}, "doc_count": 1} for number in range(es.FACET_SIZE)
            ]
        )
        answer["aggregations"] = {"values": {"buckets": page}}
        if page:
            answer["aggregations"]["values"]["after_key"] = page[-1]["key"]
    else:
        answer["aggregations"] = {
            facet: {
                "doc_count": 1,
                "values": terms_buckets(
                    [("3", 1)], other=5 if facet == "project" and long_project_facet else 0
                ),
            }
            for facet in FACETS
        }
    return answer


class Cluster:
    """The answers of a cluster in a given state, recorded with the requests."""

    def __init__(self, *, alias=True, concrete=False, long_project_facet=False):
        self.alias, self.concrete = alias, concrete
        self.long_project_facet = long_project_facet
        self.answers = []

    def __call__(self, request):
        status, body = self.answer(request)
        self.answers.append((request.endpoint, status, body))
        return status, body

    def answer(self, request):
        endpoint = request.endpoint
        if endpoint == "indices.exists_alias":
            return (200 if self.alias else 404), None
        if endpoint == "indices.exists":
            return (200 if self.concrete else 404), None
        if endpoint == "indices.get_alias":
            return 200, {OLD_INDEX: {"aliases": {"practices": {}}}}
        if endpoint == "indices.get_mapping":
            return 200, {OLD_INDEX: {"mappings": es.index_body()["mappings"]}}
        if endpoint == "indices.create":
            name = request.path_parts["index"]
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
        if endpoint == "bulk":
            items = [
                {
                    "index": {
                        "_index": line["index"]["_index"],
                        "_id": line["index"]["_id"],
                        "status": 201,
                        "result": "created",
                        "_version": 1,
                        "_seq_no": 0,
                        "_primary_term": 1,
                        "_shards": {"total": 1, "successful": 1, "failed": 0},
                    }
                }
                for line in request.body
                if "index" in line
            ]
            return 200, {"took": 3, "errors": False, "items": items}
        if endpoint == "delete_by_query":
            return 200, {"took": 1, "timed_out": False, "total": 1, "deleted": 1, "failures": []}
        if endpoint == "indices.refresh":
            return 200, {"_shards": SHARDS}
        if endpoint == "search":
            return 200, search_answer(request, self.long_project_facet)
        return 200, {"acknowledged": True}


SEARCHES = [
    {"text": 'aide "personnes âgées" domicile', "language": "fr"},
    {"text": "pagalba i namus", "language": "lt", "sort": "title"},
    {"language": "bg", "filters": {"theme": ["ageing"], "country": ["fr", "it"]}},
    {"text": "jeunes", "language": "fr", "year_from": 2010, "year_to": 2020, "sort": "newest"},
    {"text": 'zebra AND yak OR "unclosed wombat* secret:quokka <script>', "language": "en"},
    {"text": "aide", "language": "fr", "page": 2000},  # past the result window
    {"language": "en", "filters": {"language": ["it"], "project": ["3"]}},
]


def run(cluster, work):
    client, requests = recording_client(cluster, max_retries=1, retry_on_timeout=False)
    work(es.ElasticsearchEngine(config=CONFIG, client=client))
    return requests


def scenarios():
    """{name: (requests, answers)}: the engine's every kind of work."""

    def first_use(engine):
        engine.replace_practice("0b6f", [document(42), document(43, "lt")])

    def update(engine):
        engine.replace_practice("0b6f", [document(42)])
        engine.replace_practice("0b6f", [])

    def rebuild(engine):
        engine.rebuild(iter([[document(1), document(2, "bg")], [document(3, "pt")]]))

    def searches(engine):
        for search in SEARCHES:
            engine.search(SearchQuery(per_page=10, **search))
        engine.count()

    def long_facet(engine):
        engine.search(SearchQuery(text="aide", language="fr", filters={"project": ["3"]}))

    work = {
        "first use of an empty cluster": (Cluster(alias=False), first_use),
        "updates": (Cluster(), update),
        "rebuild": (Cluster(), rebuild),
        "rebuild over an index named like the alias": (
            Cluster(alias=False, concrete=True),
            rebuild,
        ),
        "searches and the count": (Cluster(), searches),
        "a facet counted in full": (Cluster(long_project_facet=True), long_facet),
    }
    return {name: (run(cluster, task), cluster.answers) for name, (cluster, task) in work.items()}


@pytest.fixture(scope="module")
def recorded():
    return scenarios()


def test_every_request_the_engine_sends_fits_elasticsearchs_api(recorded):
    requests = [request for found, _answers in recorded.values() for request in found]
    assert contract_errors(requests) == []


def test_every_kind_of_request_was_checked(recorded):
    endpoints = {
        name: {request.endpoint for request in found} for name, (found, _) in recorded.items()
    }
    assert endpoints["first use of an empty cluster"] == {
        "indices.exists_alias", "indices.exists", "indices.create", "bulk", "delete_by_query",
    }  # fmt: skip
    assert endpoints["updates"] == {
        "indices.exists_alias", "indices.get_mapping", "bulk", "delete_by_query",
    }  # fmt: skip
    assert endpoints["rebuild"] == {
        "indices.create", "bulk", "indices.refresh", "indices.exists_alias", "indices.get_alias",
        "indices.update_aliases", "indices.delete",
    }  # fmt: skip
    assert "indices.exists" in endpoints["rebuild over an index named like the alias"]
    searches, _answers = recorded["searches and the count"]
    assert [request.endpoint for request in searches] == [
        "indices.get_mapping", *["search"] * (len(SEARCHES) + 1),
    ]  # fmt: skip
    long_facet, _answers = recorded["a facet counted in full"]
    assert [request.endpoint for request in long_facet] == ["indices.get_mapping", *["search"] * 3]


def test_the_engine_was_answered_in_real_shapes_only(recorded):
    answers = [answer for _requests, found in recorded.values() for answer in found]
    assert len(answers) > 30
    assert response_errors(answers) == []


def test_the_check_would_catch_a_faulty_request(recorded):
    """The contract check is not vacuous: the engine's own search, with a
    misspelt option deep in its query, fails it."""
    searches, _answers = recorded["searches and the count"]
    search = next(request for request in searches if (request.body or {}).get("query"))
    must = search.body["query"]["bool"]["must"]
    must[0]["multi_match"]["fuzzyness"] = 1
    try:
        [message] = contract_errors([search])
    finally:
        del must[0]["multi_match"]["fuzzyness"]
    assert "fuzzyness" in message


def test_an_error_answer_is_a_real_shape():
    status, body = error(400, "resource_already_exists_exception", "index exists")
    assert response_errors([("indices.create", status, body)]) == []
