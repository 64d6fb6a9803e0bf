"""The Elasticsearch engine (production): one index behind an alias, searched in one round trip.

It indexes and matches the terms of search.analysis, as the database engine does, and analyses
no text itself. Request bodies are built by pure functions (`index_body`, `to_source`,
`search_body`, `parse_response`); docs/search.md explains the alias, the terms and the facets.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError, helpers
from elasticsearch import ConnectionError as ClientConnectionError
from elasticsearch.helpers import BulkIndexError

from search import analysis
from search.engines.base import SearchEngine, SearchUnavailable
from search.index_entries import facet_field
from search.query import FACETS
from search.results import EngineResult, stored_hit

logger = logging.getLogger("search")

# What the client can raise when the cluster cannot answer: HTTP errors
# (ApiError), network failures and timeouts (TransportError is the base of
# ConnectionError, ConnectionTimeout, SSLError and SerializationError), and
# documents refused in a bulk request (BulkIndexError).
ERRORS = (ApiError, ClientConnectionError, ConnectionTimeout, TransportError, BulkIndexError)
# What reading a well-formed response of the wrong shape raises.
UNEXPECTED = (KeyError, TypeError, AttributeError)

# A terms aggregation returns 10 buckets unless told otherwise: ask for more
# values than a facet usually has; a facet with more (the projects, one day)
# is then counted in full with a composite aggregation, page after page.
FACET_SIZE = 1000
# Title matches weigh this much more than matches elsewhere in the text (as
# on the database engine: bm25 weights on SQLite, ts_rank weights on PostgreSQL).
TITLE_BOOST = 10
# Elasticsearch refuses to page beyond `index.max_result_window` hits.
MAX_RESULT_WINDOW = 10_000
# Rebuilding sends large bulk requests: allow them more than a search.
REBUILD_TIMEOUT = 60
# A bulk request refused with 429 (the cluster is busy) is sent again after
# a pause that doubles each time: (retries, first pause, longest pause) in
# seconds. An update made while an editor publishes waits little: a practice
# that still fails is queued for sync_search_index.
REBUILD_RETRIES = (5, 2, 60)
UPDATE_RETRIES = (2, 0.5, 1)
# The first index behind the alias has a fixed name, so that two workers
# creating it at once create one index (the second is refused and uses it).
FIRST_INDEX_SUFFIX = "initial"

# The layout of the index (its mapping and what its fields hold), kept in the
# mapping's `_meta`: an index built by an earlier layout would answer wrongly
# (its fields are not those searched), so the engine refuses it until a rebuild.
INDEX_LAYOUT = 2

# The fields of a document's terms (search.analysis.index_terms), split on
# spaces only: the terms are ready-made, so Elasticsearch's built-in
# `whitespace` analyzer (no lowercasing, no stemming) indexes them as they are.
TERM_FIELDS = {"title_terms": TITLE_BOOST, "body_terms": 1}
TERMS_ANALYZER = "whitespace"

# What a result needs: the only fields a search fetches from `_source`. The
# snippet is cut from the summary and body, as on the database engine.
HIT_FIELDS = [
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

SORTS = {
    "relevance": [
        {"_score": {"order": "desc"}},
        {"first_published_at": {"order": "desc"}},
        {"id": {"order": "desc"}},
    ],
    "newest": [{"first_published_at": {"order": "desc"}}, {"id": {"order": "desc"}}],
    "title": [{"title_sort": {"order": "asc"}}, {"id": {"order": "asc"}}],
}


# Index settings and mapping ---------------------------------------------------


def mappings():
    """An explicit, strict mapping: a document with an unknown field is refused."""

    def stored():  # in _source for display, never searched
        return {"type": "text", "index": False}

    properties = {
        "id": {"type": "integer"},
        "translation_key": {"type": "keyword"},
        "language": {"type": "keyword"},
        "is_original": {"type": "boolean"},
        "visible_in": {"type": "keyword"},
        "title": stored(),
        "summary": stored(),
        "body": stored(),
        "keywords": stored(),
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "start_year": {"type": "short"},
        "end_year": {"type": "short"},
        "first_published_at": {"type": "date"},
        "title_sort": {"type": "keyword"},
    }
    for facet in FACETS:
        properties[facet_field(facet)] = {"type": "keyword"}
    for field in TERM_FIELDS:
        properties[field] = {"type": "text", "analyzer": TERMS_ANALYZER}
    return {"dynamic": "strict", "_meta": {"layout": INDEX_LAYOUT}, "properties": properties}


def index_body():
    """The `settings` and `mappings` of a new index, for `indices.create`."""
    # One shard: a few thousand documents, exact scores and exact counts.
    return {"settings": {"number_of_shards": 1}, "mappings": mappings()}


def to_source(document):
    """The indexed `_source` of a document from `search.index_entries`: the
    document plus its terms, exactly those the database engine indexes."""
    source = {name: value for name, value in document.items() if name != "_terms"}
    source["title_terms"], source["body_terms"] = analysis.document_terms(document)
    return source


def index_action(document, index):
    return {"_index": index, "_id": str(document["id"]), "_source": to_source(document)}


# Search ---------------------------------------------------------------------------


def filters_query(filters):
    """A query matching every facet of `filters`, any value within one facet."""
    if not filters:
        return {"match_all": {}}
    return {
        "bool": {
            "filter": [
                {"terms": {facet_field(facet): list(values)}} for facet, values in filters.items()
            ]
        }
    }


def year_filters(query):
    """The practice's years overlap the range; practices without a start year
    are left out as soon as a bound is set."""
    if query.year_from is None and query.year_to is None:
        return []
    clauses = [{"exists": {"field": "start_year"}}]
    if query.year_to is not None:
        clauses.append({"range": {"start_year": {"lte": query.year_to}}})
    if query.year_from is not None:
        clauses.append(
            {
                "bool": {
                    "should": [
                        {"range": {"end_year": {"gte": query.year_from}}},
                        {"bool": {"must_not": [{"exists": {"field": "end_year"}}]}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return clauses


def term_fields():
    return [f"{field}^{boost}" if boost != 1 else field for field, boost in TERM_FIELDS.items()]


def text_clauses(terms):
    """One clause per query word (any of its terms, in the title or the body)
    and per phrase (its terms one after the other): a match has them all."""
    clauses = [
        {
            "multi_match": {
                "query": " ".join(group),
                "fields": term_fields(),
                "type": "most_fields",
                "operator": "or",
            }
        }
        for group in terms.groups
    ]
    clauses += [
        {"multi_match": {"query": " ".join(phrase), "fields": term_fields(), "type": "phrase"}}
        for phrase in terms.phrases
    ]
    return clauses


def main_query(query):
    """What the hits and every count share: language, years and text."""
    bool_query = {"filter": [{"term": {"visible_in": query.language}}, *year_filters(query)]}
    if query.terms:
        bool_query["must"] = text_clauses(query.terms)
    return {"bool": bool_query}


def aggregations(query):
    """For every facet, its values' counts under the filters of the others."""
    return {
        facet: {
            "filter": filters_query(query.filters_except(facet)),
            "aggs": {"values": {"terms": {"field": facet_field(facet), "size": FACET_SIZE}}},
        }
        for facet in FACETS
    }


def page(query):
    """(from, size): no hits past the result window, where Elasticsearch
    would refuse the request; the total and the counts still come back."""
    if query.offset + query.per_page > MAX_RESULT_WINDOW:
        return 0, 0
    return query.offset, query.per_page


def search_body(query):
    """The keyword arguments of `client.search` (without `index`) for `query`."""
    from_, size = page(query)
    body = {
        "query": main_query(query),
        "aggs": aggregations(query),
        "sort": SORTS[query.effective_sort],
        "from_": from_,
        "size": size,
        "track_total_hits": True,
        "source": {"includes": HIT_FIELDS},  # the client sends it as `_source`
    }
    if query.filters:
        body["post_filter"] = filters_query(query.filters)
    return body


def remaining_counts_body(query, facet, after=None):
    """The keyword arguments of `client.search` counting every value of
    `facet` (under the filters of the others), a page of values at a time."""
    composite = {
        "size": FACET_SIZE,
        "sources": [{"value": {"terms": {"field": facet_field(facet)}}}],
    }
    if after:
        composite["after"] = after
    return {
        "query": {
            "bool": {"filter": [main_query(query), filters_query(query.filters_except(facet))]}
        },
        "aggs": {"values": {"composite": composite}},
        "size": 0,
    }


def to_hit(hit, query):
    return stored_hit(hit["_source"], query, hit.get("_score"))


def facet_counts(aggs):
    """({facet: {value: count}}, facets with values left out of their counts)."""
    counts, cut = {}, []
    for facet in FACETS:
        terms = aggs.get(facet, {}).get("values", {})
        if terms.get("sum_other_doc_count", 0) > 0:
            cut.append(facet)
        buckets = terms.get("buckets", [])
        counts[facet] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    return counts, cut


def parse_response(response, query):
    """(`EngineResult`, facets to count in full) from a search response
    (as built by `search_body`)."""
    hits = response["hits"]
    counts, cut = facet_counts(response.get("aggregations") or {})
    result = EngineResult(
        hits=[to_hit(hit, query) for hit in hits["hits"]],
        total=hits["total"]["value"],
        counts=counts,
    )
    return result, cut


# The engine -----------------------------------------------------------------------


def build_client(config):
    """A client from the ELASTICSEARCH settings: API key or user and
    password, optional CA certificates, a short timeout and one retry."""
    options = {
        "verify_certs": config["verify_certs"],
        "request_timeout": config["timeout"],
        "max_retries": 1,
        "retry_on_timeout": False,
    }
    if config.get("api_key"):
        options["api_key"] = config["api_key"]
    elif config.get("username"):
        options["basic_auth"] = (config["username"], config.get("password", ""))
    if config.get("ca_certs"):
        options["ca_certs"] = config["ca_certs"]
    return Elasticsearch(config["url"], **options)


class AliasTaken(SearchUnavailable):
    """A concrete index has the alias's name, so updates cannot go through the alias."""

    def __init__(self, alias):
        super().__init__(
            f"Elasticsearch has an index named {alias!r}, the name of the search alias: "
            "updates cannot reach it. Run `manage.py rebuild_search_index`, which replaces "
            "that index with a new one behind the alias."
        )


class OutdatedIndex(SearchUnavailable):
    """The index behind the alias was built with an earlier layout."""

    def __init__(self, found):
        super().__init__(
            f"The Elasticsearch index was built by an earlier version of the site (layout "
            f"{found or 1}; this version needs {INDEX_LAYOUT}). Run `manage.py "
            "rebuild_search_index`; until then searches are answered by the database."
        )


@contextmanager
def unavailable(action):
    """Turn the client's errors into `SearchUnavailable`, with a log line."""
    try:
        yield
    except ERRORS as error:
        logger.error("Elasticsearch %s failed: %s", action, error)
        raise SearchUnavailable(f"Elasticsearch {action} failed: {error}") from error
    except UNEXPECTED as error:
        # Valid JSON, but not the answer asked for (a proxy's reply, a cluster
        # in a bad state): the helpers fail reading it.
        logger.error("Elasticsearch %s returned an unexpected response: %r", action, error)
        raise SearchUnavailable(f"Elasticsearch {action}: unexpected response {error!r}") from error


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, config=None, client=None):
        self.config = config if config is not None else settings.ELASTICSEARCH
        self.alias = self.config["index"]
        self._client = client
        self._layout_checked = False

    @property
    def client(self):
        if self._client is None:
            self._client = build_client(self.config)
        return self._client

    def new_index_name(self):
        return f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"

    # Searching ----------------------------------------------------------------

    def check_layout(self):
        """Refuse an index of an earlier layout (`OutdatedIndex`): asked once
        per process, then after each rebuild."""
        if self._layout_checked:
            return
        with unavailable("search"):
            response = self.client.indices.get_mapping(index=self.alias)
            layouts = {
                ((body.get("mappings") or {}).get("_meta") or {}).get("layout")
                for body in response.values()
            }
        if layouts != {INDEX_LAYOUT}:
            error = OutdatedIndex(", ".join(sorted(str(layout) for layout in layouts if layout)))
            logger.error("%s", error)
            raise error
        self._layout_checked = True

    def search(self, query):
        self.check_layout()
        with unavailable("search"):
            response = self.client.search(index=self.alias, **search_body(query))
        with unavailable("search"):
            result, cut = parse_response(response, query)
        for facet in cut:
            result.counts[facet] = self.all_counts(query, facet)
        return result

    def all_counts(self, query, facet):
        """Every value's count of a facet with more values than a search
        returns, read page after page with a composite aggregation."""
        counts, after = {}, None
        while True:
            with unavailable("search"):
                response = self.client.search(
                    index=self.alias, **remaining_counts_body(query, facet, after)
                )
            with unavailable("search"):
                values = response["aggregations"]["values"]
                for bucket in values["buckets"]:
                    counts[str(bucket["key"]["value"])] = bucket["doc_count"]
                after = values.get("after_key")
            if not after or len(values["buckets"]) < FACET_SIZE:
                return counts

    def count(self):
        with unavailable("count"):
            response = self.client.search(
                index=self.alias,
                size=0,
                aggs={"languages": {"terms": {"field": "language", "size": FACET_SIZE}}},
            )
        with unavailable("count"):
            buckets = response["aggregations"]["languages"]["buckets"]
            return {bucket["key"]: bucket["doc_count"] for bucket in buckets}

    # Indexing -----------------------------------------------------------------

    def ensure_index(self):
        """Create a first index behind the alias if there is none (an empty
        cluster), so that updates never auto-create an unmapped index.
        Returns True if it created one.

        The first index has a fixed name: when two workers create it at
        once, the second is refused and finds the alias the first made. A
        concrete index named like the alias is refused with a clear message
        (updates through the alias would fail); a rebuild replaces it.
        """
        with unavailable("index creation"):
            if self.client.indices.exists_alias(name=self.alias):
                return False
            if self.client.indices.exists(index=self.alias):
                error = AliasTaken(self.alias)
                logger.error("%s", error)
                raise error
            try:
                self.client.indices.create(
                    index=f"{self.alias}-{FIRST_INDEX_SUFFIX}",
                    aliases={self.alias: {}},
                    **index_body(),
                )
                self._layout_checked = True
            except ApiError as error:
                if error.error != "resource_already_exists_exception":
                    raise
                if not self.client.indices.exists_alias(name=self.alias):
                    raise
                return False
            return True

    def replace_practice(self, translation_key, documents):
        """Index the practice's documents, then delete its other documents
        (versions no longer live): the practice never disappears meanwhile."""
        retries, backoff, longest = UPDATE_RETRIES
        with unavailable("update"):
            self.ensure_index()
        self.check_layout()
        with unavailable("update"):
            if documents:
                helpers.bulk(
                    self.client,
                    [index_action(document, self.alias) for document in documents],
                    refresh="wait_for",
                    require_alias=True,
                    max_retries=retries,
                    initial_backoff=backoff,
                    max_backoff=longest,
                )
            stale = {"bool": {"filter": [{"term": {"translation_key": str(translation_key)}}]}}
            if documents:
                stale["bool"]["must_not"] = [
                    {"ids": {"values": [str(document["id"]) for document in documents]}}
                ]
            self.client.delete_by_query(
                index=self.alias, query=stale, refresh=True, conflicts="proceed"
            )

    def rebuild(self, batches, progress=None):
        """Fill a new index, then swap the alias to it atomically.

        If anything fails before the swap, the new index is deleted and the
        old one keeps serving. Returns {"documents": n, "languages": {code: n}}.
        """
        client = self.client.options(request_timeout=max(self.config["timeout"], REBUILD_TIMEOUT))
        new = self.new_index_name()
        with unavailable("rebuild"):
            client.indices.create(index=new, **index_body())
        swapping = False
        try:
            with unavailable("rebuild"):
                stats = self._fill(client, new, batches, progress)
                client.indices.refresh(index=new)
                old, actions = self._alias_actions(client, new)
                swapping = True
                client.indices.update_aliases(actions=actions)
        except BaseException:
            # A swap that timed out may still have happened: never delete
            # the index the alias may now point at.
            if not swapping or not self._serves(client, new):
                self._delete_quietly(client, [new])
            raise
        self._layout_checked = True
        self._delete_quietly(client, old)
        return stats

    def _fill(self, client, index, batches, progress):
        retries, backoff, longest = REBUILD_RETRIES
        stats = {"documents": 0, "languages": {}}
        for batch in batches:
            helpers.bulk(
                client,
                [index_action(document, index) for document in batch],
                max_retries=retries,
                initial_backoff=backoff,
                max_backoff=longest,
            )
            for document in batch:
                language = document["language"]
                stats["languages"][language] = stats["languages"].get(language, 0) + 1
            stats["documents"] += len(batch)
            if progress:
                progress(len(batch))
        return stats

    def _alias_actions(self, client, new):
        """(old indexes, actions): the `update_aliases` actions that point the
        alias at `new` alone, and the indexes it pointed at before."""
        old, actions = [], []
        if client.indices.exists_alias(name=self.alias):
            old = sorted(client.indices.get_alias(name=self.alias))
            actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        elif client.indices.exists(index=self.alias):
            # A concrete index where the alias should be (created by hand, or
            # auto-created by a write): deleted in the same atomic request.
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": new, "alias": self.alias}})
        return old, actions

    def _serves(self, client, index):
        """Whether the alias points at `index`; True when that is unknown."""
        try:
            return bool(client.indices.exists_alias(name=self.alias, index=index))
        except ERRORS:
            return True

    def _delete_quietly(self, client, indexes):
        """Delete indexes where failing only leaves some disk space used."""
        if not indexes:
            return
        try:
            client.indices.delete(index=indexes, ignore_unavailable=True)
        except ERRORS as error:
            logger.warning("Could not delete the indexes %s: %s", ", ".join(indexes), error)
