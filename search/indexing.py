"""Keeping the search index true: `reindex(keys)` rebuilds the documents of some practices.

The database engine is updated in the editor's transaction, the other engine (Tantivy or
Elasticsearch) after the commit, with failures queued in PendingReindex (see docs/search.md).
"""

import contextvars
import logging
import time
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from search import index_entries
from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.models import ExternalRebuild, PendingReindex
from search.service import get_engine

logger = logging.getLogger("search")
# After this long, a rebuild marker is a leftover of a rebuild that died.
STALE_REBUILD = timedelta(hours=6)


def external_engine():
    """The engine other than the database one, if any (Tantivy or Elasticsearch)."""
    engine = get_engine()
    return None if isinstance(engine, DatabaseEngine) else engine


# The practices an external engine failed to update, while a caller records
# them (the admin tells the editor: config.middleware).
_failures = contextvars.ContextVar("search_push_failures", default=None)


@contextmanager
def recording_failures():
    """Collect the translation keys `push` fails to send within the block."""
    failures = []
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


# Practices rebuilt per round of `reindex` (a term used by thousands of
# practices reindexes them all): bounds the memory and the SQL parameters.
REINDEX_BATCH = 500


# Sent when what searches answer changed outside an editor's transaction: an
# external engine updated or repaired, or a rebuild (home's page cache listens).
index_changed = Signal()


def reindex(translation_keys):
    keys = list(dict.fromkeys(str(key) for key in translation_keys))
    if not keys:
        return
    database = DatabaseEngine()
    for start in range(0, len(keys), REINDEX_BATCH):
        database.replace_practices(index_entries.documents_for(keys[start : start + REINDEX_BATCH]))
    if external_engine() is not None:
        transaction.on_commit(partial(push, keys), robust=True)


def push(keys):
    """Send these practices' current documents to the external engine, with
    those queued earlier. Returns (done, failed)."""
    engine = external_engine()
    rebuilding = ExternalRebuild.objects.exists()
    if rebuilding:  # the new index will not have these changes: replay them after the swap
        for key in keys:
            PendingReindex.objects.update_or_create(
                translation_key=key,
                defaults={"engine": engine.name, "error": "changed during a rebuild"},
            )
        if getattr(engine, "rebuilds_in_place", False):
            # Its writer is the rebuild's until it commits: the replay does it all.
            return [], []
    pending = [str(key) for key in PendingReindex.objects.values_list("translation_key", flat=True)]
    keys = list(dict.fromkeys([*keys, *pending]))  # repair what failed before, too
    done, failed = [], []
    documents = index_entries.documents_for(keys)
    if not documents:
        updates = []
    elif hasattr(engine, "replace_practices"):  # one commit for them all
        updates = [(list(documents), partial(engine.replace_practices, documents))]
    else:
        updates = [
            ([key], partial(engine.replace_practice, key, found))
            for key, found in documents.items()
        ]
    for update_keys, update in updates:
        try:
            update()
        except Exception as error:  # noqa: BLE001 - whatever failed, the practices are queued
            _queue_failed(engine, update_keys, error)
            failed += update_keys
        else:
            done += update_keys
    if not rebuilding:
        PendingReindex.objects.filter(translation_key__in=done).delete()
    if done:
        index_changed.send(sender=engine.__class__)
    return done, failed


def _queue_failed(engine, keys, error):
    if isinstance(error, SearchUnavailable):
        logger.error("Could not update %s in %s: %s (queued)", ", ".join(keys), engine.name, error)
    else:
        logger.exception("Could not update %s in %s (queued)", ", ".join(keys), engine.name)
    for key in keys:
        PendingReindex.objects.update_or_create(
            translation_key=key, defaults={"engine": engine.name, "error": str(error)[:2000]}
        )
    recorded = _failures.get()
    if recorded is not None:
        recorded.extend(keys)


def sync():
    """Repair the practices an earlier update failed to send. Returns (done, failed)."""
    if external_engine() is None:
        PendingReindex.objects.all().delete()
        return [], []
    # A rebuild that died without cleaning up must not hold the queue forever.
    ExternalRebuild.objects.filter(started_at__lt=timezone.now() - STALE_REBUILD).delete()
    return push([])


def rebuild(batch_size=500, progress=None):
    """Rebuild every engine's index from the database.

    An external engine's rebuild starts from an empty repair queue (it
    covers earlier failures); the practices changed while it runs are
    queued, then replayed once the new index serves. Tantivy, in this
    process, is fed in the database's pass: each document is read and
    analysed once.

    Returns [(engine name, {"documents": n, "languages": {...}}, seconds)].
    """
    database = DatabaseEngine()
    external = external_engine()
    bar = (lambda engine: partial(progress, engine)) if progress else (lambda engine: None)
    report = []
    if hasattr(external, "rebuilding"):
        with _rebuild_marker(external):
            started = time.perf_counter()
            with external.rebuilding() as add:
                stats = database.rebuild(
                    _each_also(index_entries.batches(batch_size), add), progress=bar(database)
                )
            seconds = time.perf_counter() - started
        report += [(database.name, stats, seconds), (external.name, add.stats, seconds)]
        push([])
    else:
        started = time.perf_counter()
        stats = database.rebuild(index_entries.batches(batch_size), progress=bar(database))
        report.append((database.name, stats, time.perf_counter() - started))
        if external is not None:
            started = time.perf_counter()
            with _rebuild_marker(external):
                stats = external.rebuild(index_entries.batches(batch_size), progress=bar(external))
            push([])
            report.append((external.name, stats, time.perf_counter() - started))
    index_changed.send(sender=rebuild)
    return report


@contextmanager
def _rebuild_marker(engine):
    """While an external engine rebuilds: updates are queued for the replay."""
    PendingReindex.objects.all().delete()
    marker = ExternalRebuild.objects.create(engine=engine.name)
    try:
        yield
    finally:
        marker.delete()


def _each_also(batches, add):
    """The batches, each also given to `add` once its consumer is done with it."""
    for batch in batches:
        yield batch
        add(batch)
