"""Relevance on the demo content, in French, English and Italian: inflected
and unaccented words find their practice, and the practice whose title
matches comes first. The demo is loaded once (about half a minute), so the
checks share one test."""

import io

import pytest
from django.core.management import call_command
from django.http import QueryDict

from search import service

pytestmark = pytest.mark.django_db


def first_titles(language, words, count=1):
    results = service.run(QueryDict(f"q={words}"), language)
    return [hit.title for hit in results.hits[:count]], results


def test_relevance_on_the_demo_content():
    # Publishing indexes every practice as the demo loads: no rebuild needed.
    call_command("load_demo", "--no-admin", stdout=io.StringIO())

    # French.
    assert first_titles("fr", "accueil social universel")[0][0].startswith(
        "L'accueil social universel"
    )
    assert first_titles("fr", "personnes agees domicile")[0][0].startswith("IsèreADOME")
    assert first_titles("fr", "jeunes handicapés")[0][0].startswith(
        "Observation croisée entre quatre établissements"
    )
    metiers = first_titles("fr", "métiers", count=2)[0]
    assert all("métiers" in title for title in metiers)
    assert first_titles("fr", "metiers", 20)[0] == first_titles("fr", "métiers", 20)[0]
    assert first_titles("fr", "enfant", 20)[0] == first_titles("fr", "enfants", 20)[0]
    assert first_titles("fr", "enfant")[1].total >= 1

    # English.
    assert first_titles("en", "job shadowing")[0][0].startswith("Job shadowing between")
    assert first_titles("en", "career counsellors")[0][0].startswith(
        "Up-skilling career counsellors"
    )
    assert first_titles("en", "counsellor", 20)[0] == first_titles("en", "counsellors", 20)[0]

    # Italian: singular and plural, with and without the accent.
    assert first_titles("it", "giovani disabilità")[0][0].startswith("Job shadowing tra quattro")
    assert (
        first_titles("it", "giovane disabilita", 20)[0]
        == first_titles("it", "giovani disabilità", 20)[0]
    )
