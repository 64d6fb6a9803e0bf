"""Keeping the search index true.

`reindex(keys)` rebuilds the documents of some practices (every language
version) from the database. The database engine's tables are updated at
once, in the editor's own transaction: a rolled-back publish leaves no trace
in the index. Elasticsearch, when configured, is updated after the commit;
if it cannot be reached, the editor's work is not affected: the error is
logged and the practice is queued in PendingReindex, which
`sync_search_index` (and every later successful update) repairs.

search/signals.py calls reindex on every event that changes what a visitor
may find: publishing, unpublishing, deleting, moving, privacy changes,
translations, and edits of the terms, countries, organisations and
projects a practice shows.
"""

import logging
import time
from functools import partial

from django.db import transaction

from search import documents
from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.models import PendingReindex

logger = logging.getLogger("search")


def external_engine():
    """The engine other than the database one, if any (Elasticsearch)."""
    from search.service import elasticsearch_configured, get_engine

    return get_engine() if elasticsearch_configured() else None


def reindex(translation_keys):
    keys = list(dict.fromkeys(str(key) for key in translation_keys))
    if not keys:
        return
    database = DatabaseEngine()
    for key, found in documents.documents_for(keys).items():
        database.replace_practice(key, found)
    if external_engine() is not None:
        transaction.on_commit(partial(push, keys), robust=True)


def push(keys):
    """Send these practices' current documents to the external engine."""
    engine = external_engine()
    pending = [str(key) for key in PendingReindex.objects.values_list("translation_key", flat=True)]
    keys = list(dict.fromkeys([*keys, *pending]))  # repair what failed before, too
    done, failed = [], []
    for key, found in documents.documents_for(keys).items():
        try:
            engine.replace_practice(key, found)
        except SearchUnavailable as error:
            logger.error("Could not update %s in %s: %s (queued)", key, engine.name, error)
            PendingReindex.objects.update_or_create(
                translation_key=key, defaults={"engine": engine.name, "error": str(error)[:2000]}
            )
            failed.append(key)
        else:
            done.append(key)
    PendingReindex.objects.filter(translation_key__in=done).delete()
    return done, failed


def sync():
    """Repair the practices an earlier update failed to send. Returns (done, failed)."""
    if external_engine() is None:
        PendingReindex.objects.all().delete()
        return [], []
    return push([])


def rebuild(batch_size=500, progress=None):
    """Rebuild every engine's index from the database.

    Returns [(engine name, {"documents": n, "languages": {...}}, seconds)].
    """
    engines = [DatabaseEngine()]
    external = external_engine()
    if external is not None:
        engines.append(external)
    report = []
    for engine in engines:
        started = time.perf_counter()
        stats = engine.rebuild(
            documents.batches(batch_size), progress=partial(progress, engine) if progress else None
        )
        report.append((engine.name, stats, time.perf_counter() - started))
        if engine is external:
            PendingReindex.objects.all().delete()
    return report
