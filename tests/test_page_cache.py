"""The page cache (home/page_cache.py): anonymous answers of public pages are
kept and served again, and never once anything they show has changed, nor
for signed-in users, previews, restricted pages or answers setting cookies;
Wagtail's frontend cache is purged on publish."""

import io
import statistics
import time
from unittest import mock

import pytest
from django.core.signals import request_finished
from django.middleware.csrf import get_token
from site_helpers import get
from translator_helpers import practice_values
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.models import PageViewRestriction

from home import page_cache
from practices.localize.po_translation import translate
from practices.models import Organisation, PracticeIndexPage

HIT = page_cache.HIT_HEADER


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def seniors(cache_on, catalogue):
    return catalogue["seniors"]


def fill(client, url, **extra):
    """GET `url` twice: the first answer is kept, the second comes from the cache."""
    first = get(client, url, **extra)
    assert first.status_code == 200, (url, first.status_code)
    assert first[HIT] == "miss", url
    second = get(client, url, **extra)
    assert second[HIT] == "hit", url
    return second


def titles(api_response):
    return [hit["title"] for hit in api_response.json()["results"]]


PUBLIC_URLS = (
    "/en/",
    "/fr/",
    "/en/practices/",
    "/en/practices/seniors/",
    "/en/search/",
    "/en/search/?q=pensioners&theme=ageing",
    "/en/themes/ageing/",
    "/en/countries/fr/",
    "/en/feed/",
    "/sitemap.xml",
    "/api/v1/search/?q=pensioners&lang=en",
    "/api/v1/openapi.json",
)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_public_page_is_served_from_the_cache_without_a_query(
    client, seniors, url, django_assert_num_queries
):
    first = get(client, url)
    assert first.status_code == 200
    assert first[HIT] == "miss"
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second[HIT] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_head_request_is_answered_from_the_kept_get(client, seniors, django_assert_num_queries):
    get(client, "/en/practices/seniors/")
    with django_assert_num_queries(0):
        response = client.head("/en/practices/seniors/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response[HIT] == "hit"


@pytest.mark.django_db
def test_the_cache_is_off_unless_a_test_turns_it_on(client, catalogue):
    for _ in range(2):
        response = get(client, "/en/practices/seniors/")
        assert response.status_code == 200
        assert HIT not in response


@pytest.mark.django_db
def test_the_search_fragment_and_the_full_page_are_kept_apart(client, seniors):
    url = "/en/search/?q=pensioners"
    full = fill(client, url)
    fragment = fill(client, url, HTTP_X_SEARCH_FRAGMENT="1")
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert b"Home support for seniors" in fragment.content
    assert get(client, url).content == full.content
    assert get(client, url, HTTP_X_SEARCH_FRAGMENT="1").content == fragment.content


# Changes visible at the next request ------------------------------------------------------


@pytest.mark.django_db
def test_a_publish_is_visible_at_the_next_request(client, seniors, make_practice):
    fill(client, "/en/practices/")
    fill(client, "/en/practices/seniors/")
    fill(client, "/en/search/?q=gardening")

    make_practice("Intergenerational gardening", slug="gardening", summary="Gardening together.")
    assert b"Intergenerational gardening" in get(client, "/en/practices/").content
    assert b"Intergenerational gardening" in get(client, "/en/search/?q=gardening").content

    seniors.title = "Home support for older people"
    seniors.save_revision().publish()
    response = get(client, "/en/practices/seniors/")
    assert response[HIT] == "miss"
    assert b"Home support for older people" in response.content


@pytest.mark.django_db
def test_an_unpublish_is_visible_at_the_next_request(client, seniors):
    fill(client, "/en/practices/seniors/")
    fill(client, "/en/practices/")

    seniors.unpublish()
    assert get(client, "/en/practices/seniors/").status_code == 404
    assert b"Home support for seniors" not in get(client, "/en/practices/").content


@pytest.mark.django_db
def test_a_draft_changes_nothing_until_published(client, seniors):
    fill(client, "/en/practices/seniors/")
    seniors.title = "A draft title"
    revision = seniors.save_revision()
    assert b"A draft title" not in get(client, "/en/practices/seniors/").content
    revision.publish()
    assert b"A draft title" in get(client, "/en/practices/seniors/").content


@pytest.mark.django_db
def test_a_renamed_theme_is_visible_at_the_next_request(client, seniors, themes):
    fill(client, "/en/practices/seniors/")
    fill(client, "/en/themes/ageing/")

    theme = themes["ageing"]
    theme.name = "Growing old at home"
    theme.save()
    assert b"Growing old at home" in get(client, "/en/practices/seniors/").content
    assert b"Growing old at home" in get(client, "/en/themes/ageing/").content


@pytest.mark.django_db
def test_a_renamed_organisation_is_visible_at_the_next_request(client, make_practice, cache_on):
    organisation = Organisation.objects.create(name="Association Domicile Plus", country="FR")
    make_practice("Home support", slug="home-support", organisations=[organisation])
    fill(client, "/en/practices/home-support/")

    organisation.name = "Domicile Plus Nantes"
    organisation.save()
    assert b"Domicile Plus Nantes" in get(client, "/en/practices/home-support/").content


@pytest.mark.django_db
def test_a_translation_is_visible_at_the_next_request(client, seniors, locales):
    fill(client, "/fr/pratiques/")
    fill(client, "/fr/search/?q=domicile")

    translate(
        seniors, locales["fr"], practice_values("Aide à domicile", "aide-a-domicile", seniors)
    )
    assert "Aide à domicile" in get(client, "/fr/pratiques/").content.decode()
    assert get(client, "/fr/pratiques/aide-a-domicile/").status_code == 200
    assert "Aide à domicile" in get(client, "/fr/search/?q=domicile").content.decode()


@pytest.mark.django_db
def test_a_move_is_visible_at_the_next_request(client, seniors, site_tree):
    fill(client, "/en/practices/seniors/")
    more = PracticeIndexPage(title="More practices", slug="more")
    site_tree["home"].add_child(instance=more)
    more.save_revision().publish()

    seniors.move(more, pos="last-child")
    old = get(client, "/en/practices/seniors/")
    assert old.status_code == 301  # Wagtail's automatic redirect
    assert old["Location"] == "/en/more/seniors/"
    assert b'href="/en/more/seniors/"' in get(client, "/en/practices/").content
    assert get(client, "/en/more/seniors/").status_code == 200


@pytest.mark.django_db
def test_a_login_restriction_is_visible_at_the_next_request(client, seniors):
    api = "/api/v1/search/?q=pensioners&lang=en"
    fill(client, "/en/practices/seniors/")
    fill(client, "/en/practices/")
    assert "Home support for seniors" in titles(fill(client, api))

    restriction = PageViewRestriction.objects.create(
        page=seniors, restriction_type=PageViewRestriction.LOGIN
    )
    response = get(client, "/en/practices/seniors/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert b"Home support for seniors" not in get(client, "/en/practices/").content
    assert "Home support for seniors" not in titles(get(client, api))

    restriction.delete()
    assert get(client, "/en/practices/seniors/").status_code == 200


@pytest.mark.django_db
def test_a_password_protected_page_is_never_kept(client, seniors):
    PageViewRestriction.objects.create(
        page=seniors, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        response = get(client, "/en/practices/seniors/")
        assert response.status_code == 200
        assert b'name="password"' in response.content  # Wagtail's password form
        assert HIT not in response


@pytest.mark.django_db
def test_a_restricted_page_answering_200_is_not_kept(client, seniors):
    """Should a restricted page answer 200 (a hook letting the request
    through), its answer still stays out of the cache."""
    PageViewRestriction.objects.create(page=seniors, restriction_type=PageViewRestriction.LOGIN)

    def let_through(page, request, serve_args, serve_kwargs):
        return page.serve(request, *serve_args, **serve_kwargs)

    with hooks.register_temporarily("before_serve_page", let_through):
        for _ in range(2):
            response = get(client, "/en/practices/seniors/")
            assert response.status_code == 200
            assert HIT not in response


# Who never gets or fills the cache ----------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_user_neither_gets_nor_fills_the_cache(client, seniors, superuser):
    fill(client, "/en/practices/seniors/")
    client.force_login(superuser)
    for url in ("/en/practices/seniors/", "/en/practices/"):
        response = get(client, url)
        assert response.status_code == 200
        assert HIT not in response
    client.logout()
    assert get(client, "/en/practices/")[HIT] == "miss"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=whatever"},
        {"HTTP_COOKIE": "messages=whatever"},
        {"HTTP_AUTHORIZATION": "Basic ZWRpdG9yOnBhc3N3b3Jk"},
    ],
    ids=["session cookie", "messages cookie", "authorization"],
)
def test_requests_carrying_credentials_bypass_the_cache(client, seniors, extra):
    fill(client, "/en/practices/seniors/")
    client.cookies.clear()
    for _ in range(2):
        response = get(client, "/en/practices/", **extra)
        assert response.status_code == 200
        assert HIT not in response
    client.cookies.clear()  # the session cookie the answer deleted
    assert get(client, "/en/practices/")[HIT] == "miss"


@pytest.mark.django_db
def test_an_answer_setting_a_cookie_is_not_kept(client, seniors):
    def use_csrf_token(page, request, serve_args, serve_kwargs):
        get_token(request)

    with hooks.register_temporarily("before_serve_page", use_csrf_token):
        response = get(client, "/en/practices/seniors/")
        assert response.cookies
        assert HIT not in response
        client.cookies.clear()
        assert HIT not in get(client, "/en/practices/seniors/")


@pytest.mark.django_db
def test_a_preview_is_never_served_nor_kept(client, seniors):
    seniors.title = "Draft under review"
    seniors.save_revision()
    published = fill(client, "/en/practices/seniors/")
    assert b"Draft under review" not in published.content

    preview = seniors.make_preview_request()
    assert b"Draft under review" in preview.content
    assert HIT not in preview
    response = get(client, "/en/practices/seniors/")
    assert response[HIT] == "hit"
    assert response.content == published.content


@pytest.mark.django_db
def test_the_admins_are_never_looked_up(client, seniors):
    with mock.patch.object(page_cache.PageCacheMiddleware, "_cached", return_value=None) as lookup:
        for url in ("/admin/login/", "/django-admin/login/", "/admin/pages/"):
            assert HIT not in get(client, url)
        assert not lookup.called
        get(client, "/en/practices/")
        assert lookup.called


@pytest.mark.django_db
def test_a_post_is_never_answered_from_the_cache(client, seniors):
    fill(client, "/api/v1/search/?q=pensioners&lang=en")
    response = client.post("/api/v1/search/?q=pensioners&lang=en", HTTP_HOST="localhost")
    assert response.status_code == 405
    assert HIT not in response


@pytest.mark.django_db
def test_non_200_answers_are_not_kept(client, seniors):
    for _ in range(2):
        response = get(client, "/en/practices/nothing-here/")
        assert response.status_code == 404
        assert HIT not in response


# Generations -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_committed_writes_move_every_process_to_a_new_generation(site_tree):
    before = page_cache.shared_generation()
    site_tree["index"].save_revision().publish()
    after = page_cache.shared_generation()
    assert after > before


@pytest.mark.django_db
def test_in_a_transaction_only_the_writer_moves_at_once_then_everyone_after_the_commit(
    site_tree, django_capture_on_commit_callbacks
):
    shared = page_cache.shared_generation()
    prefix = page_cache.key_prefix()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site_tree["index"].save_revision().publish()
        # Pages this connection renders now are kept apart from everyone's.
        assert page_cache.shared_generation() == shared
        assert page_cache.key_prefix() not in (prefix, f"page-cache.{shared}")
    assert callbacks
    assert page_cache.shared_generation() > shared


@pytest.mark.django_db
def test_a_request_that_committed_content_moves_everyone_once_more_at_its_end(
    site_tree, django_capture_on_commit_callbacks
):
    """What the commit's other callbacks changed (Elasticsearch is updated
    after the commit) is never kept under the generation of the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["index"].save_revision().publish()
    committed = page_cache.shared_generation()
    request_finished.send(sender=None)
    assert page_cache.shared_generation() > committed
    request_finished.send(sender=None)  # a request that wrote nothing
    assert page_cache.shared_generation() == committed + 1


@pytest.mark.django_db
def test_a_lost_counter_restarts_above_every_earlier_generation(site_tree):
    from django.core.cache import caches

    before = page_cache.shared_generation()
    caches[page_cache.CACHE_ALIAS].delete(page_cache.GENERATION_KEY)
    assert page_cache.shared_generation() > before


@pytest.mark.django_db
def test_writes_outside_the_content_bump_nothing(site_tree, superuser):
    from django.contrib.sessions.backends.db import SessionStore

    shared = page_cache.shared_generation()
    prefix = page_cache.key_prefix()
    session = SessionStore()
    session["x"] = 1
    session.save()
    superuser.last_name = "Editor"
    superuser.save()
    assert page_cache.key_prefix() == prefix
    assert page_cache.shared_generation() == shared


@pytest.mark.django_db
def test_without_its_cache_server_the_site_answers_and_saves_uncached(client, seniors, caplog):
    down = mock.Mock()
    for method in ("get", "add", "incr", "set"):
        getattr(down, method).side_effect = ConnectionError("cache server down")
    with mock.patch.object(page_cache, "_cache", return_value=down):
        response = get(client, "/en/practices/seniors/")
        assert response.status_code == 200
        assert HIT not in response
        page_cache.bump()  # as after a commit
    assert "Page cache" in caplog.text


# Wagtail's frontend cache ------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_purges_the_page_from_the_frontend_cache(
    settings, seniors, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://varnish.invalid:6081",
        }
    }
    with (
        mock.patch.object(HTTPBackend, "purge") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        seniors.title = "Home support for older people"
        seniors.save_revision().publish()
        seniors.unpublish()
    assert [call.args[0] for call in purge.call_args_list] == [
        "http://localhost/en/practices/seniors/",
        "http://localhost/en/practices/seniors/",
    ]


# A timing, not an assertion (the report quotes it) ---------------------------------------


@pytest.mark.django_db
def test_time_of_cached_pages(client, seniors, capsys):
    lines = []
    for url in ("/en/", "/en/practices/seniors/", "/en/search/?q=pensioners&theme=ageing"):
        start = time.perf_counter()
        assert get(client, url)[HIT] == "miss"
        uncached = time.perf_counter() - start
        times = []
        for _ in range(10):
            start = time.perf_counter()
            assert get(client, url)[HIT] == "hit"
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        lines.append(f"{url}: first {uncached * 1000:.1f} ms, cached {median * 1000:.2f} ms")
    with capsys.disabled():
        print("\n" + "\n".join(lines))


@pytest.mark.django_db
def test_a_rebuilt_index_or_a_repaired_elasticsearch_is_visible_at_the_next_request(
    client, seniors
):
    """Searches change outside an editor's request too: a rebuild, or sync_search_index
    sending what Elasticsearch missed. Both tell the page cache."""
    from django.core.management import call_command

    from search import indexing

    fill(client, "/en/search/?q=pensioners")
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    assert get(client, "/en/search/?q=pensioners")[HIT] == "miss"

    assert get(client, "/en/search/?q=pensioners")[HIT] == "hit"
    indexing.index_changed.send(sender=indexing.push)
    assert get(client, "/en/search/?q=pensioners")[HIT] == "miss"
