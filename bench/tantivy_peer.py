"""The Tantivy peer: an embedded search library answering the bench's query mix on the same corpus.

Built from the corpus itself (search.index_entries, terms of search.analysis, no analysis of its
own); `check_same` proves its totals and facet counts are the service's (docs/benchmarks.md).
"""

import datetime
import time
from dataclasses import dataclass

import tantivy

from search import analysis, index_entries
from search.forms import parse_search
from search.index_entries import facet_field
from search.labels import facet_labels
from search.query import FACETS

# The weight of a title term against a body term, as on the database engine.
TITLE_BOOST = 10.0
# More than any facet's number of values: every value is counted.
FACET_SIZE = 100_000
# end_year of a practice still running: after every year a visitor may ask for.
OPEN_END = 10_000
# first_published_at of a practice never published: after every other, newest first.
NEVER = -(2**62)
WRITER_HEAP = 256_000_000
# What the results say of the library measured (e.g. "tantivy v0.27.0, index_format v7").
VERSION = tantivy.__version__


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for field in ("title_terms", "body_terms"):
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("visible_in", tokenizer_name="raw", index_option="basic", fast=True)
    for facet in FACETS:
        builder.add_text_field(
            f"facet_{facet}", tokenizer_name="raw", index_option="basic", fast=True
        )
    # Every facet value as "facet:value": the facets without a selection are counted in
    # one pass over this field, twice as fast as a terms aggregation per facet.
    builder.add_text_field("facets", tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_integer_field("start_year", indexed=True, fast=True)
    builder.add_integer_field("end_year", indexed=True, fast=True)
    builder.add_integer_field("published", fast=True)
    builder.add_text_field("title_sort", tokenizer_name="raw", fast=True)
    return builder.build()


def _published(value):
    """Microseconds since the epoch of an ISO 8601 timestamp, NEVER for None."""
    if not value:
        return NEVER
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1_000_000)


def _document(document):
    """The Tantivy document of a search document, with the service's own terms."""
    language = document["language"]
    found = tantivy.Document()
    found.add_unsigned("id", document["id"])
    found.add_text("title_terms", analysis.index_terms(document["title"], language))
    found.add_text(
        "body_terms",
        analysis.index_terms(
            f"{document['summary']} {document['body']} {document['keywords']}", language
        ),
    )
    for visitor_language in document["visible_in"]:
        found.add_text("visible_in", visitor_language)
    for facet in FACETS:
        for value in document[facet_field(facet)]:
            found.add_text(f"facet_{facet}", value)
            found.add_text("facets", f"{facet}:{value}")
    if document["start_year"] is not None:
        found.add_integer("start_year", document["start_year"])
    end_year = document["end_year"]
    found.add_integer("end_year", OPEN_END if end_year is None else end_year)
    found.add_integer("published", _published(document["first_published_at"]))
    found.add_text("title_sort", document["title_sort"][:255])
    return found


@dataclass
class Peer:
    """An in-memory Tantivy index of every search document, and how long it took to build."""

    index: tantivy.Index
    searcher: tantivy.Searcher
    documents: int
    build_seconds: float

    @property
    def schema(self):
        return self.index.schema


def build(batch_size=500):
    """A `Peer` holding the documents of search.index_entries, read from the database."""
    started = time.perf_counter()
    index = tantivy.Index(_schema())
    writer = index.writer(WRITER_HEAP, 1)
    documents = 0
    for batch in index_entries.batches(batch_size):
        for document in batch:
            writer.add_document(_document(document))
        documents += len(batch)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return Peer(index, index.searcher(), documents, time.perf_counter() - started)


def prepare(bench_query, language, per_page):
    """What the clock does not count, as for the service's peers: the `SearchQuery`
    read from the query's parameters, with its analysed terms."""
    query, _notices = parse_search(
        bench_query.querydict(), language, facet_labels(language), per_page=per_page
    )
    query.terms  # noqa: B018 (analysed once, before the clock)
    return query


# Searching ---------------------------------------------------------------------


def _term(schema, field, value):
    return tantivy.Query.term_query(schema, field, value)


def _any_of(queries):
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def _all_of(queries):
    if not queries:
        return tantivy.Query.all_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])


def _in_title_or_body(schema, make):
    """`make(field)` in the title (boosted as on the database engine) or the body."""
    return _any_of(
        [tantivy.Query.boost_query(make("title_terms"), TITLE_BOOST), make("body_terms")]
    )


def _matched(peer, query):
    """The conditions of the service's `matched`: the visitor's language, a term of every
    group, every phrase, and the years overlapping the range asked for."""
    schema = peer.schema
    conditions = [_filter(_term(schema, "visible_in", query.language))]
    for group in query.terms.groups:
        conditions.append(
            _any_of(
                [
                    _in_title_or_body(schema, lambda field, t=term: _term(schema, field, t))
                    for term in group
                ]
            )
        )
    for phrase in query.terms.phrases:
        if len(phrase) == 1:
            make = lambda field, t=phrase[0]: _term(schema, field, t)  # noqa: E731
        else:
            make = lambda field, p=list(phrase): tantivy.Query.phrase_query(  # noqa: E731
                schema, field, p
            )
        conditions.append(_in_title_or_body(schema, make))
    if query.year_to is not None or query.year_from is not None:
        conditions.append(
            tantivy.Query.range_query(
                schema, "start_year", tantivy.FieldType.Integer, None, query.year_to
            )
            if query.year_to is not None
            else tantivy.Query.exists_query("start_year")
        )
    if query.year_from is not None:
        conditions.append(
            tantivy.Query.range_query(
                schema, "end_year", tantivy.FieldType.Integer, query.year_from, None
            )
        )
    return conditions


def _filter(query):
    """`query` as a filter: it adds nothing to the score, which comes from the words."""
    return tantivy.Query.const_score_query(query, 0.0)


def _selected(peer, filters):
    """One condition per selected facet: any of its values (facets AND, values OR).
    Term queries: a term set query reads the whole fast field, ten times slower here."""
    return [
        _filter(_any_of([_term(peer.schema, f"facet_{facet}", value) for value in values]))
        for facet, values in filters.items()
    ]


def search(peer, query):
    """(page ids, total, {facet: {value: count}}) of a `SearchQuery`, with disjunctive
    facet counts: each facet's counts apply every filter but its own."""
    matched = _matched(peer, query)
    searcher = peer.searcher
    sort = query.effective_sort
    options = {"limit": query.per_page, "offset": query.offset, "count": True}
    if sort == "newest":
        options.update(order_by_field="published", order=tantivy.Order.Desc)
    elif sort == "title":
        options.update(order_by_field="title_sort", order=tantivy.Order.Asc)
    found = searcher.search(_all_of(matched + _selected(peer, query.filters)), **options)
    page = [searcher.doc(address).get_first("id") for _key, address in found.hits]
    # Facets without a selection share the same filters, so one aggregation.
    groups = {}
    for facet in FACETS:
        groups.setdefault(facet if facet in query.filters else None, []).append(facet)
    counts = {facet: {} for facet in FACETS}
    for selected, facets in groups.items():
        others = query.filters_except(selected) if selected else query.filters
        field = "facets" if len(facets) > 1 else f"facet_{facets[0]}"
        answer = searcher.aggregate(
            _all_of(matched + _selected(peer, others)),
            {"counts": {"terms": {"field": field, "size": FACET_SIZE, "segment_size": FACET_SIZE}}},
        )
        for bucket in answer["counts"]["buckets"]:
            facet, value = (
                bucket["key"].split(":", 1) if len(facets) > 1 else (facets[0], bucket["key"])
            )
            if facet in facets:
                counts[facet][value] = bucket["doc_count"]
    return page, found.count, counts


def check_same(peer, query, ours):
    """None if the peer finds the total and facet counts of the service's answer
    `ours` (a SearchResults), else what differs."""
    _page, total, counts = search(peer, query)
    problems = []
    if total != ours.total:
        problems.append(f"a different total ({total}, the service {ours.total})")
    ours_counts = {
        facet.name: {value.value: value.count for value in facet.values if value.count}
        for facet in ours.facets
    }
    for facet in FACETS:
        if counts[facet] != ours_counts.get(facet, {}):
            differing = sorted(
                value
                for value in {*counts[facet], *ours_counts.get(facet, {})}
                if counts[facet].get(value) != ours_counts.get(facet, {}).get(value)
            )
            problems.append(f"different {facet} counts ({', '.join(differing[:5])})")
    return "; ".join(problems) or None
