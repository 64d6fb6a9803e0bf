"""The Elasticsearch engine, without a server.

The index settings, the documents and the search requests are pure data,
checked here exactly; the engine's calls go to a mock of the official client
(`create_autospec`, so a misspelt method or keyword argument fails), and one
test runs a real client with its transport mocked out to check the JSON body
it would send.
"""

import datetime
import json
import logging
import re
from unittest import mock

import pytest
from django.utils.safestring import SafeString
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig, ObjectApiResponse
from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, Elasticsearch
from elasticsearch.helpers import BulkIndexError

from search import analysis, highlights
from search.engines import elasticsearch as es
from search.engines.base import SearchUnavailable
from search.index_entries import facet_field
from search.query import FACETS, SearchQuery
from search.results import EngineResult, Hit

ALL_LANGUAGES = ["en", "fr", "it", "lt", "nl", "fi", "da", "bg", "pt"]
LANGUAGES = ["en", "fr"]
CONFIG = {
    "url": "https://search.example.org:9200",
    "index": "practices",
    "api_key": "",
    "username": "",
    "password": "",
    "ca_certs": "",
    "verify_certs": True,
    "timeout": 3.0,
}
FACET_FIELDS = [
    "theme",
    "country",
    "target_group",
    "profession",
    "practice_type",
    "language_available",
    "project",
]


def document(**overrides):
    """A document as `search.index_entries` builds it."""
    values = {
        "id": 42,
        "translation_key": "0b6f2f4e-95b5-4c44-8f0f-6c1d1f9b0e11",
        "language": "fr",
        "is_original": True,
        "visible_in": ["fr", "lt"],
        "title": "Aide à domicile pour les personnes âgées",
        "summary": "Des visites <régulières> & un suivi.",
        "body": "Le contexte. La méthode. Les résultats.",
        "keywords": "visite domicile Vieillissement Association Âge d'or",
        "url": "/fr/pratiques/aide-a-domicile/",
        "theme": ["ageing"],
        "country": ["fr"],
        "target_group": ["older-people"],
        "profession": [],
        "practice_type": ["service"],
        "language_available": ["en", "fr"],
        "project": ["3"],
        "start_year": 2015,
        "end_year": None,
        "first_published_at": "2024-03-01T09:30:00+00:00",
        "title_sort": "aide a domicile pour les personnes agees",
    }
    values.update(overrides)
    return values


def query(**kwargs):
    kwargs.setdefault("per_page", 10)
    return SearchQuery(**kwargs)


def strings(value, inside_query=False):
    """Every string in a body, as (string, is it a multi_match's query)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, False
            yield from strings(item, key == "query" and isinstance(item, str))
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value, inside_query


def multi_match_queries(body):
    found = []

    def walk(value):
        if isinstance(value, dict):
            if "multi_match" in value:
                found.append(value["multi_match"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return found


def mock_client():
    client = mock.create_autospec(Elasticsearch, instance=True)
    # `indices` is set in Elasticsearch.__init__, out of the class's reach.
    client.indices = mock.create_autospec(
        type(Elasticsearch("http://localhost:9200").indices), instance=True
    )
    client.options.return_value = client
    client.indices.get_mapping.return_value = {
        "practices-initial": {"mappings": es.index_body()["mappings"]}
    }
    return client


def response_meta(status):
    return ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.01,
        node=NodeConfig("http", "localhost", 9200),
    )


def api_error(status=500):
    return ApiError(
        "search_phase_execution_exception", meta=response_meta(status), body={"error": "boom"}
    )


@pytest.fixture
def site_languages(settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    return LANGUAGES


# Index settings and mapping ---------------------------------------------------


def test_no_language_analysis_in_the_index():
    """Text arrives as ready-made terms (search.analysis): the index only splits them on spaces."""
    body = es.index_body()
    assert body["settings"] == {"number_of_shards": 1}
    properties = body["mappings"]["properties"]
    assert properties["title_terms"] == {"type": "text", "analyzer": "whitespace"}
    assert properties["body_terms"] == {"type": "text", "analyzer": "whitespace"}
    analysed = [name for name, field in properties.items() if field.get("analyzer")]
    assert sorted(analysed) == ["body_terms", "title_terms"]


def test_mapping_is_strict_and_explicit():
    body = es.index_body()
    assert body["settings"]["number_of_shards"] == 1
    mappings = body["mappings"]
    assert mappings["dynamic"] == "strict"
    properties = mappings["properties"]
    assert properties["id"] == {"type": "integer"}
    assert properties["translation_key"] == {"type": "keyword"}
    assert properties["language"] == {"type": "keyword"}
    assert properties["is_original"] == {"type": "boolean"}
    assert properties["visible_in"] == {"type": "keyword"}
    assert properties["first_published_at"] == {"type": "date"}
    assert properties["title_sort"] == {"type": "keyword"}
    assert properties["start_year"] == properties["end_year"] == {"type": "short"}
    for name in ("title", "summary", "body", "keywords", "url"):
        assert properties[name]["index"] is False, name


def test_every_facet_has_a_keyword_field():
    properties = es.index_body()["mappings"]["properties"]
    assert [facet_field(facet) for facet in FACETS] == FACET_FIELDS
    for field in FACET_FIELDS:
        assert properties[field] == {"type": "keyword"}


# Documents ------------------------------------------------------------------------


def test_source_adds_the_terms_the_database_engine_indexes():
    source = es.to_source(document())
    assert source == {
        **document(),
        "title_terms": analysis.index_terms("Aide à domicile pour les personnes âgées", "fr"),
        # Keywords are searched, never shown.
        "body_terms": analysis.index_terms(
            "Des visites <régulières> & un suivi. Le contexte. La méthode. Les résultats. "
            "visite domicile Vieillissement Association Âge d'or",
            "fr",
        ),
    }
    assert source["title_terms"] == "aid a domicil pour le person age"


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_source_fits_the_strict_mapping(language):
    properties = es.index_body()["mappings"]["properties"]
    assert set(es.to_source(document(language=language))) <= set(properties)


def test_index_action_uses_the_page_id():
    action = es.index_action(document(), "practices")
    assert action["_index"] == "practices"
    assert action["_id"] == "42"
    assert action["_source"]["id"] == 42


# Search requests ------------------------------------------------------------------


def test_full_search_body(site_languages):
    search_query = query(
        text='aide "personnes âgées"',
        language="fr",
        filters={"theme": ["ageing"]},
        year_from=2010,
        year_to=2020,
        page=2,
    )
    body = es.search_body(search_query)
    theme_filter = {"bool": {"filter": [{"terms": {"theme": ["ageing"]}}]}}
    fields = ["title_terms^10", "body_terms"]
    must = [
        {
            "multi_match": {
                "query": "aid aide",
                "fields": fields,
                "type": "most_fields",
                "operator": "or",
            }
        },
        {"multi_match": {"query": "person age", "fields": fields, "type": "phrase"}},
    ]

    def facet(field, filter_):
        return {"filter": filter_, "aggs": {"values": {"terms": {"field": field, "size": 1000}}}}

    assert body == {
        "query": {
            "bool": {
                "filter": [
                    {"term": {"visible_in": "fr"}},
                    {"exists": {"field": "start_year"}},
                    {"range": {"start_year": {"lte": 2020}}},
                    {
                        "bool": {
                            "should": [
                                {"range": {"end_year": {"gte": 2010}}},
                                {"bool": {"must_not": [{"exists": {"field": "end_year"}}]}},
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                ],
                "must": must,
            }
        },
        "post_filter": theme_filter,
        "aggs": {
            "theme": facet("theme", {"match_all": {}}),
            "country": facet("country", theme_filter),
            "target_group": facet("target_group", theme_filter),
            "profession": facet("profession", theme_filter),
            "practice_type": facet("practice_type", theme_filter),
            "language": facet("language_available", theme_filter),
            "project": facet("project", theme_filter),
        },
        "sort": [
            {"_score": {"order": "desc"}},
            {"first_published_at": {"order": "desc"}},
            {"id": {"order": "desc"}},
        ],
        "from_": 10,
        "size": 10,
        "track_total_hits": True,
        "source": {
            "includes": [
                "id",
                "translation_key",
                "title",
                "url",
                "language",
                "summary",
                "body",
                "country",
                "theme",
                "start_year",
                "end_year",
                "first_published_at",
            ]
        },
    }


def test_the_query_terms_are_the_database_engines(site_languages):
    """Both engines match the same analysed terms: search.analysis, once per query."""
    search_query = query(text='pagalba i namus "aide à domicile"', language="lt")
    must = es.search_body(search_query)["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"].split() for clause in must] == [
        *map(list, search_query.terms.groups),
        *map(list, search_query.terms.phrases),
    ]
    # The one-letter "i" is never required, accented or not.
    assert len(search_query.terms.groups) == 2


def test_browsing_without_text_or_filters():
    body = es.search_body(query(language="lt"))
    assert body["query"] == {"bool": {"filter": [{"term": {"visible_in": "lt"}}]}}
    assert "post_filter" not in body
    assert "highlight" not in body
    # Relevance means nothing without words: the newest first.
    assert body["sort"] == [{"first_published_at": {"order": "desc"}}, {"id": {"order": "desc"}}]
    assert body["from_"] == 0
    for facet in FACETS:
        assert body["aggs"][facet]["filter"] == {"match_all": {}}


@pytest.mark.parametrize(
    ("sort", "text", "expected"),
    [
        ("relevance", "aide", ["_score", "first_published_at", "id"]),
        ("relevance", "", ["first_published_at", "id"]),
        ("newest", "aide", ["first_published_at", "id"]),
        ("title", "aide", ["title_sort", "id"]),
    ],
)
def test_sorts(sort, text, expected):
    body = es.search_body(query(text=text, sort=sort))
    assert [next(iter(clause)) for clause in body["sort"]] == expected
    order = "asc" if sort == "title" else "desc"
    assert {next(iter(clause.values()))["order"] for clause in body["sort"]} == {order}


def test_year_bounds():
    def years(**kwargs):
        return es.search_body(query(**kwargs))["query"]["bool"]["filter"][1:]

    assert years() == []
    assert years(year_to=2000) == [
        {"exists": {"field": "start_year"}},
        {"range": {"start_year": {"lte": 2000}}},
    ]
    only_from = years(year_from=2000)
    assert only_from[0] == {"exists": {"field": "start_year"}}
    assert only_from[1]["bool"]["should"][0] == {"range": {"end_year": {"gte": 2000}}}
    assert len(only_from) == 2


def test_terms_aggregations_return_every_value():
    body = es.search_body(query(text="aide", filters={"country": ["fr"]}))
    assert set(body["aggs"]) == set(FACETS)
    for facet, aggregation in body["aggs"].items():
        terms = aggregation["aggs"]["values"]["terms"]
        assert terms["field"] == facet_field(facet)
        assert terms.get("size", 10) > 10
        assert terms["size"] == es.FACET_SIZE


def test_disjunctive_facets():
    body = es.search_body(
        query(filters={"theme": ["ageing", "child-protection"], "country": ["fr"]})
    )
    theme = {"terms": {"theme": ["ageing", "child-protection"]}}
    country = {"terms": {"country": ["fr"]}}
    # The hits: every facet (AND), any value within one (OR).
    assert body["post_filter"] == {"bool": {"filter": [theme, country]}}
    # Each facet's counts: the other facets' selections, not its own.
    assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [country]}}
    assert body["aggs"]["country"]["filter"] == {"bool": {"filter": [theme]}}
    assert body["aggs"]["project"]["filter"] == {"bool": {"filter": [theme, country]}}
    # Facet filters are not in the main query: they would restrict the counts.
    assert "terms" not in json.dumps(body["query"])


def test_language_facet_filters_on_the_available_languages():
    body = es.search_body(query(filters={"language": ["it"]}))
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"language_available": ["it"]}}]}}
    assert body["aggs"]["language"]["aggs"]["values"]["terms"]["field"] == "language_available"


def test_phrases_become_phrase_queries():
    body = es.search_body(query(text='"home support" "day care centre" seniors'))
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["query"].split()[0] == "senior"
    assert must[0]["multi_match"]["operator"] == "or"  # any term of the one word
    assert [clause["multi_match"]["type"] for clause in must[1:]] == ["phrase", "phrase"]
    assert [clause["multi_match"]["query"] for clause in must[1:]] == [
        "home support",
        "day care centr",
    ]


def test_only_phrases():
    body = es.search_body(query(text='"home support"'))
    must = body["query"]["bool"]["must"]
    assert len(must) == 1
    assert must[0]["multi_match"]["type"] == "phrase"


HOSTILE = [
    'zebra AND yak OR "unclosed',
    "wombat* \\\\ secret:quokka (ibex) {x} [y] ~2 ^9 -okapi +eland /re/ <script>",
    '"" \\" \' ` ; --',
    "tapir " * 2000,
    "Å" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_query_string_parser_ever(text):
    for language in ("en", "fr"):
        for sort in ("relevance", "newest", "title"):
            body = es.search_body(
                query(text=text, language=language, sort=sort, filters={"theme": ["a*"]})
            )
            serialised = json.dumps(body)
            assert "query_string" not in serialised
            assert "simple_query_string" not in serialised


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_lands_only_in_multi_match_queries(text):
    search_query = query(text=text)
    body = es.search_body(search_query)
    typed = set(search_query.words) | {word for phrase in search_query.phrases for word in phrase}
    if not typed:  # punctuation only: no text query at all, just browsing
        assert multi_match_queries(body) == []
        assert "must" not in body["query"]["bool"]
    for string, is_query in strings(body):
        if not is_query:
            assert not any(word in string for word in typed if len(word) > 2), string
    for clause in multi_match_queries(body):
        # Words only: the characters of search syntaxes never get through.
        assert re.fullmatch(r"[^\W_]+( [^\W_]+)*", clause["query"]), clause["query"][:80]
        assert set(clause) <= {"query", "fields", "operator", "type"}


def test_hostile_text_keeps_its_words():
    body = es.search_body(query(text=HOSTILE[0] + " " + HOSTILE[1]))
    first_terms = [
        clause["multi_match"]["query"].split()[0] for clause in body["query"]["bool"]["must"]
    ]
    assert first_terms == [
        "zebra", "yak", "unclos", "wombat", "secret", "quokka", "ibex", "okapi", "eland",
        "script",
    ]  # fmt: skip


def test_no_hits_past_the_result_window():
    body = es.search_body(query(text="aide", page=1001, per_page=10))
    assert (body["from_"], body["size"]) == (0, 0)
    body = es.search_body(query(text="aide", page=1000, per_page=10))
    assert (body["from_"], body["size"]) == (9990, 10)


# Responses ------------------------------------------------------------------------


def buckets(*pairs, other=0):
    return {
        "doc_count": sum(count for _key, count in pairs),
        "values": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": other,
            "buckets": [{"key": key, "doc_count": count} for key, count in pairs],
        },
    }


def canned_response(theme_other=0):
    """Shaped like Elasticsearch's documented search response."""
    return {
        "took": 7,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": 23, "relation": "eq"},
            "max_score": 4.25,
            "hits": [
                {
                    "_index": "practices-20250101120000000000",
                    "_id": "42",
                    "_score": 4.25,
                    "_source": {key: document()[key] for key in es.HIT_FIELDS},
                    "sort": [4.25, 1709285400000, 42],
                },
                {
                    "_index": "practices-20250101120000000000",
                    "_id": "7",
                    "_score": 1.5,
                    "_source": {
                        "id": 7,
                        "translation_key": "7c1e",
                        "title": "Home support",
                        "url": "/en/practices/home-support/",
                        "language": "en",
                        "summary": "Visits & <care>",
                        "body": "Home support workers visit.",
                        "country": ["be", "nl"],
                        "theme": [],
                        "start_year": None,
                        "end_year": None,
                        "first_published_at": None,
                    },
                    "sort": [1.5, -9223372036854775808, 7],
                },
            ],
        },
        "aggregations": {
            "theme": buckets(("ageing", 15), ("child-protection", 8), other=theme_other),
            "country": buckets(("fr", 12), ("be", 11)),
            "target_group": buckets(("older-people", 9)),
            "profession": buckets(),
            "practice_type": buckets(("service", 23)),
            "language": buckets(("en", 20), ("fr", 13)),
            "project": buckets((3, 4)),
        },
    }


def test_parse_response():
    search_query = query(text="suivi méthode", language="fr")
    result, cut = es.parse_response(canned_response(), search_query)
    assert cut == []
    assert isinstance(result, EngineResult)
    assert result.total == 23
    first, second = result.hits
    assert first == Hit(
        page_id=42,
        translation_key="0b6f2f4e-95b5-4c44-8f0f-6c1d1f9b0e11",
        title="Aide à domicile pour les personnes âgées",
        url="/fr/pratiques/aide-a-domicile/",
        language="fr",
        summary="Des visites <régulières> & un suivi.",
        # Made by search.highlights, as on the database engine.
        snippet="Des visites &lt;régulières&gt; &amp; un <mark>suivi</mark>.",
        countries=["fr"],
        themes=["ageing"],
        start_year=2015,
        end_year=None,
        first_published_at=datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC),
        score=4.25,
    )
    assert first.snippet == highlights.snippet(
        document()["summary"], document()["body"], search_query.terms, "fr"
    )
    assert isinstance(first.snippet, SafeString)
    assert first.first_published_at.tzinfo is not None
    # Nothing matches in its text: the summary, escaped.
    assert second.snippet == "Visits &amp; &lt;care&gt;"
    assert isinstance(second.snippet, SafeString)
    assert second.first_published_at is None
    assert second.countries == ["be", "nl"]
    assert result.counts == {
        "theme": {"ageing": 15, "child-protection": 8},
        "country": {"fr": 12, "be": 11},
        "target_group": {"older-people": 9},
        "profession": {},
        "practice_type": {"service": 23},
        "language": {"en": 20, "fr": 13},
        "project": {"3": 4},
    }


def test_snippets_mark_the_body_where_the_summary_has_no_match():
    result, _cut = es.parse_response(canned_response(), query(text="workers"))
    assert result.hits[1].snippet == "Home support <mark>workers</mark> visit."


def test_naive_dates_become_aware():
    response = canned_response()
    response["hits"]["hits"][0]["_source"]["first_published_at"] = "2024-03-01T10:30:00"
    hit = es.parse_response(response, query())[0].hits[0]
    assert hit.first_published_at.tzinfo is not None


def test_facets_with_values_left_out_are_named():
    result, cut = es.parse_response(canned_response(theme_other=3), query())
    assert result.counts["theme"] == {"ageing": 15, "child-protection": 8}
    assert cut == ["theme"]


# The engine: searching ------------------------------------------------------------


@pytest.mark.parametrize("meta", [None, {}, {"layout": 1}])
def test_an_index_of_an_earlier_layout_is_refused_until_a_rebuild(
    site_languages, bulk, meta, caplog
):
    """It would answer wrongly: its fields are not those searched."""
    client = mock_client()
    old_mapping = {"dynamic": "strict", "properties": {"title_fr": {"type": "text"}}}
    if meta is not None:
        old_mapping["_meta"] = meta
    client.indices.get_mapping.return_value = {"practices-2024": {"mappings": old_mapping}}
    client.indices.exists_alias.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with caplog.at_level(logging.ERROR, logger="search"), pytest.raises(es.OutdatedIndex) as error:
        engine.search(query(text="aide"))
    assert "rebuild_search_index" in str(error.value)
    assert caplog.records[0].getMessage() == str(error.value)
    client.search.assert_not_called()
    with pytest.raises(es.OutdatedIndex):
        engine.replace_practice("0b6f", [document()])
    bulk.assert_not_called()
    # A rebuild makes an index of this layout; searches go on without asking again.
    client.indices.get_alias.return_value = {"practices-2024": {"aliases": {"practices": {}}}}
    engine.rebuild(batches())
    client.search.return_value = canned_response()
    assert engine.search(query(text="aide")).total == 23
    assert client.indices.get_mapping.call_count == 2


def test_the_layout_is_asked_once(site_languages):
    client = mock_client()
    client.search.return_value = canned_response()
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    engine.search(query(text="aide"))
    engine.search(query(text="suivi"))
    client.indices.get_mapping.assert_called_once_with(index="practices")
    assert client.search.call_count == 2


def test_search_is_one_request(site_languages):
    client = mock_client()
    client.search.return_value = canned_response()
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    search_query = query(text="suivi", language="fr", filters={"country": ["fr"]})
    result = engine.search(search_query)
    client.search.assert_called_once_with(index="practices", **es.search_body(search_query))
    assert result.total == 23
    assert [hit.page_id for hit in result.hits] == [42, 7]


def test_the_real_client_sends_the_expected_json(site_languages):
    """The keyword arguments become the documented request body."""
    client = Elasticsearch("http://localhost:9200")
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    response = ObjectApiResponse(body=canned_response(), meta=response_meta(200))
    mapping = ObjectApiResponse(
        body={"practices-initial": {"mappings": es.index_body()["mappings"]}},
        meta=response_meta(200),
    )

    def answer(method, path, **kwargs):
        return mapping if path == "/practices/_mapping" else response

    with mock.patch.object(client, "perform_request", side_effect=answer) as sent:
        result = engine.search(query(text="suivi", language="fr", page=2))
    assert result.total == 23
    method, path = sent.call_args.args
    assert (method, path) == ("POST", "/practices/_search")
    body = sent.call_args.kwargs["body"]
    assert body["_source"] == {"includes": es.HIT_FIELDS}
    assert body["from"] == 10
    assert body["size"] == 10
    assert body["track_total_hits"] is True
    assert set(body) == {
        "query", "aggs", "sort", "from", "size", "track_total_hits", "_source",
    }  # fmt: skip
    assert sent.call_args.kwargs["params"] == {}


def composite_page(first, count, after=True):
    values = {
        "buckets": [
            {"key": {"value": str(number)}, "doc_count": 1}
            for number in range(first, first + count)
        ]
    }
    if after:
        values["after_key"] = {"value": str(first + count - 1)}
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": 1003, "relation": "eq"}, "hits": []},
        "aggregations": {"values": values},
    }


def test_a_facet_with_more_values_than_a_search_returns_is_counted_in_full(site_languages):
    """Erasmus+ projects beyond the first thousand still show their counts (defect 6)."""
    response = canned_response()
    response["aggregations"]["project"] = buckets((3, 4), other=1002)
    client = mock_client()
    client.search.side_effect = [
        response,
        composite_page(0, es.FACET_SIZE),
        composite_page(es.FACET_SIZE, 3),
    ]
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    search_query = query(text="aide", filters={"project": ["1001"], "country": ["fr"]})
    result = engine.search(search_query)
    assert len(result.counts["project"]) == 1003
    assert result.counts["project"]["1001"] == 1
    assert result.counts["theme"] == {"ageing": 15, "child-protection": 8}
    pages = [call.kwargs for call in client.search.call_args_list[1:]]
    assert pages == [
        {"index": "practices", **es.remaining_counts_body(search_query, "project")},
        {
            "index": "practices",
            **es.remaining_counts_body(search_query, "project", {"value": "999"}),
        },
    ]
    # Counted under the other facets' filters, not its own.
    assert pages[0]["query"]["bool"]["filter"][1] == {
        "bool": {"filter": [{"terms": {"country": ["fr"]}}]}
    }
    assert pages[0]["size"] == 0


@pytest.mark.parametrize(
    "error",
    [
        ConnectionError("Connection refused"),
        ConnectionTimeout("Connection timed out"),
        api_error(503),
    ],
)
def test_search_errors_become_search_unavailable(site_languages, error, caplog):
    client = mock_client()
    client.search.side_effect = error
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with caplog.at_level(logging.ERROR, logger="search"), pytest.raises(SearchUnavailable):
        engine.search(query(text="aide"))
    assert caplog.records[0].name == "search"
    assert caplog.records[0].levelname == "ERROR"


def test_count(site_languages):
    client = mock_client()
    client.search.return_value = {
        "hits": {"total": {"value": 30, "relation": "eq"}, "hits": []},
        "aggregations": {
            "languages": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "en", "doc_count": 20}, {"key": "fr", "doc_count": 10}],
            }
        },
    }
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    assert engine.count() == {"en": 20, "fr": 10}
    client.search.assert_called_once_with(
        index="practices",
        size=0,
        aggs={"languages": {"terms": {"field": "language", "size": es.FACET_SIZE}}},
    )


def test_count_unavailable(site_languages):
    client = mock_client()
    client.search.side_effect = ConnectionTimeout("timed out")
    with pytest.raises(SearchUnavailable):
        es.ElasticsearchEngine(config=CONFIG, client=client).count()


# The engine: indexing -------------------------------------------------------------


@pytest.fixture
def bulk():
    with mock.patch.object(es.helpers, "bulk", return_value=(1, [])) as patched:
        yield patched


def test_replace_practice(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    french, english = document(), document(id=43, language="en", visible_in=["en"])
    engine.replace_practice(french["translation_key"], [french, english])

    client.indices.create.assert_not_called()
    bulk.assert_called_once_with(
        client,
        [es.index_action(french, "practices"), es.index_action(english, "practices")],
        refresh="wait_for",
        require_alias=True,
        max_retries=2,
        initial_backoff=0.5,
        max_backoff=1,
    )
    client.delete_by_query.assert_called_once_with(
        index="practices",
        query={
            "bool": {
                "filter": [{"term": {"translation_key": french["translation_key"]}}],
                "must_not": [{"ids": {"values": ["42", "43"]}}],
            }
        },
        refresh=True,
        conflicts="proceed",
    )


def test_replace_practice_with_no_documents_removes_it(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    engine.replace_practice("0b6f", [])
    bulk.assert_not_called()
    client.delete_by_query.assert_called_once_with(
        index="practices",
        query={"bool": {"filter": [{"term": {"translation_key": "0b6f"}}]}},
        refresh=True,
        conflicts="proceed",
    )


def test_replace_practice_unavailable(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    bulk.side_effect = BulkIndexError("1 document(s) failed to index.", [{"index": {}}])
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.replace_practice("0b6f", [document()])
    client.delete_by_query.assert_not_called()


def test_ensure_index_on_an_empty_cluster(site_languages):
    client = mock_client()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = False
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    assert engine.ensure_index() is True
    client.indices.create.assert_called_once_with(
        index="practices-initial", aliases={"practices": {}}, **es.index_body()
    )


def test_ensure_index_keeps_what_exists(site_languages):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    assert engine.ensure_index() is False
    client.indices.create.assert_not_called()


def test_ensure_index_refuses_an_index_named_like_the_alias(site_languages, caplog):
    client = mock_client()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with caplog.at_level(logging.ERROR, logger="search"), pytest.raises(es.AliasTaken) as error:
        engine.ensure_index()
    assert "index named 'practices'" in str(error.value)
    assert "rebuild_search_index" in str(error.value)
    assert isinstance(error.value, SearchUnavailable)  # the update is queued for a retry
    assert caplog.records[0].getMessage() == str(error.value)
    client.indices.create.assert_not_called()


def already_exists():
    return ApiError(
        "resource_already_exists_exception",
        meta=response_meta(400),
        body={"error": {"type": "resource_already_exists_exception"}, "status": 400},
    )


def test_two_first_uses_at_once_make_one_index(site_languages):
    """The other worker created the first index between our check and our create."""
    client = mock_client()
    client.indices.exists_alias.side_effect = [False, True]
    client.indices.exists.return_value = False
    client.indices.create.side_effect = already_exists()
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    assert engine.ensure_index() is False
    client.indices.create.assert_called_once()


def test_first_index_taken_without_the_alias_is_an_error(site_languages):
    client = mock_client()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = False
    client.indices.create.side_effect = already_exists()
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.ensure_index()


def batches():
    yield [document(id=1, language="en"), document(id=2, language="fr")]
    yield [document(id=3, language="fr")]


def test_rebuild_swaps_the_alias_atomically(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {
        "practices-20240101000000000000": {"aliases": {"practices": {}}}
    }
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    progress = mock.Mock()

    stats = engine.rebuild(batches(), progress=progress)

    assert stats == {"documents": 3, "languages": {"en": 1, "fr": 2}}
    assert progress.call_args_list == [mock.call(2), mock.call(1)]
    client.options.assert_called_once_with(request_timeout=es.REBUILD_TIMEOUT)
    create = client.indices.create.call_args.kwargs
    new = create.pop("index")
    assert re.fullmatch(r"practices-\d{20}", new)
    assert create == es.index_body()
    assert [call.args for call in bulk.call_args_list] == [
        (client, [es.index_action(document(id=1, language="en"), new),
                  es.index_action(document(id=2, language="fr"), new)]),
        (client, [es.index_action(document(id=3, language="fr"), new)]),
    ]  # fmt: skip
    for call in bulk.call_args_list:  # 429s are retried, after 2, 4, 8, 16 and 32 s
        assert call.kwargs == {"max_retries": 5, "initial_backoff": 2, "max_backoff": 60}
    client.indices.refresh.assert_called_once_with(index=new)
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": "practices-20240101000000000000", "alias": "practices"}},
            {"add": {"index": new, "alias": "practices"}},
        ]
    )
    client.indices.delete.assert_called_once_with(
        index=["practices-20240101000000000000"], ignore_unavailable=True
    )
    # The old index goes only once the alias has left it.
    names = [name for name, _args, _kwargs in client.indices.mock_calls]
    assert names.index("update_aliases") < names.index("delete")
    assert names.index("refresh") < names.index("update_aliases")


def test_first_rebuild_adds_the_alias(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = False
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    engine.rebuild(batches())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_called_once_with(
        actions=[{"add": {"index": new, "alias": "practices"}}]
    )
    client.indices.delete.assert_not_called()


def test_rebuild_replaces_an_index_named_like_the_alias(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = True
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    engine.rebuild(batches())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove_index": {"index": "practices"}},
            {"add": {"index": new, "alias": "practices"}},
        ]
    )


@pytest.mark.parametrize(
    "error",
    [
        ConnectionTimeout("timed out"),
        BulkIndexError("1 document(s) failed to index.", [{"index": {"status": 400}}]),
        api_error(400),
    ],
)
def test_failed_rebuild_keeps_the_old_index(site_languages, bulk, error):
    client = mock_client()
    bulk.side_effect = [(2, []), error]
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.rebuild(batches())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_not_called()
    client.indices.delete.assert_called_once_with(index=[new], ignore_unavailable=True)


def test_rebuild_failing_while_reading_documents(site_languages, bulk):
    def failing():
        yield [document(id=1)]
        raise RuntimeError("database gone")

    client = mock_client()
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(RuntimeError, match="database gone"):
        engine.rebuild(failing())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_not_called()
    client.indices.delete.assert_called_once_with(index=[new], ignore_unavailable=True)


def test_rebuild_that_cannot_create_its_index(site_languages, bulk):
    client = mock_client()
    client.indices.create.side_effect = api_error(400)
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.rebuild(batches())
    bulk.assert_not_called()
    client.indices.delete.assert_not_called()


def test_swap_that_times_out_after_happening_keeps_the_new_index(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.return_value = True  # before, and after the swap
    client.indices.get_alias.return_value = {"practices-1": {"aliases": {"practices": {}}}}
    client.indices.update_aliases.side_effect = ConnectionTimeout("timed out")
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.rebuild(batches())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.exists_alias.assert_called_with(name="practices", index=new)
    client.indices.delete.assert_not_called()


def test_swap_that_failed_deletes_the_new_index(site_languages, bulk):
    client = mock_client()
    client.indices.exists_alias.side_effect = [True, False]
    client.indices.get_alias.return_value = {"practices-1": {"aliases": {"practices": {}}}}
    client.indices.update_aliases.side_effect = api_error(400)
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with pytest.raises(SearchUnavailable):
        engine.rebuild(batches())
    new = client.indices.create.call_args.kwargs["index"]
    client.indices.delete.assert_called_once_with(index=[new], ignore_unavailable=True)


def test_failing_to_delete_the_old_index_is_only_logged(site_languages, bulk, caplog):
    client = mock_client()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {"practices-1": {"aliases": {"practices": {}}}}
    client.indices.delete.side_effect = ConnectionTimeout("timed out")
    engine = es.ElasticsearchEngine(config=CONFIG, client=client)
    with caplog.at_level(logging.WARNING, logger="search"):
        stats = engine.rebuild(batches())
    assert stats["documents"] == 3
    assert "practices-1" in caplog.records[-1].getMessage()


# The client -----------------------------------------------------------------------


def built_with(config):
    with mock.patch.object(es, "Elasticsearch") as client_class:
        engine = es.ElasticsearchEngine(config=config)
        client_class.assert_not_called()  # built on first use only
        assert engine.client is client_class.return_value
        assert engine.client is client_class.return_value
    client_class.assert_called_once()
    return client_class.call_args


def test_client_with_an_api_key():
    call = built_with({**CONFIG, "api_key": "c2VjcmV0"})
    assert call.args == ("https://search.example.org:9200",)
    assert call.kwargs == {
        "api_key": "c2VjcmV0",
        "verify_certs": True,
        "request_timeout": 3.0,
        "max_retries": 1,
        "retry_on_timeout": False,
    }


def test_client_with_basic_auth_and_a_ca():
    call = built_with(
        {
            **CONFIG,
            "username": "site",
            "password": "pw",
            "ca_certs": "/etc/ssl/es-ca.pem",
            "verify_certs": False,
            "timeout": 5.0,
        }
    )
    assert call.kwargs == {
        "basic_auth": ("site", "pw"),
        "ca_certs": "/etc/ssl/es-ca.pem",
        "verify_certs": False,
        "request_timeout": 5.0,
        "max_retries": 1,
        "retry_on_timeout": False,
    }


def test_client_prefers_the_api_key_to_a_password():
    call = built_with({**CONFIG, "api_key": "c2VjcmV0", "username": "site", "password": "pw"})
    assert call.kwargs["api_key"] == "c2VjcmV0"
    assert "basic_auth" not in call.kwargs


def test_client_without_credentials():
    call = built_with(CONFIG)
    assert "api_key" not in call.kwargs
    assert "basic_auth" not in call.kwargs
    assert "ca_certs" not in call.kwargs


def test_config_defaults_to_the_settings(settings):
    settings.ELASTICSEARCH = {**CONFIG, "index": "practices-staging"}
    engine = es.ElasticsearchEngine()
    assert engine.alias == "practices-staging"
    assert engine.name == "elasticsearch"
