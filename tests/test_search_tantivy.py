"""The Tantivy engine keeps up with the content after each commit, with real commits
(transactional tests), one writer at a time and a catch-up queue; answers
themselves are proven by the conformance suite and the relevance table."""

import io
import logging
import os
import threading
import time

import pytest
import tantivy
from django.core.management import CommandError, call_command
from django.db import transaction
from search_engines import configure
from site_helpers import search_api as api
from site_helpers import search_titles as titles
from wagtail.models import PageViewRestriction

from practices.localize.po_translation import translate
from search import index_entries, service
from search.engines import tantivy as tantivy_engine
from search.models import PendingReindex
from search.query import SearchQuery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def engine(settings):
    configure("tantivy", settings)
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    return tantivy_engine.TantivyEngine(settings.SEARCH_INDEX_DIR)


def gardening(make_practice, **fields):
    return make_practice(
        "Intergenerational gardening",
        slug="gardening",
        summary="Pensioners and pupils grow vegetables together.",
        **fields,
    )


def engine_answering(text):
    return service.search(SearchQuery(language="en", text=text)).engine


class Abort(Exception):
    pass


def test_publish_revise_unpublish_and_delete_reach_the_index_after_each_commit(
    client, make_practice
):
    page = gardening(make_practice)
    assert engine_answering("vegetables") == "tantivy"
    assert titles(client, "vegetables") == ["Intergenerational gardening"]

    page.summary = "Pensioners and pupils grow herbs together."
    page.save_revision().publish()
    assert titles(client, "vegetables") == []
    assert titles(client, "herbs") == ["Intergenerational gardening"]

    page.unpublish()
    assert titles(client, "herbs") == []
    page.save_revision().publish()
    assert titles(client, "herbs") == ["Intergenerational gardening"]

    page.delete()
    assert titles(client, "herbs") == []
    assert not PendingReindex.objects.exists()


def test_a_translation_a_draft_and_a_restriction(client, make_practice, locales):
    page = gardening(make_practice)
    make_practice("Draft practice about vegetables", publish=False)
    assert titles(client, "légumes", lang="fr") == []
    assert titles(client, "vegetables", lang="fr") == ["Intergenerational gardening"]

    translate(
        page,
        locales["fr"],
        {
            "title": "Jardins partagés",
            "slug": "jardins-partages",
            "summary": "Des retraités et des écoliers cultivent des légumes.",
            "context": "<p>Le contexte.</p>",
        },
    )
    assert titles(client, "légumes", lang="fr") == ["Jardins partagés"]
    assert titles(client, "vegetables", lang="fr") == []
    assert titles(client, "vegetables") == ["Intergenerational gardening"]

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client, "vegetables") == []
    restriction.delete()
    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_a_rolled_back_publish_never_reaches_the_index(client, make_practice):
    with pytest.raises(Abort), transaction.atomic():
        gardening(make_practice)
        raise Abort
    assert titles(client, "vegetables") == []
    assert titles(client) == []


def test_a_busy_writer_queues_the_update_and_sync_repairs_it(
    client, make_practice, engine, monkeypatch, caplog
):
    """Another process holds the index's only writer: the publish succeeds, the
    practice is queued with the reason, and `sync_search_index` repairs it."""
    monkeypatch.setattr(tantivy_engine, "WRITER_WAIT", 0.2)
    other = tantivy.Index.open(str(engine.path)).writer(15_000_000, 1)
    with caplog.at_level(logging.ERROR, logger="search"):
        page = gardening(make_practice)
    assert page.live
    (queued,) = PendingReindex.objects.all()
    assert (queued.translation_key, queued.engine) == (page.translation_key, "tantivy")
    assert "busy" in queued.error
    assert "(queued)" in caplog.text
    assert titles(client, "vegetables") == []

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sync_search_index", stdout=out)
    assert "0 practices repaired, 1 still failing" in out.getvalue()

    other.rollback()
    del other  # the lock goes with the writer
    call_command("sync_search_index", stdout=io.StringIO())
    assert not PendingReindex.objects.exists()
    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_a_writer_waits_for_another_to_finish(client, make_practice, engine):
    holder = tantivy.Index.open(str(engine.path)).writer(15_000_000, 1)

    def release():
        time.sleep(0.5)
        holder.commit()
        holder.wait_merging_threads()

    releasing = threading.Thread(target=release)
    releasing.start()
    gardening(make_practice)
    releasing.join()
    assert not PendingReindex.objects.exists()
    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_updates_during_a_rebuild_are_replayed_after_it(client, make_practice, monkeypatch):
    foster = make_practice("Foster family network", slug="foster")
    published_meanwhile = []
    every_batch = index_entries.batches

    def batches(batch_size=500):
        yield from every_batch(batch_size)
        if not published_meanwhile:  # an editor publishes while the rebuild runs
            published_meanwhile.append(gardening(make_practice))
            foster.unpublish()

    monkeypatch.setattr(index_entries, "batches", batches)
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())

    assert published_meanwhile
    assert engine_answering("vegetables") == "tantivy"
    assert titles(client, "vegetables") == ["Intergenerational gardening"]
    assert titles(client, "foster") == []
    assert not PendingReindex.objects.exists()


def test_without_an_index_the_database_answers_and_the_log_says_why(
    client, make_practice, settings, caplog
):
    gardening(make_practice)
    settings.SEARCH_INDEX_DIR = str(settings.SEARCH_INDEX_DIR) + "-never-built"
    with caplog.at_level(logging.ERROR, logger="search"):
        data = api(client, "vegetables")
    assert engine_answering("vegetables") == "database"
    assert [hit["title"] for hit in data["results"]] == ["Intergenerational gardening"]
    assert not data["notices"]  # the same answers: nothing to warn the visitor of
    assert "rebuild_search_index" in caplog.text


def test_another_worker_sees_a_commit_at_its_next_search(
    client, make_practice, engine, monkeypatch
):
    """Each worker reads with its own reader: one that read before a publish made
    in another process finds the practice at its very next search."""
    real_pid = os.getpid()
    monkeypatch.setattr(tantivy_engine.os, "getpid", lambda: real_pid + 1)  # another worker
    assert engine_answering("vegetables") == "tantivy"
    assert titles(client, "vegetables") == []
    monkeypatch.setattr(tantivy_engine.os, "getpid", lambda: real_pid)  # the editor's
    gardening(make_practice)
    monkeypatch.setattr(tantivy_engine.os, "getpid", lambda: real_pid + 1)
    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_rebuild_reports_tantivy_beside_the_database(make_practice, locales):
    gardening(make_practice)
    make_practice("Pratique française", locale="fr", slug="pratique-francaise")
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("database: 2 documents for 2 practices")
    assert lines[1].startswith("tantivy: 2 documents for 2 practices")


def test_before_the_first_rebuild_a_publish_never_makes_a_partial_index(
    client, make_practice, settings
):
    """Updates wait for the rebuild (the database answers until then): an index of
    only the practices published since would hide every other practice."""
    make_practice("Foster family network", slug="foster")
    settings.SEARCH_INDEX_DIR = str(settings.SEARCH_INDEX_DIR) + "-upgraded"
    gardening(make_practice)
    assert engine_answering("foster") == "database"
    assert titles(client, "foster") == ["Foster family network"]
    assert not PendingReindex.objects.exists()

    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    assert engine_answering("foster") == "tantivy"
    assert titles(client, "foster") == ["Foster family network"]
    assert titles(client, "vegetables") == ["Intergenerational gardening"]
