"""The Elasticsearch engine (production): one index behind an alias, searched in one round trip.

Request bodies are built by pure functions (`index_body`, `to_source`, `search_body`,
`parse_response`); docs/search.md explains the alias swap, per-language analyzers and facets.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError, helpers
from elasticsearch import ConnectionError as ClientConnectionError
from elasticsearch.helpers import BulkIndexError

from search.engines.base import SearchEngine, SearchUnavailable
from search.index_entries import facet_field, site_languages
from search.query import FACETS
from search.results import EngineResult, Hit

logger = logging.getLogger("search")

# What the client can raise when the cluster cannot answer: HTTP errors
# (ApiError), network failures and timeouts (TransportError is the base of
# ConnectionError, ConnectionTimeout, SSLError and SerializationError), and
# documents refused in a bulk request (BulkIndexError).
ERRORS = (ApiError, ClientConnectionError, ConnectionTimeout, TransportError, BulkIndexError)
# What reading a well-formed response of the wrong shape raises.
UNEXPECTED = (KeyError, TypeError, AttributeError)

# A terms aggregation returns 10 buckets unless told otherwise: ask for more
# values than any facet has, and warn if some are still left out.
FACET_SIZE = 1000
# Title matches weigh this much more than matches elsewhere in the text.
TITLE_BOOST = 3
# Highlighting: up to two fragments of about 160 characters; the start of the
# text when no word is found in it.
FRAGMENT_SIZE = 160
FRAGMENTS = 2
SNIPPET_SEPARATOR = " … "
# Elasticsearch refuses to page beyond `index.max_result_window` hits.
MAX_RESULT_WINDOW = 10_000
# Rebuilding sends large bulk requests: allow them more than a search.
REBUILD_TIMEOUT = 60

# What a result needs: the only fields a search fetches from `_source`.
HIT_FIELDS = [
    "id",
    "translation_key",
    "title",
    "url",
    "language",
    "summary",
    "country",
    "theme",
    "start_year",
    "end_year",
    "first_published_at",
]

# Analysis per language, as in Elasticsearch's own language analyzers
# ("Reimplementing language analyzers" in its reference), with ASCII folding
# added before the stemmer: (stop word list, stemmer).
LANGUAGE_ANALYSIS = {
    "bg": ("_bulgarian_", "bulgarian"),
    "da": ("_danish_", "danish"),
    "en": ("_english_", "english"),
    "fi": ("_finnish_", "finnish"),
    "fr": ("_french_", "light_french"),
    "it": ("_italian_", "light_italian"),
    "lt": ("_lithuanian_", "lithuanian"),
    "nl": ("_dutch_", "dutch"),
    "pt": ("_portuguese_", "light_portuguese"),
}
# The articles the french and italian analyzers strip ("l'", "dell'", …).
# fmt: off
ELISIONS = {
    "fr": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
    "it": [
        "c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl",
        "degl", "negl", "sugl", "un", "m", "t", "s", "v", "d",
    ],
}
# fmt: on
# Filters that run before lowercasing: English drops the possessive "'s" as
# its own analyzer does ("children's" is one token for the standard tokenizer).
POSSESSIVES = {"en": "possessive_english"}

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


def analyzer_name(language):
    return f"text_{language}"


def language_analysis(language):
    """(token filter definitions, analyzer) of one language.

    A language without a stemmer here (a code added to SITE_LANGUAGES later)
    gets the standard analysis with ASCII folding.
    """
    filters, chain = {}, []
    if language in POSSESSIVES:
        filters[f"possessive_{language}"] = {"type": "stemmer", "language": POSSESSIVES[language]}
        chain.append(f"possessive_{language}")
    if language in ELISIONS:
        filters[f"elision_{language}"] = {
            "type": "elision",
            "articles": ELISIONS[language],
            "articles_case": True,
        }
        chain.append(f"elision_{language}")
    chain.append("lowercase")
    if language in LANGUAGE_ANALYSIS:
        stopwords, stemmer = LANGUAGE_ANALYSIS[language]
        filters[f"stop_{language}"] = {"type": "stop", "stopwords": stopwords}
        filters[f"stemmer_{language}"] = {"type": "stemmer", "language": stemmer}
        chain += [f"stop_{language}", "asciifolding", f"stemmer_{language}"]
    else:
        chain.append("asciifolding")
    return filters, {"type": "custom", "tokenizer": "standard", "filter": chain}


def analysis(languages):
    filters, analyzers = {}, {}
    for language in languages:
        language_filters, analyzer = language_analysis(language)
        filters.update(language_filters)
        analyzers[analyzer_name(language)] = analyzer
    return {"filter": filters, "analyzer": analyzers}


def mappings(languages):
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
    for language in languages:
        analyzer = analyzer_name(language)
        properties[f"title_{language}"] = {"type": "text", "analyzer": analyzer}
        properties[f"content_{language}"] = {"type": "text", "analyzer": analyzer}
        # Offsets in the postings let the default (unified) highlighter find
        # the matches without analysing the text again, for a fraction of the
        # space term vectors would take.
        properties[f"snippet_{language}"] = {
            "type": "text",
            "analyzer": analyzer,
            "index_options": "offsets",
        }
    return {"dynamic": "strict", "properties": properties}


def index_body(languages):
    """The `settings` and `mappings` of a new index, for `indices.create`."""
    return {
        # One shard: a few thousand documents, exact scores and exact counts.
        "settings": {"number_of_shards": 1, "analysis": analysis(languages)},
        "mappings": mappings(languages),
    }


def to_source(document, languages):
    """The indexed `_source` of a document from `search.index_entries`: the
    document plus its text in the fields of its language.

    The text fields hold their parts as separate values, so that a phrase
    never runs from one part into the next; `snippet_<lang>` starts with the
    summary, which a snippet without a match shows, as on the database engine.
    """
    source = dict(document)
    language = document["language"]
    if language in languages:
        title, summary, body = document["title"], document["summary"], document["body"]
        source[f"title_{language}"] = title
        source[f"content_{language}"] = [title, summary, body, document.get("keywords", "")]
        source[f"snippet_{language}"] = [summary, body]
    return source


def index_action(document, languages, index):
    return {"_index": index, "_id": str(document["id"]), "_source": to_source(document, languages)}


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


def text_clauses(query, languages):
    """(must, should): every word and every phrase in a language's content;
    a bonus for the words found in a title."""
    fields = [f"content_{language}" for language in languages]
    must = []
    if query.words:
        must.append(
            {
                "multi_match": {
                    "query": " ".join(query.words),
                    "fields": fields,
                    "operator": "and",
                    "type": "best_fields",
                }
            }
        )
    for phrase in query.phrases:
        must.append(
            {"multi_match": {"query": " ".join(phrase), "fields": fields, "type": "phrase"}}
        )
    all_words = list(query.words) + [word for phrase in query.phrases for word in phrase]
    should = [
        {
            "multi_match": {
                "query": " ".join(all_words),
                "fields": [f"title_{language}^{TITLE_BOOST}" for language in languages],
                "type": "best_fields",
            }
        }
    ]
    return must, should


def main_query(query, text):
    """What the hits and every count share: language, years and text (the
    (must, should) of `text_clauses`, or None)."""
    bool_query = {"filter": [{"term": {"visible_in": query.language}}, *year_filters(query)]}
    if text:
        bool_query["must"], bool_query["should"] = text
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


def highlight(languages, must):
    """Snippets from the summary and body, marked with the words and phrases
    searched in the content (the same analyzer: hence `require_field_match`
    off), and only with them: not with the filters' terms."""
    return {
        "fields": {f"snippet_{language}": {} for language in languages},
        "highlight_query": {"bool": {"must": must}},
        "require_field_match": False,
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        # The text is escaped around the tags: the fragments are safe HTML.
        "encoder": "html",
        "fragment_size": FRAGMENT_SIZE,
        "number_of_fragments": FRAGMENTS,
        "no_match_size": FRAGMENT_SIZE,
    }


def page(query):
    """(from, size): no hits past the result window, where Elasticsearch
    would refuse the request; the total and the counts still come back."""
    if query.offset + query.per_page > MAX_RESULT_WINDOW:
        return 0, 0
    return query.offset, query.per_page


def search_body(query, languages):
    """The keyword arguments of `client.search` (without `index`) for `query`."""
    from_, size = page(query)
    text = text_clauses(query, languages) if query.has_text else None
    body = {
        "query": main_query(query, text),
        "aggs": aggregations(query),
        "sort": SORTS[query.effective_sort],
        "from_": from_,
        "size": size,
        "track_total_hits": True,
        "source": {"includes": HIT_FIELDS},  # the client sends it as `_source`
    }
    if query.filters:
        body["post_filter"] = filters_query(query.filters)
    if text:
        body["highlight"] = highlight(languages, must=text[0])
    return body


def snippet(hit, source):
    """The highlighted fragments, in the hit's language first; the summary,
    escaped, where there are none (a search without words)."""
    highlights = hit.get("highlight") or {}
    own = f"snippet_{source['language']}"
    for field in [own, *sorted(highlights)]:
        if field.startswith("snippet_") and highlights.get(field):
            return mark_safe(SNIPPET_SEPARATOR.join(highlights[field]))  # noqa: S308 - encoder html
    return escape(source["summary"])


def to_datetime(value):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def to_hit(hit):
    source = hit["_source"]
    return Hit(
        page_id=source["id"],
        translation_key=source["translation_key"],
        title=source["title"],
        url=source["url"],
        language=source["language"],
        summary=source["summary"],
        snippet=snippet(hit, source),
        countries=list(source.get("country") or []),
        themes=list(source.get("theme") or []),
        start_year=source.get("start_year"),
        end_year=source.get("end_year"),
        first_published_at=to_datetime(source.get("first_published_at")),
        score=hit.get("_score"),
    )


def facet_counts(aggs):
    counts = {}
    for facet in FACETS:
        terms = aggs.get(facet, {}).get("values", {})
        if terms.get("sum_other_doc_count", 0) > 0:
            logger.warning(
                "Facet %s has more than %s values: some are missing from its counts",
                facet,
                FACET_SIZE,
            )
        buckets = terms.get("buckets", [])
        counts[facet] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
    return counts


def parse_response(response, query):
    """An `EngineResult` from a search response (as built by `search_body`)."""
    hits = response["hits"]
    return EngineResult(
        hits=[to_hit(hit) for hit in hits["hits"]],
        total=hits["total"]["value"],
        counts=facet_counts(response.get("aggregations") or {}),
    )


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

    @property
    def client(self):
        if self._client is None:
            self._client = build_client(self.config)
        return self._client

    @property
    def languages(self):
        return site_languages()

    def new_index_name(self):
        return f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"

    # Searching ----------------------------------------------------------------

    def search(self, query):
        with unavailable("search"):
            response = self.client.search(index=self.alias, **search_body(query, self.languages))
        with unavailable("search"):
            return parse_response(response, query)

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
        Returns True if it created one."""
        with unavailable("index creation"):
            if self.client.indices.exists_alias(name=self.alias):
                return False
            if self.client.indices.exists(index=self.alias):
                # A concrete index with the alias's name: it serves until a rebuild.
                return False
            self.client.indices.create(
                index=self.new_index_name(),
                aliases={self.alias: {}},
                **index_body(self.languages),
            )
            return True

    def replace_practice(self, translation_key, documents):
        """Index the practice's documents, then delete its other documents
        (versions no longer live): the practice never disappears meanwhile."""
        languages = self.languages
        with unavailable("update"):
            self.ensure_index()
            if documents:
                helpers.bulk(
                    self.client,
                    [index_action(document, languages, self.alias) for document in documents],
                    refresh="wait_for",
                    require_alias=True,
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
        languages = self.languages
        client = self.client.options(request_timeout=max(self.config["timeout"], REBUILD_TIMEOUT))
        new = self.new_index_name()
        with unavailable("rebuild"):
            client.indices.create(index=new, **index_body(languages))
        swapping = False
        try:
            with unavailable("rebuild"):
                stats = self._fill(client, new, batches, languages, progress)
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
        self._delete_quietly(client, old)
        return stats

    def _fill(self, client, index, batches, languages, progress):
        stats = {"documents": 0, "languages": {}}
        for batch in batches:
            helpers.bulk(client, [index_action(document, languages, index) for document in batch])
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
