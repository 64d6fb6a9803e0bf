"""The benchmark's own parts (bench/): the SQL lower bound answers exactly as
our engine does, the plain Wagtail build finds the same practices, and the
goals catch a broken query budget. `make test` also runs the whole
benchmark on a small corpus (`python -m bench --smoke`)."""

import pytest

from bench import goals, lower_bound, plain_wagtail
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
@pytest.mark.parametrize("bench_query", MIX, ids=[q.name for q in MIX])
@pytest.mark.parametrize("per_page", [1, 12])
def test_the_lower_bound_returns_our_page_of_hits_and_our_counts(catalogue, bench_query, per_page):
    query, match = lower_bound.prepare(bench_query, "en", per_page)
    answer = ours(bench_query, per_page)
    assert lower_bound.check_same(query, match, answer) is None
    (rows, total), counts = lower_bound.search(query, match)
    assert total == answer.total
    assert [row[1] for row in rows] == [hit.title for hit in answer.hits]


@pytest.mark.django_db
def test_a_different_answer_is_reported(catalogue):
    query, match = lower_bound.prepare(BenchQuery("w", "pensioners"), "en", 12)
    assert ours(BenchQuery("w", "pensioners"), 12).total == 2
    other = ours(BenchQuery("w", "foster"), 12)
    assert lower_bound.check_same(query, match, other) == "a different page of hits"
    answer = ours(BenchQuery("w", "pensioners"), 12)
    assert lower_bound.check_same(query, match, answer) is None
    theme = next(facet for facet in answer.facets if facet.name == "theme")
    theme.values[0].count += 1
    assert lower_bound.check_same(query, match, answer) == "different facet counts"


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
