"""What only a live Elasticsearch can confirm (skipped without ELASTICSEARCH_URL; `make test-elasticsearch`).

The offline tests prove the requests fit Elasticsearch's API (test_elasticsearch_requests.py) and
the answers on the database engine (test_search_relevance.py); these ask the deployed version:
its whitespace analyzer leaves the terms as they are, the first index is made once under
concurrent first use, and an index named like the alias is refused, then replaced by a rebuild.
"""

import json
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from search_engines import ELASTICSEARCH_SKIP_REASON

from search.analysis import index_terms
from search.engines import elasticsearch as es

pytestmark = pytest.mark.skipif(
    not settings.ELASTICSEARCH_TEST_URL, reason=ELASTICSEARCH_SKIP_REASON
)
CORPUS = Path(__file__).parent / "relevance" / "corpus.json"


@pytest.fixture
def engine():
    """An engine on an alias of its own, whose indexes are deleted afterwards."""
    alias = f"test-live-{uuid.uuid4().hex[:12]}"
    config = {**settings.ELASTICSEARCH, "url": settings.ELASTICSEARCH_TEST_URL, "index": alias}
    engine = es.ElasticsearchEngine(config=config)
    yield engine
    # By name: clusters refuse wildcard deletions (action.destructive_requires_name).
    made = list(engine.client.indices.get(index=f"{alias}*", expand_wildcards="all"))
    if made:
        engine.client.indices.delete(index=made, ignore_unavailable=True)


def test_the_whitespace_analyzer_keeps_the_terms_as_they_are(engine):
    """The `_analyze` request README.md gives, on every language of the relevance corpus."""
    engine.ensure_index()
    practices = json.loads(CORPUS.read_text())
    for practice in practices:
        text = " ".join([practice["title"], practice["summary"], practice["context"]])
        terms = index_terms(text, practice["language"])
        for field in es.TERM_FIELDS:
            tokens = engine.client.indices.analyze(index=engine.alias, field=field, text=terms)
            assert [token["token"] for token in tokens["tokens"]] == terms.split(), practice["key"]


def test_the_index_has_this_layout(engine):
    engine.ensure_index()
    mappings = engine.client.indices.get_mapping(index=engine.alias)
    [mapping] = [body["mappings"] for body in mappings.values()]
    assert mapping["_meta"] == {"layout": es.INDEX_LAYOUT}
    assert mapping["properties"]["body_terms"] == {"type": "text", "analyzer": "whitespace"}


def test_concurrent_first_uses_make_one_index(engine):
    config = engine.config
    barrier = threading.Barrier(4)
    outcomes = []

    def first_use():
        other = es.ElasticsearchEngine(config=config)
        barrier.wait()
        outcomes.append(other.ensure_index())

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]
    assert list(engine.client.indices.get_alias(name=engine.alias)) == [
        f"{engine.alias}-{es.FIRST_INDEX_SUFFIX}"
    ]


def test_an_index_named_like_the_alias_is_refused_then_replaced(engine):
    engine.client.indices.create(index=engine.alias)
    with pytest.raises(es.AliasTaken):
        engine.ensure_index()
    engine.rebuild(iter([]))
    assert engine.ensure_index() is False
    assert engine.client.indices.exists_alias(name=engine.alias)
