"""The search index stays true to the content, event by event, observed
through the public search (the JSON endpoint and the HTML page)."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from site_helpers import HOST
from site_helpers import search_api as api
from site_helpers import search_titles as titles
from wagtail.models import PageViewRestriction

from home.models import HomePage
from practices.localize.po_translation import translate
from practices.models import ErasmusProject, Organisation, PracticeIndexPage, PracticePage
from search.models import IndexedPractice, PendingReindex

pytestmark = pytest.mark.django_db

FRENCH = {
    "title": "Jardins partagés entre générations",
    "slug": "jardins-partages",
    "summary": "Des retraités et des écoliers cultivent ensemble un potager.",
    "context": "<p>Le contexte de la pratique.</p>",
    "method_text": "<ol><li>Première étape.</li><li>Deuxième étape.</li></ol>",
    "outcomes": "<p>Ce qui a changé.</p>",
    "transferability": "<p>Ce qu'un autre pays doit adapter.</p>",
}


def hits(client, q="", lang="en", **params):
    return {hit["title"]: hit for hit in api(client, q, lang, **params)["results"]}


def facet(data, name):
    return {
        value["value"]: (value["label"], value["count"])
        for found in data["facets"]
        if found["name"] == name
        for value in found["values"]
    }


def html_titles(client, q, lang="en"):
    response = client.get(f"/{lang}/search/", {"q": q}, HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(node.get_text(" ").split()) for node in soup.select(".result .card__title")]


def gardening(make_practice, **fields):
    return make_practice(
        "Intergenerational gardening",
        slug="gardening",
        summary="Pensioners and pupils grow vegetables together.",
        **fields,
    )


# Publishing -----------------------------------------------------------------


def test_publishing_a_practice_makes_it_findable_at_once(client, make_practice):
    assert titles(client, "vegetables") == []
    assert IndexedPractice.objects.count() == 0

    gardening(make_practice)

    assert titles(client, "vegetables") == ["Intergenerational gardening"]
    assert titles(client, "intergenerational") == ["Intergenerational gardening"]
    assert html_titles(client, "vegetables") == ["Intergenerational gardening"]
    hit = hits(client, "vegetables")["Intergenerational gardening"]
    assert hit["url"] == "http://localhost/en/practices/gardening/"


def test_a_practice_saved_as_draft_is_not_findable(client, make_practice):
    make_practice("Intergenerational gardening", publish=False)

    assert titles(client, "intergenerational") == []
    assert titles(client) == []


def test_a_new_revision_replaces_the_old_words(client, make_practice):
    page = gardening(make_practice)

    page.title = "Neighbourhood orchards"
    page.summary = "Residents plant fruit trees in social housing estates."
    page.save_revision().publish()

    assert titles(client, "orchards") == ["Neighbourhood orchards"]
    assert titles(client, "fruit trees") == ["Neighbourhood orchards"]
    assert titles(client, "gardening") == []
    assert titles(client, "vegetables") == []
    assert html_titles(client, "orchards") == ["Neighbourhood orchards"]
    assert IndexedPractice.objects.count() == 1


def test_an_unpublished_draft_revision_is_not_searched(client, make_practice):
    page = gardening(make_practice)

    page.title = "Neighbourhood orchards"
    page.save_revision()  # a draft: the live version stays as it was

    assert titles(client, "orchards") == []
    assert titles(client, "gardening") == ["Intergenerational gardening"]


def test_unpublishing_removes_the_practice_and_republishing_brings_it_back(client, make_practice):
    page = gardening(make_practice)

    page.unpublish()

    assert titles(client, "vegetables") == []
    assert titles(client) == []
    assert html_titles(client, "vegetables") == []

    page.refresh_from_db()
    page.get_latest_revision().publish()

    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_deleting_removes_the_practice(client, make_practice):
    page = gardening(make_practice)
    make_practice("Foster family network")

    page.delete()

    assert titles(client, "vegetables") == []
    assert titles(client) == ["Foster family network"]
    assert IndexedPractice.objects.filter(pk=page.pk).count() == 0


def test_deleting_the_index_removes_its_practices(client, make_practice, site_tree):
    gardening(make_practice)
    make_practice("Pratique française", locale="fr", slug="pratique-francaise")

    site_tree["index"].refresh_from_db()
    site_tree["index"].delete()

    assert titles(client) == ["Pratique française"]
    assert titles(client, "vegetables") == []


def test_unpublishing_the_index_with_its_practices_in_the_admin_removes_them(
    client, admin_client, make_practice, site_tree
):
    gardening(make_practice)
    make_practice("Foster family network")

    response = admin_client.post(
        reverse("wagtailadmin_pages:unpublish", args=[site_tree["index"].pk]),
        {"include_descendants": "on"},
    )

    assert response.status_code == 302
    assert titles(client) == []


def test_scheduled_publication_and_expiry_update_the_index(client, make_practice):
    page = gardening(make_practice, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = page.save_revision()
    revision.publish()  # scheduled for tomorrow
    assert titles(client) == []

    # Tomorrow has come.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = yesterday.isoformat()
    revision.approved_go_live_at = yesterday
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())

    assert titles(client, "vegetables") == ["Intergenerational gardening"]

    PracticePage.objects.filter(pk=page.pk).update(expire_at=timezone.now())
    call_command("publish_scheduled", stdout=io.StringIO())

    assert titles(client, "vegetables") == []


def test_a_copy_published_in_the_admin_is_findable(client, admin_client, make_practice, site_tree):
    page = gardening(make_practice)

    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Community gardening",
            "new_slug": "community-gardening",
            "new_parent_page": site_tree["index"].pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    assert sorted(titles(client, "vegetables")) == [
        "Community gardening",
        "Intergenerational gardening",
    ]


def test_an_alias_created_in_the_admin_is_indexed_as_a_rebuild_would(
    client, admin_client, make_practice, site_tree, django_capture_on_commit_callbacks
):
    page = gardening(make_practice)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            {
                "new_title": "Intergenerational gardening",
                "new_slug": "gardening-alias",
                "new_parent_page": site_tree["index"].pk,
                "alias": "on",
            },
        )
    assert response.status_code == 302
    alias = PracticePage.objects.get(alias_of=page)
    assert alias.live
    assert client.get("/en/practices/gardening-alias/", HTTP_HOST=HOST).status_code == 200
    listing = BeautifulSoup(client.get("/en/practices/", HTTP_HOST=HOST).content, "html.parser")
    assert len(listing.select(".card__title")) == 2
    incremental = api(client, "vegetables")

    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())

    rebuilt = api(client, "vegetables")
    assert rebuilt["total"] == 2  # the practice and its alias
    assert incremental == rebuilt


# Translations ----------------------------------------------------------------


def test_a_published_translation_is_shown_to_its_language_only(client, make_practice, locales):
    page = gardening(make_practice)
    make_practice("Foster family network")

    translate(page, locales["fr"], FRENCH)

    assert sorted(titles(client, lang="fr")) == [
        "Foster family network",
        "Jardins partagés entre générations",
    ]
    assert sorted(titles(client, lang="en")) == [
        "Foster family network",
        "Intergenerational gardening",
    ]
    # Italian has no translation: the original, once.
    assert sorted(titles(client, lang="it")) == [
        "Foster family network",
        "Intergenerational gardening",
    ]
    french = hits(client, "potager", lang="fr")["Jardins partagés entre générations"]
    assert french["language"] == "fr"
    assert french["in_requested_language"] is True
    assert french["url"] == "http://localhost/fr/pratiques/jardins-partages/"
    # The English words do not bring the English version to French visitors.
    assert titles(client, "vegetables", lang="fr") == []
    assert titles(client, "potager", lang="en") == []
    assert api(client, lang="fr")["total"] == 2


def test_a_draft_translation_is_never_shown(client, make_practice, locales):
    page = gardening(make_practice)

    draft = translate(page, locales["fr"], FRENCH, publish=False)

    assert not draft.live
    assert titles(client, lang="fr") == ["Intergenerational gardening"]
    assert titles(client, "potager", lang="fr") == []
    assert titles(client, "potager", lang="en") == []
    assert IndexedPractice.objects.filter(language="fr").count() == 0
    # Nor the draft of a new revision of a live translation.
    french = translate(page, locales["fr"], FRENCH).specific
    french.title = "Titre en brouillon"
    french.save_revision()
    assert titles(client, lang="fr") == ["Jardins partagés entre générations"]
    assert titles(client, "brouillon", lang="fr") == []


def test_deleting_a_translation_shows_the_original_again_in_its_language(
    client, make_practice, locales
):
    page = gardening(make_practice)
    french = translate(page, locales["fr"], FRENCH)
    assert titles(client, lang="fr") == ["Jardins partagés entre générations"]

    french.delete()

    assert titles(client, lang="fr") == ["Intergenerational gardening"]
    hit = hits(client, "vegetables", lang="fr")["Intergenerational gardening"]
    assert hit["in_requested_language"] is False
    assert titles(client, "potager", lang="fr") == []


def test_unpublishing_the_original_leaves_its_translation_for_every_language(
    client, make_practice, locales
):
    page = gardening(make_practice)
    translate(page, locales["fr"], FRENCH)

    page.unpublish()

    for lang in ("en", "fr", "it"):
        assert titles(client, lang=lang) == ["Jardins partagés entre générations"], lang
    assert titles(client, "vegetables") == []


# Moves and privacy -------------------------------------------------------------


def test_moving_a_practice_under_another_index_updates_its_url(
    client, make_practice, site_tree, locales
):
    page = gardening(make_practice)
    other_home = HomePage(title="Archive", slug="archive", locale=locales["en"])
    site_tree["home"].add_child(instance=other_home)
    other_home.save_revision().publish()
    archive = PracticeIndexPage(title="Archived practices", slug="archived")
    other_home.add_child(instance=archive)
    archive.save_revision().publish()

    page.move(archive, pos="last-child")

    hit = hits(client, "vegetables")["Intergenerational gardening"]
    assert hit["url"] == "http://localhost/en/archive/archived/gardening/"
    assert client.get(hit["url"], HTTP_HOST=HOST).status_code == 200


def test_moving_the_index_updates_the_urls_of_its_practices(
    client, make_practice, site_tree, locales
):
    gardening(make_practice)
    make_practice("Foster family network", slug="foster")
    section = HomePage(title="Projects", slug="projects", locale=locales["en"])
    site_tree["home"].add_child(instance=section)
    section.save_revision().publish()

    site_tree["index"].refresh_from_db()
    site_tree["index"].move(section, pos="last-child")

    found = hits(client)
    assert found["Intergenerational gardening"]["url"] == (
        "http://localhost/en/projects/practices/gardening/"
    )
    assert found["Foster family network"]["url"] == (
        "http://localhost/en/projects/practices/foster/"
    )


def test_renaming_the_index_slug_updates_the_urls_of_its_practices(
    client, make_practice, site_tree, django_capture_on_commit_callbacks
):
    gardening(make_practice)
    index = site_tree["index"]
    index.refresh_from_db()
    index.slug = "good-practices"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()

    url = hits(client)["Intergenerational gardening"]["url"]
    assert url == "http://localhost/en/good-practices/gardening/"
    assert client.get(url, HTTP_HOST=HOST).status_code == 200


def test_a_password_restriction_hides_the_practice_and_removing_it_shows_it_again(
    client, make_practice
):
    page = gardening(make_practice)

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert titles(client, "vegetables") == []
    assert html_titles(client, "vegetables") == []

    restriction.delete()

    assert titles(client, "vegetables") == ["Intergenerational gardening"]


def test_a_restriction_on_the_index_hides_every_practice_below_it(client, make_practice, site_tree):
    gardening(make_practice)
    make_practice("Foster family network")

    restriction = PageViewRestriction.objects.create(
        page=site_tree["index"], restriction_type=PageViewRestriction.LOGIN
    )

    assert titles(client) == []

    restriction.delete()

    assert sorted(titles(client)) == ["Foster family network", "Intergenerational gardening"]


# Terms, countries, organisations and projects ------------------------------------


def test_renaming_a_french_theme_translation_changes_the_french_keywords(
    client, make_practice, themes, locales
):
    page = gardening(make_practice, themes_=[themes["ageing"]])
    translate(page, locales["fr"], FRENCH)
    assert titles(client, "vieillissement", lang="fr") == ["Jardins partagés entre générations"]

    french_theme = themes["ageing"].get_translation(locales["fr"])
    french_theme.name = "Longévité et grand âge"
    french_theme.save()

    assert titles(client, "longévité", lang="fr") == ["Jardins partagés entre générations"]
    assert titles(client, "longevite", lang="fr") == ["Jardins partagés entre générations"]
    assert titles(client, "vieillissement", lang="fr") == []
    # The facet is labelled with the new name too.
    assert facet(api(client, lang="fr"), "theme")["ageing"] == ("Longévité et grand âge", 1)
    # The English version keeps the English name.
    assert titles(client, "ageing", lang="en") == ["Intergenerational gardening"]


def test_changing_a_country_code_changes_the_country_facet(client, make_practice, countries):
    gardening(make_practice, countries_=[countries["FR"]])
    assert facet(api(client), "country") == {"fr": ("France", 1)}

    country = countries["FR"]
    country.code = "BE"
    country.save()

    data = api(client)
    assert facet(data, "country") == {"be": ("Belgium", 1)}
    assert data["results"][0]["countries"] == [{"code": "be", "name": "Belgium"}]
    assert titles(client, country="be") == ["Intergenerational gardening"]
    filtered = client.get("/api/v1/search/", {"lang": "en", "country": "fr"}).json()
    assert filtered["total"] == 1  # "fr" names nothing now: ignored, with a notice
    assert filtered["notices"]


def test_changing_a_project_acronym_updates_the_project_facet(client, make_practice):
    project = ErasmusProject.objects.create(
        title="Tomorrow's jobs in social work", acronym="TJSW", key_action="KA2", call_year=2019
    )
    gardening(make_practice, project=project)
    assert facet(api(client), "project") == {str(project.pk): ("TJSW", 1)}
    assert titles(client, "tjsw") == ["Intergenerational gardening"]

    project.acronym = "NEWJOBS"
    project.save()

    assert facet(api(client), "project") == {str(project.pk): ("NEWJOBS", 1)}
    assert titles(client, "newjobs") == ["Intergenerational gardening"]
    assert titles(client, "tjsw") == []


def test_renaming_an_organisation_changes_the_keywords(client, make_practice):
    organisation = Organisation.objects.create(name="Maison Bleue", country="FR")
    page = gardening(make_practice)
    page.organisations = [organisation]
    page.save_revision().publish()
    assert titles(client, "bleue") == ["Intergenerational gardening"]

    organisation.name = "Maison Verte"
    organisation.save()

    assert titles(client, "verte") == ["Intergenerational gardening"]
    assert titles(client, "bleue") == []


# Transactions -------------------------------------------------------------------


class Abort(Exception):
    pass


def test_a_rolled_back_publish_leaves_no_trace_in_the_index(client, make_practice):
    with pytest.raises(Abort), transaction.atomic():
        gardening(make_practice)
        assert titles(client, "vegetables") == ["Intergenerational gardening"]
        raise Abort

    assert IndexedPractice.objects.count() == 0
    assert titles(client, "vegetables") == []
    assert titles(client) == []


def test_a_rolled_back_unpublish_leaves_the_practice_findable(client, make_practice):
    page = gardening(make_practice)

    with pytest.raises(Abort), transaction.atomic():
        page.unpublish()
        assert titles(client, "vegetables") == []
        raise Abort

    assert titles(client, "vegetables") == ["Intergenerational gardening"]
    assert IndexedPractice.objects.count() == 1


# Elasticsearch unreachable --------------------------------------------------------


def test_an_unreachable_elasticsearch_queues_the_practice_without_failing_the_publish(
    client, make_practice, settings, django_capture_on_commit_callbacks
):
    database_only = settings.ELASTICSEARCH
    # Nothing listens on port 9 (discard): the connection is refused at once.
    settings.ELASTICSEARCH = {**database_only, "url": "http://127.0.0.1:9", "timeout": 2}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = gardening(make_practice)

    assert callbacks  # the update of Elasticsearch was attempted after the commit
    page.refresh_from_db()
    assert page.live
    assert list(PendingReindex.objects.values_list("translation_key", "engine")) == [
        (page.translation_key, "elasticsearch")
    ]
    assert PendingReindex.objects.get().error
    # Searches fall back to the database engine, with a notice.
    data = api(client, "vegetables")
    assert [hit["title"] for hit in data["results"]] == ["Intergenerational gardening"]
    assert data["notices"]

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("sync_search_index", stdout=out)
    assert "0 practices repaired, 1 still failing" in out.getvalue()
    assert PendingReindex.objects.filter(translation_key=page.translation_key).exists()

    settings.ELASTICSEARCH = database_only
    assert titles(client, "vegetables") == ["Intergenerational gardening"]
    call_command("sync_search_index", stdout=io.StringIO())
    assert not PendingReindex.objects.exists()


# Rebuilding -----------------------------------------------------------------------


def test_rebuild_prints_the_documents_per_language(make_practice, locales):
    page = gardening(make_practice)
    make_practice("Foster family network")
    make_practice("Pratique française", locale="fr", slug="pratique-francaise")
    translate(page, locales["fr"], FRENCH)

    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)

    summary = out.getvalue()
    assert summary.startswith("database: 4 documents for 3 practices (en: 2, fr: 2) in ")
    assert len(summary.strip().splitlines()) == 1
    assert IndexedPractice.objects.count() == 4


def test_rebuild_gives_the_same_results_as_incremental_indexing(
    client, make_practice, themes, countries, locales
):
    page = gardening(make_practice, themes_=[themes["ageing"]], countries_=[countries["IT"]])
    foster = make_practice(
        "Foster family network",
        themes_=[themes["child-protection"]],
        countries_=[countries["FR"], countries["LT"]],
        start_year=2021,
    )
    make_practice("Pratique française", locale="fr", slug="pratique-francaise")
    translate(page, locales["fr"], FRENCH)
    foster.title = "Foster family network (revised)"
    foster.save_revision().publish()
    make_practice("Withdrawn practice").unpublish()
    searches = [
        {"lang": lang, **params}
        for lang in ("en", "fr", "it")
        for params in (
            {},
            {"q": "practice"},
            {"q": "vegetables"},
            {"theme": "ageing"},
            {"country": "fr", "sort": "title"},
            {"year_from": "2020"},
        )
    ]

    def answers():
        return [client.get("/api/v1/search/", params).json() for params in searches]

    incremental = answers()
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    rebuilt = answers()

    assert rebuilt == incremental
    assert any(answer["total"] for answer in incremental)
