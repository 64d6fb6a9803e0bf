"""The benchmark's own parts (bench/): the Tantivy peer finds the totals and
facet counts of our engine, the plain Wagtail build finds the same practices, and the
goals catch a broken query budget. `make test` also runs the whole
benchmark on a small corpus (`python -m bench --smoke`)."""

import pytest

from bench import goals, plain_wagtail, report, tantivy_peer
from bench.queries import BenchQuery
from bench.stats import percentile, summary
from practices.models import PracticePage
from search import service


def ours(bench_query, per_page):
    return service.run(bench_query.querydict(), "en", per_page=per_page)


def test_percentiles_are_nearest_rank():
    values = list(range(100, 0, -1))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7.0
    assert summary([0.010, 0.020, 0.030]) == {
        "median_ms": 20.0,
        "p95_ms": 30.0,
        "min_ms": 10.0,
        "runs": 3,
    }


MIX = [
    BenchQuery("one word", "pensioners"),
    BenchQuery("two words", "foster carers"),
    BenchQuery("phrase", '"memory workshops"'),
    BenchQuery("no words, two filters", filters={"theme": "ageing", "country": "IT"}),
    BenchQuery("words and filters", "pensioners", filters={"country": ["FR", "IT"]}),
    BenchQuery("no words, no filters"),
    BenchQuery("no match", "xylophonist"),
]


@pytest.mark.django_db
def test_the_tantivy_peer_finds_the_services_totals_and_facet_counts(catalogue, make_practice):
    make_practice(
        "Ateliers mémoire",
        locale="fr",
        slug="ateliers",
        summary="Des retraités entraînent leur mémoire avec des aidants.",
        start_year=2010,
        end_year=2012,
    )
    peer = tantivy_peer.build()
    assert peer.documents == 4
    checked = 0
    for bench_query in MIX:
        for per_page in (1, 12):
            for sort in ("relevance", "newest", "title"):
                sorted_query = BenchQuery(
                    bench_query.name, bench_query.text, {**bench_query.filters, "sort": sort}
                )
                query = tantivy_peer.prepare(sorted_query, "en", per_page)
                answer = ours(sorted_query, per_page)
                assert tantivy_peer.check_same(peer, query, answer) is None, bench_query.name
                page, total, _counts = tantivy_peer.search(peer, query)
                assert total == answer.total
                assert len(page) == len(answer.hits)
                if sort == "title":  # no ties: the same page in the same order
                    assert page == [hit.page_id for hit in answer.hits]
                checked += total
    assert checked > 0
    # The counts the service shows for a search with words and filters, found alike.
    query = tantivy_peer.prepare(MIX[4], "en", 12)
    _page, total, counts = tantivy_peer.search(peer, query)
    assert total == 2
    assert counts["country"] == {"fr": 1, "it": 1}
    assert counts["theme"] == {"ageing": 2}
    # Disjunctive: the country counts ignore the country selected, the others apply it.
    one_country = BenchQuery("w", "pensioners", filters={"country": "FR"})
    answer = ours(one_country, 12)
    query = tantivy_peer.prepare(one_country, "en", 12)
    assert tantivy_peer.check_same(peer, query, answer) is None
    _page, total, counts = tantivy_peer.search(peer, query)
    assert (total, counts["country"], counts["theme"]) == (1, {"fr": 1, "it": 1}, {"ageing": 1})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"year_from": "2017"}, 3),
        ({"year_to": "2018"}, 2),
        ({"year_from": "2011", "year_to": "2011"}, 1),
        ({"year_from": "2013", "year_to": "2015"}, 0),
    ],
)
def test_the_tantivy_peer_overlaps_years_as_the_service(catalogue, make_practice, params, total):
    make_practice("Old practice", slug="old", start_year=2010, end_year=2012)
    make_practice("No years", slug="undated", start_year=None)
    peer = tantivy_peer.build()
    bench_query = BenchQuery("years", filters=params)
    answer = ours(bench_query, 12)
    assert answer.total == total
    assert (
        tantivy_peer.check_same(peer, tantivy_peer.prepare(bench_query, "en", 12), answer) is None
    )


@pytest.mark.django_db
def test_a_different_answer_is_reported(catalogue):
    peer = tantivy_peer.build()
    query = tantivy_peer.prepare(BenchQuery("w", "pensioners"), "en", 12)
    answer = ours(BenchQuery("w", "pensioners"), 12)
    assert answer.total == 2
    assert tantivy_peer.check_same(peer, query, answer) is None
    other = ours(BenchQuery("w", "foster"), 12)
    assert tantivy_peer.check_same(peer, query, other) == (
        "a different total (2, the service 1); different theme counts (ageing, child-protection)"
        "; different country counts (fr); different language counts (en)"
    )
    theme = next(facet for facet in answer.facets if facet.name == "theme")
    theme.values[0].count += 1
    assert tantivy_peer.check_same(peer, query, answer) == "different theme counts (ageing)"


def test_a_mismatch_with_the_tantivy_peer_fails_the_run():
    row = {"engine": "database", "query": "one word", "tantivy_differs": "a different total"}
    results = {1000: {"service": [row], "page_timings": []}}
    assert goals.correctness_problems(results) == [
        "one word at 1000 (database): Tantivy finds a different total"
    ]


@pytest.mark.django_db
def test_the_plain_wagtail_build_searches_and_facets(catalogue, monkeypatch):
    monkeypatch.setattr(PracticePage, "search_fields", plain_wagtail.with_filter_fields())
    hits, total, facets = plain_wagtail.search(BenchQuery("w", "pensioners"), "en")
    assert total == 2
    assert {hit.slug for hit in hits} == {"seniors", "memory"}
    assert facets["theme"] == {"Ageing and loss of autonomy": 2}
    assert facets["country"] == {"France": 1, "Italy": 1}

    hits, total, facets = plain_wagtail.search(
        BenchQuery("f", filters={"country": "IT", "theme": "ageing"}), "en"
    )
    assert [hit.slug for hit in hits] == ["memory"]
    assert total == 1

    hits, total, _facets = plain_wagtail.search(BenchQuery("n", "xylophonist"), "en")
    assert (hits, total) == ([], 0)


def timing(page, queries):
    return {"engine": "database", "page": page, "queries": queries}


def test_the_goals_catch_broken_budgets_and_counts_that_grow():
    results = {
        100: {
            "page_timings": [timing("practice (en)", 14), timing("search, no words", 13)],
            "service": [],
        },
        300: {
            "page_timings": [timing("practice (en)", 16), timing("search, no words", 13)],
            "service": [],
        },
    }
    problems = goals.query_problems(results)
    assert "search, no words at 100 practices: 13 SQL queries (budget 12)" in problems
    assert "practice (en) at 300 practices: 16 SQL queries (budget 15)" in problems
    assert (
        "practice (en) (database): the query count changes with the size: 14 at 100, 16 at 300"
        in problems
    )
    assert not any("search, no words (database)" in problem for problem in problems)

    results[300]["page_timings"] = [timing("practice (en)", 14), timing("search, no words", 12)]
    results[100]["page_timings"] = [timing("practice (en)", 14), timing("search, no words", 12)]
    assert goals.query_problems(results) == []


def service_row(query, ours_ms, tantivy_ms, differs=None, engine="tantivy"):
    return {
        "engine": engine,
        "query": query,
        "total": 3,
        "ours": {"median_ms": ours_ms, "p95_ms": ours_ms},
        "tantivy": {"median_ms": tantivy_ms, "p95_ms": tantivy_ms},
        "tantivy_differs": differs,
    }


def test_the_report_sets_the_service_beside_tantivy_and_judges_the_median_ratio():
    rows = [
        service_row("one word", 30.0, 1.0),
        service_row("two words", 4.0, 2.0),
        service_row("no match", 2.0, 1.0, differs="a different total (1, the service 0)"),
    ]
    assert goals.ratios(rows) == (None, 2.0)  # the default engine's rows
    assert goals.ratios([*rows, service_row("phrase", 90.0, 1.0, engine="database")]) == (
        None,
        2.0,
    )
    assert goals.ratios(rows, engine="database") == (None, None)
    result = {
        "pages": 6,
        "service": rows,
        "tantivy_build": {"documents": 6, "seconds": 0.1, "tantivy": "tantivy v0.27.0"},
        "page_timings": [],
        "indexing": {"rebuilds": [], "reindex_one": {"median_ms": 1.0, "p95_ms": 1.0}},
    }
    text = "\n".join(report._size_section(3, result))
    assert "| tantivy | one word | 3 (–) | 30.0 / 30.0 | 1.0 / 1.0 | 30.0× |" in text
    assert "| no match |" in text and "**a different total (1, the service 0)** |" in text
    assert "Tantivy peer (tantivy v0.27.0): 6 documents indexed in 0.1 s" in text
    assert "| two words | 3 (–) | 4.0 / 4.0 | 2.0 / 2.0 | 2.0× |" in text


def test_answers_under_a_millisecond_keep_two_decimals():
    row = service_row("no match", 9.4, 0.04)
    row["tantivy"]["p95_ms"] = 0.13
    result = {
        "pages": 6,
        "service": [row],
        "page_timings": [],
        "indexing": {"rebuilds": [], "reindex_one": {"median_ms": 1.0, "p95_ms": 1.0}},
    }
    assert "| 9.4 / 9.4 | 0.04 / 0.13 | 235.0× |" in "\n".join(report._size_section(3, result))


def scenario(name, rate, p95=100.0, errors=0):
    return {
        "name": name,
        "urls": 537,
        "concurrency": 8,
        "requests_per_second": rate,
        "p50_ms": 50.0,
        "p95_ms": p95,
        "p99_ms": p95,
        "errors": errors,
        "error_kinds": {"status": errors},
        "requests": 1000,
    }


def test_the_load_scenarios_are_judged_and_reported():
    result = {
        "service": [],
        "page_timings": [
            {"engine": "tantivy", "page": page, "queries": 4, "p95_ms": 20.0, "median_ms": 10.0}
            | {"bytes": 1024, "url": "/"}
            for page in ("search, one word", "practice (en)", "home (en)")
        ],
        "pages": 2000,
        "indexing": {
            "practices": 1000,
            "rebuild_seconds": 2.0,
            "rebuilds": [],
            "reindex_one": {"median_ms": 1.0, "p95_ms": 1.0},
            "publish_visible": {"median_ms": 500.0, "p95_ms": 1200.0},
        },
        "load": {
            "workers": 2,
            "urls": 56,
            "runs": [],
            "scenarios": [
                scenario("realistic mix, page cache on", 210.0),
                scenario("distinct searches, page cache off", 45.0, p95=300.0, errors=2),
            ],
            "worker_peak_memory_mb": {"1": 280.0},
            "worker_peak_private_memory_mb": {"1": 120.0},
        },
    }
    judged = {goal["goal"]: goal["met"] for goal in goals.judge(result)}
    cached = "load, realistic mix, page cache on (537 URLs), concurrency 8"
    distinct = "load, distinct searches, page cache off (537 URLs), concurrency 8"
    assert judged[f"{cached}: requests/s"] and judged[f"{cached}: p95"]
    assert not judged[f"{distinct}: requests/s"]
    assert not judged[f"{distinct}: errors"] and not judged[f"{distinct}: p95"]
    assert judged["full rebuild (every engine of the site)"]  # 500 practices/s
    assert not judged["a publish found by another worker's search (p95)"]
    assert not judged["worker peak memory (resident, with the index files it maps)"]
    assert judged["worker peak private memory"]
    assert goals.correctness_problems({1000: result}) == [
        "load at 1000, concurrency 8: 2 responses with an error status"
    ]
    text = "\n".join(report._size_section(1000, result))
    assert "| 8, distinct searches, page cache off (537 URLs) | 45.0 | 50.0 | 300.0 |" in text
