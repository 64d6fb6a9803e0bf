"""The relevance table: what visitors of each partner language expect the search to find.

tests/relevance/corpus.json holds short practices in their original languages (a few also
translated); tests/relevance/table.csv the queries, one row per (visitor language, query,
practice key). `expected` is "-" for a row that must NOT find a practice; its `case` then
starts with that practice's key and a colon. The table runs on every engine of
tests/search_engines.py.
"""

import csv
import json
from collections import Counter
from html import escape
from pathlib import Path

import pytest
from search_engines import ENGINES, configure
from wagtail.models import Locale

from home.models import HomePage
from practices.localize.po_translation import translate
from practices.models import PracticeIndexPage
from search import indexing, service
from search.query import SearchQuery

HERE = Path(__file__).parent / "relevance"
CORPUS = json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))
with (HERE / "table.csv").open(encoding="utf-8", newline="") as table_file:
    TABLE = list(csv.DictReader(table_file))
LANGUAGES = ("en", "fr", "it", "lt", "nl", "fi", "da", "bg", "pt")
# The other sections of a practice are required; a dash keeps them free of words.
EMPTY_SECTION = "<p>–</p>"


def target(row):
    """(practice key, must it be found?) of a table row."""
    if row["expected"] == "-":
        return row["case"].split(":", 1)[0].strip(), False
    return row["expected"], True


def test_the_table_covers_every_language_and_names_practices_of_the_corpus():
    keys = [practice["key"] for practice in CORPUS]
    assert len(keys) == len(set(keys))
    assert {practice["language"] for practice in CORPUS} == set(LANGUAGES)
    assert set(TABLE[0]) == {"language", "query", "expected", "case"}
    per_language = Counter(row["language"] for row in TABLE)
    assert set(per_language) == set(LANGUAGES)
    assert min(per_language.values()) >= 8, per_language
    unknown = [row for row in TABLE if target(row)[0] not in keys]
    assert not unknown, unknown
    assert all(row["query"].strip() and row["case"].strip() for row in TABLE)


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    configure(request.param, settings)
    return request.param


def practice_indexes(italian_tree):
    """A practice index in every partner language (the shared world has English,
    French and Italian ones): {language: index}."""
    indexes = {
        "en": italian_tree["index"],
        "fr": italian_tree["index_fr"],
        "it": italian_tree["index_it"],
    }
    home = HomePage.objects.get(pk=italian_tree["home"].pk)
    index = PracticeIndexPage.objects.get(pk=italian_tree["index"].pk)
    for code in LANGUAGES:
        if code not in indexes:
            locale, _ = Locale.objects.get_or_create(language_code=code)
            translate(home, locale, {"title": f"Home {code}", "slug": f"home-{code}"})
            indexes[code] = translate(
                index, locale, {"title": f"Practices {code}", "slug": f"practices-{code}"}
            )
    return indexes


@pytest.fixture
def relevance_corpus(engine, italian_tree, make_practice):
    """The corpus published through the real path, then the index rebuilt on the
    engine under test: {translation key: corpus key}."""
    practice_indexes(italian_tree)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    keys = {}
    for practice in CORPUS:
        page = make_practice(
            practice["title"],
            locale=practice["language"],
            slug=practice["key"],
            summary=practice["summary"],
            context=f"<p>{escape(practice['context'])}</p>",
            method_text=EMPTY_SECTION,
            outcomes=EMPTY_SECTION,
            transferability=EMPTY_SECTION,
        )
        for version in practice.get("translations", ()):
            translate(
                page,
                locales[version["language"]],
                {
                    "title": version["title"],
                    "slug": practice["key"],
                    "summary": version["summary"],
                    "context": f"<p>{escape(version['context'])}</p>",
                },
            )
        keys[str(page.translation_key)] = practice["key"]
    indexing.rebuild()
    return keys


def test_every_row_of_the_relevance_table(relevance_corpus, engine):
    failures = []
    for row in TABLE:
        key, wanted = target(row)
        results = service.search(
            SearchQuery(language=row["language"], text=row["query"], per_page=100)
        )
        assert results.engine == engine
        found = [relevance_corpus.get(hit.translation_key, "?") for hit in results.hits]
        if (key in found) != wanted:
            failures.append((row, found))
    if failures:
        pytest.fail(failure_table(failures, engine), pytrace=False)


def failure_table(failures, engine):
    lines = [f"{len(failures)} of {len(TABLE)} rows fail on {engine}:"]
    for row, found in failures:
        expected = row["expected"] if row["expected"] != "-" else f"not {target(row)[0]}"
        lines.append(
            f"  {row['language']}  {row['query']!r:38} expected {expected:18} "
            f"got {', '.join(found) or 'nothing'}   ({row['case']})"
        )
    return "\n".join(lines)
