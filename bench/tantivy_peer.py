"""The Tantivy peer: the bare search library answering the bench's query mix on the same corpus.

An in-memory index of the search documents (search.index_entries) with the fields and queries of
the Tantivy engine (search.engines.tantivy), without the service around them: no parameters read,
no stored hits, snippets or labels. `check_same` proves its totals and facet counts are each
engine's (docs/benchmarks.md).
"""

import time
from dataclasses import dataclass

import tantivy

from search import index_entries
from search.engines import tantivy as tantivy_engine
from search.forms import parse_search
from search.labels import facet_labels
from search.query import FACETS

WRITER_HEAP = 256_000_000
# What the results say of the library measured (e.g. "tantivy v0.27.0, index_format v7").
VERSION = tantivy.__version__


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
    index = tantivy.Index(tantivy_engine.schema())
    writer = index.writer(WRITER_HEAP, 1)
    documents = 0
    for batch in index_entries.batches(batch_size):
        for document in batch:
            writer.add_document(tantivy_engine.to_document(document))
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


def search(peer, query):
    """(page ids, total, {facet: {value: count}}) of a `SearchQuery`."""
    found, counts = tantivy_engine.find(peer.searcher, peer.schema, query)
    page = peer.searcher.fast_field_values("id", [address for _score, address in found.hits])
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
