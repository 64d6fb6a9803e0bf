"""The Tantivy engine: the embedded default, an on-disk index beside the database.

It indexes the terms of search.analysis as they are (whitespace tokenizer), so it answers as the
database engine does; one writer at a time (Tantivy's lock file), a reader in every process. See
docs/search.md ("The Tantivy engine").
"""

import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import tantivy

from search import analysis
from search.engines.base import SearchEngine, SearchUnavailable
from search.index_entries import facet_field
from search.query import FACETS
from search.results import EngineResult, stored_datetime, stored_hit

logger = logging.getLogger("search")

# The index's fields and their meaning; a change needs a new number, and the
# new layout's folder is built by `rebuild_search_index` beside the old one.
LAYOUT = 1
# The weight of a title term against a body term, as on the database engine.
TITLE_BOOST = 10.0
# More than any facet's number of values: every value is counted.
FACET_SIZE = 1_000_000
# end_year of a practice still running: after every year a visitor may ask for.
OPEN_END = 10_000
# `published` of a practice never published: after every other, newest first.
NEVER = -(2**62)
# Memory of the writer (bytes; Tantivy's minimum is 15 MB per thread).
UPDATE_HEAP = 32_000_000
REBUILD_HEAP = 200_000_000
# How long an update waits for another process's writer (seconds), and between tries.
WRITER_WAIT = 10.0
WRITER_POLL = 0.05
STORED = "stored"


def schema():
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("translation_key", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic", fast=True)
    for field in ("title_terms", "body_terms"):
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("visible_in", tokenizer_name="raw", index_option="basic")
    for facet in FACETS:
        builder.add_text_field(
            f"facet_{facet}", tokenizer_name="raw", index_option="basic", fast=True
        )
    # Every facet value as "facet:value": the facets without a selection are
    # counted in one pass over this field, twice as fast as one per facet.
    builder.add_text_field("facets", tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_integer_field("start_year", indexed=True, fast=True)
    builder.add_integer_field("end_year", indexed=True, fast=True)
    builder.add_integer_field("published", fast=True)
    builder.add_text_field("title_sort", tokenizer_name="raw", index_option="basic", fast=True)
    # What a hit shows, as JSON: read for the page's hits only.
    builder.add_bytes_field(STORED, stored=True)
    return builder.build()


def _published(value):
    """Microseconds since the epoch of an ISO 8601 timestamp, NEVER for None."""
    moment = stored_datetime(value)
    return NEVER if moment is None else int(moment.timestamp() * 1_000_000)


def to_document(document):
    """The Tantivy document of a search document (search.index_entries)."""
    language = document["language"]
    found = tantivy.Document()
    found.add_unsigned("id", document["id"])
    found.add_text("translation_key", str(document["translation_key"]))
    found.add_text("language", language)
    title_terms, body_terms = analysis.document_terms(document)
    found.add_text("title_terms", title_terms)
    found.add_text("body_terms", body_terms)
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
    stored = {
        name: document[name]
        for name in (
            "id", "translation_key", "language", "title", "summary", "body", "url",
            "start_year", "end_year", "first_published_at", "country", "theme",
        )
    }  # fmt: skip
    found.add_bytes(STORED, json.dumps(stored, default=str).encode())
    return found


class Reader:
    """An opened index and the commit it reads (meta.json's identity), reloaded by
    `catch_up` when another process has committed: the next search sees the change."""

    def __init__(self, path):
        self.meta = path / "meta.json"
        self.commit = _commit_of(self.meta)
        try:
            self.index = tantivy.Index.open(str(path))
            self.index.config_reader("manual", 0)
        except (ValueError, OSError) as error:
            raise SearchUnavailable(f"cannot open the search index: {error}") from error

    def catch_up(self):
        commit = _commit_of(self.meta)
        if commit != self.commit:
            self.index.reload()
            self.commit = commit


def _commit_of(meta):
    """What changes with every commit: Tantivy replaces meta.json each time."""
    try:
        found = meta.stat()
    except FileNotFoundError:
        raise SearchUnavailable(
            f"no search index in {meta.parent}: run manage.py rebuild_search_index"
        ) from None
    return found.st_ino, found.st_mtime_ns, found.st_size


# Opened indexes of this process, by folder: a forked worker opens its own.
_opened = {}
_opening = threading.Lock()


class TantivyEngine(SearchEngine):
    name = "tantivy"
    # A rebuild holds the only writer until it commits: the updates made
    # meanwhile are queued and replayed after it (search.indexing).
    rebuilds_in_place = True

    def __init__(self, directory):
        self.path = Path(directory) / f"layout-{LAYOUT}"

    # Reading ----------------------------------------------------------------

    def _index(self):
        """This process's reader of the index, moved to the last commit if another
        process made one (one stat of meta.json); SearchUnavailable before the first rebuild."""
        key = (os.getpid(), str(self.path))
        reader = _opened.get(key)
        if reader is None:
            with _opening:
                reader = _opened.get(key)
                if reader is None:
                    reader = _opened[key] = Reader(self.path)
        reader.catch_up()
        return reader.index

    def count(self):
        try:
            searcher = self._index().searcher()
        except SearchUnavailable:
            return {}
        answer = searcher.aggregate(
            tantivy.Query.all_query(),
            {"languages": {"terms": {"field": "language", "size": 1000}}},
        )
        return {bucket["key"]: bucket["doc_count"] for bucket in answer["languages"]["buckets"]}

    # Writing ----------------------------------------------------------------

    def _open_for_writing(self):
        self.path.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(schema(), path=str(self.path), reuse=True)

    @contextmanager
    def _writer(self, heap, wait):
        """The index's only writer, once another process has let go of it
        (within `wait` seconds, else SearchUnavailable); committed by the caller."""
        index = self._open_for_writing()
        deadline = time.monotonic() + wait
        while True:
            try:
                writer = index.writer(heap, 1)
                break
            except ValueError as error:
                if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                    raise SearchUnavailable(f"the search index is busy: {error}") from error
                time.sleep(WRITER_POLL)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        # Merge the new segment with older small ones before letting go:
        # without it, every update would leave a segment behind.
        writer.wait_merging_threads()
        self._refresh()

    def _refresh(self):
        """Let this process see its own commit at once (others at their next search)."""
        reader = _opened.get((os.getpid(), str(self.path)))
        if reader is not None:
            reader.catch_up()

    def replace_practice(self, translation_key, documents):
        self.replace_practices({translation_key: documents})

    def replace_practices(self, documents_by_key):
        """Every practice's documents replaced in one commit. Nothing before the
        first rebuild: an index made of the practices published since would
        answer as if it held them all, and the rebuild will read them anyway."""
        if not (self.path / "meta.json").exists():
            logger.info("No search index in %s yet: the update waits for a rebuild", self.path)
            return
        with self._writer(UPDATE_HEAP, WRITER_WAIT) as writer:
            for key, documents in documents_by_key.items():
                writer.delete_documents_by_term("translation_key", str(key))
                for document in documents:
                    writer.add_document(to_document(document))
            writer.commit()

    def rebuild(self, batches, progress=None):
        """One commit: searches read the previous index until it is done."""
        with self.rebuilding() as add:
            for batch in batches:
                add(batch)
                if progress:
                    progress(len(batch))
        return add.stats

    @contextmanager
    def rebuilding(self):
        """`add(batch)` for every batch of documents, committed at the end of the
        block as one rebuild (search.indexing feeds it beside the database engine)."""
        with self._writer(REBUILD_HEAP, WRITER_WAIT) as writer:
            writer.delete_all_documents()
            add = _Rebuild(writer)
            yield add
            writer.commit()

    # Searching --------------------------------------------------------------

    def search(self, query):
        index = self._index()
        searcher = index.searcher()
        try:
            found, counts = find(searcher, index.schema, query)
            hits = [_hit(searcher.doc(address), score, query) for score, address in found.hits]
        except ValueError as error:
            raise SearchUnavailable(f"the search index failed: {error}") from error
        return EngineResult(hits=hits, total=found.count, counts=counts)


def find(searcher, schema_, query):
    """Tantivy's answer to a `SearchQuery`: (its page of (score, address) and total,
    {facet: {value: count}}), the counts disjunctive (bench/tantivy_peer.py times it)."""
    matched = _matched(schema_, query)
    sort = query.effective_sort
    options = {"limit": query.per_page, "offset": query.offset, "count": True}
    if sort == "newest":
        options.update(order_by_field="published", order=tantivy.Order.Desc)
    elif sort == "title":
        options.update(order_by_field="title_sort", order=tantivy.Order.Asc)
    found = searcher.search(_all_of(matched + _selected(schema_, query.filters)), **options)
    return found, _counts(searcher, schema_, query, matched)


class _Rebuild:
    def __init__(self, writer):
        self.writer = writer
        self.languages = {}

    def __call__(self, batch):
        for document in batch:
            self.writer.add_document(to_document(document))
            language = document["language"]
            self.languages[language] = self.languages.get(language, 0) + 1

    @property
    def stats(self):
        return {"documents": sum(self.languages.values()), "languages": dict(self.languages)}


def _term(schema_, field, value):
    return tantivy.Query.term_query(schema_, field, value)


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


def _filter(query):
    """`query` as a filter: it adds nothing to the score, which comes from the words."""
    return tantivy.Query.const_score_query(query, 0.0)


def _in_title_or_body(make):
    """`make(field)` in the title (boosted as on the database engine) or the body."""
    return _any_of(
        [tantivy.Query.boost_query(make("title_terms"), TITLE_BOOST), make("body_terms")]
    )


def _matched(schema_, query):
    """The conditions of the database engine's `matched`: shown in the visitor's
    language, a term of every group, every phrase, the years overlapping the range."""
    conditions = [_filter(_term(schema_, "visible_in", query.language))]
    terms = query.terms
    for group in terms.groups if terms else ():
        conditions.append(
            _any_of(
                [
                    _in_title_or_body(lambda field, t=term: _term(schema_, field, t))
                    for term in group
                ]
            )
        )
    for phrase in terms.phrases if terms else ():
        if len(phrase) == 1:
            make = lambda field, t=phrase[0]: _term(schema_, field, t)  # noqa: E731
        else:
            make = lambda field, p=list(phrase): tantivy.Query.phrase_query(  # noqa: E731
                schema_, field, p
            )
        conditions.append(_in_title_or_body(make))
    if query.year_from is not None or query.year_to is not None:
        conditions.append(
            _filter(
                tantivy.Query.range_query(
                    schema_, "start_year", tantivy.FieldType.Integer, None, query.year_to
                )
                if query.year_to is not None
                else tantivy.Query.exists_query("start_year")
            )
        )
    if query.year_from is not None:
        conditions.append(
            _filter(
                tantivy.Query.range_query(
                    schema_, "end_year", tantivy.FieldType.Integer, query.year_from, None
                )
            )
        )
    return conditions


def _selected(schema_, filters):
    """One condition per selected facet: any of its values (facets AND, values OR)."""
    return [
        _filter(_any_of([_term(schema_, f"facet_{facet}", value) for value in values]))
        for facet, values in filters.items()
    ]


def _counts(searcher, schema_, query, matched):
    """Each facet's counts apply every filter but its own; the facets without
    a selection share their filters, so one aggregation counts them all."""
    groups = {}
    for facet in FACETS:
        groups.setdefault(facet if facet in query.filters else None, []).append(facet)
    counts = {facet: {} for facet in FACETS}
    for selected, facets in groups.items():
        others = query.filters_except(selected) if selected else query.filters
        field = "facets" if len(facets) > 1 else f"facet_{facets[0]}"
        answer = searcher.aggregate(
            _all_of(matched + _selected(schema_, others)),
            {"counts": {"terms": {"field": field, "size": FACET_SIZE, "segment_size": FACET_SIZE}}},
        )
        for bucket in answer["counts"]["buckets"]:
            facet, value = (
                bucket["key"].split(":", 1) if len(facets) > 1 else (facets[0], bucket["key"])
            )
            if facet in facets:
                counts[facet][value] = bucket["doc_count"]
    return counts


def _hit(document, score, query):
    relevance = query.has_text and query.effective_sort == "relevance"
    return stored_hit(
        json.loads(document.get_first(STORED)), query, float(score) if relevance else None
    )
