"""The in-process measurements of one corpus, in a Django process of its own.

DATABASE_URL=sqlite:///…/bench.sqlite3 python -m bench.measure OUT.json [--runs N]
"""

import argparse
import json
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402
import tantivy  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from bench import plain_wagtail, tantivy_peer  # noqa: E402
from bench.queries import (  # noqa: E402
    LANGUAGE,
    PER_PAGE,
    as_querydict,
    distinct_searches,
    query_mix,
)
from bench.stats import summary, timed  # noqa: E402
from practices.models import PracticePage  # noqa: E402
from search import analysis, index_entries, indexing, service  # noqa: E402
from search.engines.tantivy import Reader as tantivy_reader  # noqa: E402
from search.engines.tantivy import TantivyEngine  # noqa: E402

HOST = "127.0.0.1"
# The longest a publish may take to show in another worker's search (seconds).
PUBLISH_VISIBLE_LIMIT = 30
# The longest the plain Wagtail build may take for one search (seconds).
PLAIN_TIME_LIMIT = float(os.environ.get("BENCH_PLAIN_TIME_LIMIT", "60"))


def on_engine(name):
    """Settings under which the service uses the engine `name`."""
    if name == "elasticsearch":
        return nullcontext()
    return override_settings(
        ELASTICSEARCH={**settings.ELASTICSEARCH, "url": ""}, SEARCH_ENGINE=name
    )


def engines():
    """(name, settings context) of each engine to measure: the default first."""
    names = ["tantivy", "database"]
    if service.elasticsearch_configured():
        names.append("elasticsearch")
    return [(name, on_engine(name)) for name in names]


# Search service -------------------------------------------------------------


def measure_service(runs, peer, with_plain=True):
    """Each query of the mix on ours, the plain build and the Tantivy peer; the peer's
    totals and facet counts are checked against every engine's answer."""
    plain_wagtail.declare_filter_fields()
    rows = []
    peer_timings = {}
    for engine, context in engines():
        with context:
            for bench_query in query_mix():
                params = bench_query.querydict()
                ours = service.run(params, LANGUAGE, per_page=PER_PAGE)
                query = tantivy_peer.prepare(bench_query, LANGUAGE, PER_PAGE)
                row = {
                    "engine": engine,
                    "query": bench_query.name,
                    "params": bench_query.params(),
                    "total": ours.total,
                    "ours": summary(
                        timed(lambda p=params: service.run(p, LANGUAGE, per_page=PER_PAGE), runs)
                    ),
                    "tantivy_differs": tantivy_peer.check_same(peer, query, ours),
                }
                if bench_query.name not in peer_timings:
                    peer_timings[bench_query.name] = summary(
                        timed(lambda q=query: tantivy_peer.search(peer, q), runs)
                    )
                row["tantivy"] = peer_timings[bench_query.name]
                if row["tantivy_differs"]:
                    print(
                        f"MISMATCH {engine}, {bench_query.name}: Tantivy finds "
                        f"{row['tantivy_differs']}",
                        file=sys.stderr,
                        flush=True,
                    )
                if with_plain:
                    row.update(measure_plain(bench_query, max(3, runs // 5)))
                rows.append(row)
    return rows


def build_peer():
    """The Tantivy peer of the corpus, and what building it took."""
    peer = tantivy_peer.build()
    return peer, {
        "documents": peer.documents,
        "seconds": round(peer.build_seconds, 2),
        "tantivy": tantivy_peer.VERSION,
    }


def measure_plain(bench_query, runs):
    """The plain build's timings: one call only when it is slow (seconds),
    and none past PLAIN_TIME_LIMIT, reported as a timeout."""
    durations = []
    try:
        for _ in range(runs + 1):
            with plain_wagtail.time_limit(PLAIN_TIME_LIMIT):
                started = time.perf_counter()
                _hits, total, _facets = plain_wagtail.search(bench_query, LANGUAGE)
                durations.append(time.perf_counter() - started)
            if durations[0] > 2:  # the first call is the warm-up, unless it is this slow
                break
    except plain_wagtail.TooSlow:
        return {"plain": {"timeout_s": PLAIN_TIME_LIMIT}}
    return {"plain": summary(durations[1:] or durations), "plain_total": total}


# Pages ------------------------------------------------------------------------


class QueryCounter:
    """Counts the SQL statements a connection executes (an execute wrapper:
    unlike the debug query log, it does not depend on DEBUG)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def practice_urls(count):
    """URLs of `count` live practices per language, spread over the corpus."""
    urls = []
    for language in ("en", "fr"):
        locale = Locale.objects.get(language_code=language)
        ids = list(
            PracticePage.objects.live()
            .filter(locale=locale)
            .order_by("id")
            .values_list("id", flat=True)
        )
        step = max(1, len(ids) // count)
        for page in PracticePage.objects.filter(id__in=ids[::step][:count]).order_by("id"):
            urls.append(page.get_url())
    return urls


def page_urls():
    """The pages measured one by one: {name: URL}."""
    mix = {bench_query.name: bench_query for bench_query in query_mix()}
    filtered = as_querydict(mix["words, three filters"].params()).urlencode()
    two_filters = as_querydict(mix["no words, two filters"].params()).urlencode()
    practice_en, practice_fr = practice_urls(1)[:2]
    return {
        "home (en)": "/en/",
        "home (fr)": "/fr/",
        "search, no words": "/en/search/",
        "search, one word": "/en/search/?q=children",
        "search, two filters": f"/en/search/?{two_filters}",
        "search, words and three filters": f"/en/search/?{filtered}",
        "practice (en)": practice_en,
        "practice (fr)": practice_fr,
    }


def measure_pages(runs):
    client = Client(HTTP_HOST=HOST)
    rows = []
    for engine, context in engines():
        with context:
            for name, url in page_urls().items():
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    client.get(url)
                durations = timed(lambda u=url: client.get(u), runs)
                rows.append(
                    {
                        "engine": engine,
                        "page": name,
                        "url": url,
                        "queries": queries.count,
                        "bytes": len(response.content),
                        **summary(durations),
                    }
                )
    return rows


# Indexing ---------------------------------------------------------------------


def measure_indexing(reindex_runs):
    practices = len(index_entries.all_translation_keys())
    started = time.perf_counter()
    report = indexing.rebuild(batch_size=500)
    seconds = time.perf_counter() - started
    if service.elasticsearch_configured():  # Tantivy is then not the site's: built for the bench
        tantivy_started = time.perf_counter()
        stats = TantivyEngine(settings.SEARCH_INDEX_DIR).rebuild(index_entries.batches(500))
        report.append(("tantivy", stats, time.perf_counter() - tantivy_started))
    rebuilds = [
        {
            "engine": engine,
            "documents": stats["documents"],
            "seconds": round(engine_seconds, 2),
            "practices_per_second": round(practices / engine_seconds, 1),
        }
        for engine, stats, engine_seconds in report
    ]
    key = (
        PracticePage.objects.live()
        .filter(locale__language_code=LANGUAGE)
        .order_by("id")
        .values_list("translation_key", flat=True)[practices // 2]
    )

    def reindex_one():
        with transaction.atomic():
            indexing.reindex([key])

    return {
        "practices": practices,
        "rebuild_seconds": round(seconds, 2),
        "rebuilds": rebuilds,
        "reindex_one": summary(timed(reindex_one, reindex_runs)),
    }


def measure_publish_visible(runs):
    """Seconds from an editor's publish (Wagtail's, with its transaction) to a search by
    another worker (a reader of its own, as each gunicorn worker holds) finding the new word."""
    engine = TantivyEngine(settings.SEARCH_INDEX_DIR)
    other_worker = tantivy_reader(engine.path)
    page = (
        PracticePage.objects.live()
        .filter(locale__language_code=LANGUAGE)
        .order_by("id")[PracticePage.objects.count() // 3]
        .specific
    )
    summary_text = page.summary
    durations = []
    for run in range(runs):
        word = "visibility" + "".join(chr(ord("a") + int(digit)) for digit in str(run))
        (term,) = analysis.index_terms(word, LANGUAGE).split()
        query = tantivy.Query.term_query(other_worker.index.schema, "body_terms", term)
        page.summary = f"{summary_text} {word}"
        started = time.perf_counter()
        page.save_revision().publish()
        while True:
            other_worker.catch_up()  # what the worker's next search does first
            if other_worker.index.searcher().search(query, limit=1).count:
                break
            if time.perf_counter() - started > PUBLISH_VISIBLE_LIMIT:
                raise RuntimeError(f"a publish not visible after {PUBLISH_VISIBLE_LIMIT} s")
            time.sleep(0.005)
        durations.append(time.perf_counter() - started)
    return summary(durations)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-plain", action="store_true")
    args = parser.parse_args()
    # Indexing first: on Elasticsearch, the rebuild creates the index the
    # searches below read (ELASTICSEARCH_INDEX, bench-practices by default).
    indexed = measure_indexing(max(5, args.runs // 5))
    peer, peer_build = build_peer()
    result = {
        "database": connection.vendor,
        "practices": PracticePage.objects.live().filter(locale__language_code=LANGUAGE).count(),
        "pages": PracticePage.objects.live().count(),
        "tantivy_build": peer_build,
        "service": measure_service(args.runs, peer, with_plain=not args.no_plain),
        "page_timings": measure_pages(args.runs),
        "load_urls": {
            "search": ["/en/search/?" + as_querydict(q.params()).urlencode() for q in query_mix()],
            "practice": practice_urls(25),
            "home": ["/en/", "/fr/"],
            "distinct_searches": distinct_searches(),
        },
    }
    indexed["publish_visible"] = measure_publish_visible(max(5, args.runs // 5))
    result["indexing"] = indexed
    Path(args.out).write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
