"""A full rebuild of the external engine loses no update made meanwhile.

Elasticsearch cannot run here, so the external engine is a recording
stand-in (a Python object, not a server): these tests check the
orchestration in search/indexing.py, which is the same for any external
engine. The Elasticsearch engine's own rebuild (new index, alias swap) is
tested in test_elasticsearch_engine.py.
"""

import pytest

from search import indexing
from search.engines.base import SearchEngine, SearchUnavailable
from search.models import ExternalRebuild, PendingReindex

pytestmark = pytest.mark.django_db


class RecordingEngine(SearchEngine):
    name = "recording"

    def __init__(self, during_rebuild=None, fail=False):
        self.calls = []
        self.during_rebuild = during_rebuild
        self.fail = fail

    def rebuild(self, batches, progress=None):
        titles = sorted(document["title"] for batch in batches for document in batch)
        if self.during_rebuild:
            self.during_rebuild()
        if self.fail:
            raise SearchUnavailable("the cluster went away")
        self.calls.append(("rebuilt", titles))
        return {"documents": len(titles), "languages": {}}

    def replace_practice(self, translation_key, documents):
        self.calls.append(("replaced", [document["title"] for document in documents]))


@pytest.fixture
def external(monkeypatch):
    def use(engine):
        monkeypatch.setattr(indexing, "external_engine", lambda: engine)
        return engine

    return use


def test_a_practice_published_during_a_rebuild_is_replayed_after_it(
    external, make_practice, django_capture_on_commit_callbacks
):
    make_practice("Home support for seniors")

    def publish_meanwhile():
        with django_capture_on_commit_callbacks(execute=True):
            make_practice("Foster family network", slug="foster")

    engine = external(RecordingEngine(during_rebuild=publish_meanwhile))
    indexing.rebuild()

    rebuilt = engine.calls.index(("rebuilt", ["Home support for seniors"]))
    # Sent to the old index as it happened, and again once the new one serves.
    assert engine.calls[:rebuilt].count(("replaced", ["Foster family network"])) == 1
    assert ("replaced", ["Foster family network"]) in engine.calls[rebuilt + 1 :]
    assert not PendingReindex.objects.exists()
    assert not ExternalRebuild.objects.exists()


def test_a_failed_rebuild_keeps_the_changes_queued(
    external, make_practice, django_capture_on_commit_callbacks
):
    def publish_meanwhile():
        with django_capture_on_commit_callbacks(execute=True):
            make_practice("Foster family network", slug="foster")

    external(RecordingEngine(during_rebuild=publish_meanwhile, fail=True))
    with pytest.raises(SearchUnavailable):
        indexing.rebuild()
    assert not ExternalRebuild.objects.exists()
    assert PendingReindex.objects.count() == 1

    key = str(PendingReindex.objects.get().translation_key)
    engine = external(RecordingEngine())
    assert indexing.sync() == ([key], [])
    assert engine.calls == [("replaced", ["Foster family network"])]
    assert not PendingReindex.objects.exists()
