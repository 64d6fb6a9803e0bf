"""The offline contract tool of tests/elasticsearch_contract.py: the official
client's requests recorded as sent, answered as a server would answer, and
checked against the API types of Elasticsearch's JavaScript client.

The compiler runs twice for the whole module (once for requests, once for
answers): the checks are batched in module-scoped fixtures.
"""

import elasticsearch_contract as contract
import pytest
from elasticsearch import ApiError, NotFoundError, UnsupportedProductError, helpers
from elasticsearch.helpers import BulkIndexError
from elasticsearch_contract import contract_errors, error, recording_client, response_errors

# Characters Python or TypeScript may count as line ends, which must end neither
# an NDJSON line nor a line of the generated TypeScript.
LINE_ENDS = "aide\u2028à\u2029domicile\x85\r"
SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
SEARCH_ANSWER = {
    "took": 3,
    "timed_out": False,
    "_shards": SHARDS,
    "hits": {
        "total": {"value": 1, "relation": "eq"},
        "max_score": 1.5,
        "hits": [
            {
                "_index": "practices-1",
                "_id": "42",
                "_score": 1.5,
                "_source": {"title": "Aide à domicile"},
                "highlight": {"snippet_fr": ["<mark>aide</mark> à domicile"]},
            }
        ],
    },
    "aggregations": {
        "theme": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "home-care", "doc_count": 1}],
        }
    },
}
CREATE_ANSWER = {"acknowledged": True, "shards_acknowledged": True, "index": "practices-1"}
ACKNOWLEDGED = {"acknowledged": True}


def bulk_item(action, document_id, status=201, **fields):
    """One item of a bulk answer."""
    item = {"_index": "practices-1", "_id": document_id, "status": status}
    if status < 300:
        item.update(
            result="created",
            _version=1,
            _shards={"total": 1, "successful": 1, "failed": 0},
            _seq_no=0,
            _primary_term=1,
        )
    return {action: {**item, **fields}}


def bulk_answer(lines):
    """A bulk answer acknowledging every action of the recorded NDJSON lines."""
    items = [
        bulk_item(action, str(line[action]["_id"]))
        for line in lines
        for action in line
        if action in contract.BULK_ACTIONS and isinstance(line[action], dict)
    ]
    return {"took": 2, "errors": False, "items": items}


def answer(request):
    """Canned answers, as a server answers each endpoint."""
    return {
        "search": lambda: (200, SEARCH_ANSWER),
        "count": lambda: (200, {"count": 1, "_shards": SHARDS}),
        "indices.create": lambda: (200, CREATE_ANSWER),
        "bulk": lambda: (200, bulk_answer(request.body)),
        "indices.exists_alias": lambda: (200, None),
    }.get(request.endpoint, lambda: (200, ACKNOWLEDGED))()


INDEX_BODY = {
    "settings": {
        "number_of_shards": 1,
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": ["l", "d"],
                },
                "french_stemmer": {"type": "stemmer", "language": "french"},
            },
            "analyzer": {
                "text_fr": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "french_stemmer"],
                }
            },
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "title_fr": {"type": "text", "analyzer": "text_fr"},
            "theme": {"type": "keyword"},
            "start_year": {"type": "integer"},
        },
    },
}


@pytest.fixture(scope="module")
def recorded():
    """{name: request}: requests of every kind, valid ones and faulty ones,
    made through the real client, with the contract errors of all of them."""
    client, requests = recording_client(answer, max_retries=1)
    made = {}

    def call(name, make):
        before = len(requests)
        make()
        assert len(requests) == before + 1, name
        made[name] = requests[-1]

    call(
        "search",
        lambda: client.search(
            index="practices",
            query={
                "multi_match": {"query": LINE_ENDS, "fields": ["title_fr^3"], "operator": "and"}
            },
            post_filter={"terms": {"theme": ["home-care"]}},
            aggs={"theme": {"terms": {"field": "theme", "size": 50}}},
            highlight={"fields": {"snippet_fr": {"number_of_fragments": 1}}},
            source={"includes": ["title"]},
            from_=20,
            size=10,
            track_total_hits=True,
            request_cache=True,
        ),
    )
    call("count", lambda: client.count(index="practices", query={"match_all": {}}))
    call(
        "create",
        lambda: client.options(request_timeout=30).indices.create(
            index="practices-1", **INDEX_BODY
        ),
    )
    call(
        "bulk",
        lambda: helpers.bulk(
            client,
            [
                {"_index": "practices-1", "_id": "42", "title_fr": LINE_ENDS},
                {"_op_type": "update", "_index": "practices-1", "_id": "43", "doc": {"theme": []}},
                {"_op_type": "delete", "_index": "practices-1", "_id": "44"},
            ],
            refresh="wait_for",
        ),
    )
    call(
        "update_aliases",
        lambda: client.indices.update_aliases(
            actions=[
                {"add": {"index": "practices-1", "alias": "practices"}},
                {"remove_index": {"index": "practices-0"}},
            ]
        ),
    )
    call(
        "delete_by_query",
        lambda: client.delete_by_query(
            index="practices",
            query={"term": {"translation_key": "k"}},
            conflicts="proceed",
            refresh=True,
        ),
    )
    call("exists_alias", lambda: client.indices.exists_alias(name="practices"))
    # Faulty requests: the client sends them as given.
    call("unknown_top", lambda: client.search(index="practices", body={"sise": 10}))
    call(
        "unknown_deep",
        lambda: client.search(
            index="practices",
            query={"bool": {"must": [{"multi_match": {"query": "x", "feilds": ["title_fr"]}}]}},
        ),
    )
    call("wrong_type", lambda: client.search(index="practices", size="ten"))
    call(
        "unknown_setting",
        lambda: client.indices.create(
            index="practices-2",
            settings={"analysis": {"filter": {"s": {"type": "stemmer", "langage": "french"}}}},
        ),
    )
    call(
        "bulk_faults",
        lambda: client.bulk(
            operations=[
                {"index": {"_index": "practices-1", "_id": 42}},
                {"title_fr": "any document"},
                {"update": {"_index": "practices-1", "_id": "43"}},
                {"docc": {}},
            ]
        ),
    )
    call("wrong_alias_action", lambda: client.indices.update_aliases(actions=[{"ad": {}}]))
    errors = contract_errors(requests)
    return made, requests, errors


def errors_of(recorded, name):
    made, requests, errors = recorded
    label = f"request {requests.index(made[name])} "
    return [message for message in errors if message.startswith(label)]


def test_requests_are_recorded_as_sent(recorded):
    made = recorded[0]
    search = made["search"]
    assert (search.endpoint, search.method, search.path) == ("search", "POST", "/practices/_search")
    assert search.path_parts == {"index": "practices"}
    assert search.params == {"request_cache": "true"}
    assert search.typed_params == {"request_cache": True}
    # The body as serialised: the client's Python names become the API's.
    assert search.body["_source"] == {"includes": ["title"]}
    assert (search.body["from"], search.body["size"], search.body["track_total_hits"]) == (
        20,
        10,
        True,
    )
    assert "from_" not in search.body and "source" not in search.body

    create = made["create"]
    assert (create.endpoint, create.method, create.path) == (
        "indices.create",
        "PUT",
        "/practices-1",
    )
    assert create.body == INDEX_BODY

    bulk = made["bulk"]
    assert (bulk.endpoint, bulk.method, bulk.path, bulk.params) == (
        "bulk",
        "PUT",
        "/_bulk",
        {"refresh": "wait_for"},
    )
    assert bulk.body == [
        {"index": {"_index": "practices-1", "_id": "42"}},
        {"title_fr": LINE_ENDS},
        {"update": {"_index": "practices-1", "_id": "43"}},
        {"doc": {"theme": []}},
        {"delete": {"_index": "practices-1", "_id": "44"}},
    ]

    aliases = made["update_aliases"]
    assert (aliases.endpoint, aliases.method, aliases.path) == (
        "indices.update_aliases",
        "POST",
        "/_aliases",
    )
    assert aliases.body["actions"][1] == {"remove_index": {"index": "practices-0"}}

    deleting = made["delete_by_query"]
    assert deleting.params == {"conflicts": "proceed", "refresh": "true"}
    assert made["exists_alias"].method == "HEAD"
    assert made["exists_alias"].path_parts == {"name": "practices"}


def test_valid_requests_conform(recorded):
    for name in (
        "search",
        "count",
        "create",
        "bulk",
        "update_aliases",
        "delete_by_query",
        "exists_alias",
    ):
        assert errors_of(recorded, name) == [], name


def test_an_unknown_key_fails_at_the_top_level_and_deep_in_a_query(recorded):
    (top,) = errors_of(recorded, "unknown_top")
    assert "search (POST /practices/_search) at sise:" in top
    assert "'\"sise\"' does not exist in type 'SearchRequest'" in top
    (deep,) = errors_of(recorded, "unknown_deep")
    assert " at query.bool.must[0].multi_match.feilds:" in deep
    assert "'\"feilds\"' does not exist in type 'QueryDslMultiMatchQuery'" in deep
    (setting,) = errors_of(recorded, "unknown_setting")
    assert " at settings.analysis.filter.s.langage:" in setting


def test_a_wrong_type_fails(recorded):
    (wrong,) = errors_of(recorded, "wrong_type")
    assert " at size: " in wrong
    assert "Type 'string' is not assignable to type 'number'" in wrong


def test_bulk_action_lines_are_checked_and_documents_left_alone(recorded):
    faults = errors_of(recorded, "bulk_faults")
    assert len(faults) == 2, faults
    numeric_id, update_body = sorted(faults)
    assert " line 0 at index._id: " in numeric_id  # the API's ids are strings
    assert " line 3 at docc: " in update_body  # an update's body is typed too
    (alias_action,) = errors_of(recorded, "wrong_alias_action")
    assert " at actions[0].ad:" in alias_action


def test_a_missing_head_is_false_and_other_statuses_raise_as_from_a_server():
    def respond(request):
        if request.endpoint == "search":
            return error(429, "es_rejected_execution_exception", "rejected execution")
        if request.endpoint == "indices.exists":
            return 200, None
        return error(404, "index_not_found_exception", "no such index [practices]")

    client, requests = recording_client(respond, max_retries=1)
    assert bool(client.indices.exists_alias(name="practices")) is False
    assert bool(client.indices.exists(index="practices-1")) is True
    with pytest.raises(NotFoundError):
        client.indices.get_alias(name="practices")
    with pytest.raises(ApiError) as raised:
        client.search(index="practices", query={"match_all": {}})
    assert raised.value.status_code == 429
    assert raised.value.error == "es_rejected_execution_exception"
    # The transport retries a 429 as configured: two requests for one search.
    assert [request.endpoint for request in requests] == [
        "indices.exists_alias",
        "indices.exists",
        "indices.get_alias",
        "search",
        "search",
    ]


def test_an_answer_without_the_product_header_is_refused_as_from_a_proxy():
    client, _ = recording_client(lambda request: (200, {"status": "ok"}, {"x-elastic-product": ""}))
    with pytest.raises(UnsupportedProductError):
        client.search(index="practices")


def test_bulk_item_errors_reach_the_helpers_as_from_a_server():
    rejected = bulk_item(
        "index",
        "42",
        status=400,
        error={"type": "document_parsing_exception", "reason": "strict mapping"},
    )

    def respond(request):
        return 200, {"took": 1, "errors": True, "items": [rejected]}

    client, _ = recording_client(respond)
    actions = [{"_index": "practices-1", "_id": "42", "extra": 1}]
    with pytest.raises(BulkIndexError) as raised:
        helpers.bulk(client, actions)
    assert raised.value.errors[0]["index"]["error"]["type"] == "document_parsing_exception"
    assert helpers.bulk(client, actions, raise_on_error=False) == (0, [rejected])


@pytest.fixture(scope="module")
def answer_errors():
    """The canned answers above and malformed ones, checked in one run."""
    return response_errors(
        [
            ("search", 200, SEARCH_ANSWER),
            ("count", 200, {"count": 1, "_shards": SHARDS}),
            ("indices.create", 200, CREATE_ANSWER),
            ("indices.update_aliases", 200, ACKNOWLEDGED),
            ("bulk", 200, {"took": 1, "errors": False, "items": [bulk_item("index", "42")]}),
            ("indices.exists_alias", 404, None),
            ("search", 429, error(429, "es_rejected_execution_exception", "busy")[1]),
            # Malformed: a total as text, an unknown key, no `took`, an item's misspelt key.
            ("search", 200, {**SEARCH_ANSWER, "hits": {**SEARCH_ANSWER["hits"], "total": "1"}}),
            ("count", 200, {"_shards": SHARDS, "count": 1, "countt": 1}),
            ("bulk", 200, {"errors": False, "items": [bulk_item("index", "1")]}),
            (
                "bulk",
                200,
                {"took": 1, "errors": False, "items": [bulk_item("index", "1", statuss=1)]},
            ),
        ]
    )


def test_canned_answers_are_checked_against_the_response_types(answer_errors):
    by_answer = {}
    for message in answer_errors:
        by_answer.setdefault(int(message.split()[1]), []).append(message)
    assert sorted(by_answer) == [7, 8, 9, 10], answer_errors
    ((total,), (unknown,), (took,), (status,)) = by_answer.values()
    assert total.startswith("response 7 search 200 at hits.total: ")
    assert unknown.startswith("response 8 count 200 at countt: ") and "CountResponse" in unknown
    assert took.startswith("response 9 bulk 200 at (top level): ") and "'took' is missing" in took
    assert status.startswith("response 10 bulk 200 at items[0].index.statuss: ")


def test_missing_node_modules_fail_loudly(monkeypatch, tmp_path):
    monkeypatch.setattr(contract, "TSC", tmp_path / "tsc")
    with pytest.raises(RuntimeError, match="make node-modules"):
        contract_errors([])
