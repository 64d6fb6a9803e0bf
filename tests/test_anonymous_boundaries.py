"""What an anonymous visitor never sees, on every public surface at once.

Surfaces: the page itself, the home page, the practice index, the search
page, the theme and country landing pages, the JSON API, the CSV and JSON
exports, the Atom feed, the sitemap, the related practices of a live
neighbour, and (for Elasticsearch) the very bodies the site sends to the
engine. Each threat has a live control on the same surfaces, so a test fails
if a surface stops answering rather than passing vacuously.

Threats, and what already covers parts of them elsewhere (not repeated here):
- drafts (never published; the unpublished changes of a live practice):
  tests/test_search_indexing.py (the API only), test_open_data.py (feed),
  test_proposals.py (a proposal in review);
- revisions and previews (admin URLs, `?preview`-style parameters on public
  URLs, wagtail-localize's translation preview);
- private practices (login and password restrictions): test_search_indexing.py
  (the API), test_public_pages.py (the home page);
- unpublished translations (an Italian draft of a live English practice):
  test_search_indexing.py (the API);
- contact details without consent: test_public_pages.py and
  test_practice_page.py (the page and its JSON-LD);
- admin URLs: every /admin/ and /django-admin/ URL the resolver knows;
- documents of the "Proposals" collection: test_proposals.py.
"""

import json
import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from search_engines import ENGINES, configure
from site_helpers import HOST, get
from translator_helpers import translation_of
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.models import TranslationSource

from practices.models import PracticePage
from search import indexing, service
from search.engines import elasticsearch as es
from search.query import SearchQuery

LIVE = "Lighthousekeepers"  # a word only the live control practice carries
SECRET = "Zanzibarite"  # a word only what the visitor must not see carries

pytestmark = pytest.mark.django_db


# Every public surface of the English site, as text.
def surfaces(client, language="en", q=LIVE):
    """{surface: the text an anonymous visitor gets} (each must answer 200)."""
    urls = {
        "home": f"/{language}/",
        "index": f"/{language}/{'practices' if language == 'en' else 'pratiche'}/",
        "search": f"/{language}/search/?q={q}",
        "browse": f"/{language}/search/",
        "theme": f"/{language}/themes/ageing/",
        "country": f"/{language}/countries/fr/",
        "api": f"/api/v1/search/?lang={language}&q={q}",
        "api_browse": f"/api/v1/search/?lang={language}&per_page=50",
        "csv": f"/{language}/search/export.csv?q={q}",
        "json": f"/{language}/search/export.json",
        "feed": f"/{language}/feed/",
        "sitemap": "/sitemap.xml",
    }
    found = {}
    for name, url in urls.items():
        response = get(client, url)
        assert response.status_code == 200, (name, url, response.status_code)
        found[name] = without_query_echo(name, response)
    return found


def without_query_echo(name, response):
    """What the search page and the API found, without the words they repeat
    back to the visitor (the page's title and form, the API's query)."""
    if name.startswith("api"):
        return json.dumps(response.json()["results"])
    if name.startswith("search"):
        results = BeautifulSoup(response.content, "html.parser").select_one(".results")
        return str(results) if results is not None else ""
    return response.content.decode()


def assert_nowhere(found, *needles):
    for name, text in found.items():
        for needle in needles:
            assert needle not in text, f"{needle!r} leaks into {name}"


@pytest.fixture
def control(make_practice, themes, countries):
    """A live, public practice carrying LIVE; the others share its theme and country."""
    return make_practice(
        f"{LIVE} network",
        slug="control",
        summary=f"{LIVE} keep the coast safe.",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
    )


def assert_control_everywhere(found, language="en"):
    """The surfaces work: the live practice is on each of them."""
    for name in ("search", "browse", "theme", "country", "api", "csv", "json", "feed"):
        assert LIVE in found[name], f"the live practice is missing from {name}"
    assert "/control/" in found["sitemap"]


# Drafts ------------------------------------------------------------------------------


def test_a_never_published_practice_reaches_no_public_surface(client, control, make_practice):
    draft = make_practice(
        f"{SECRET} {LIVE} draft", slug="secret-draft", summary=f"{SECRET}.", publish=False
    )

    found = surfaces(client)
    assert_control_everywhere(found)
    assert_nowhere(found, SECRET, "secret-draft")
    assert get(client, draft.url or "/en/practices/secret-draft/").status_code == 404
    related = get(client, control.url).content.decode()
    assert SECRET not in related and "secret-draft" not in related


def test_the_unpublished_changes_of_a_live_practice_stay_unseen(client, control, make_practice):
    page = make_practice(
        "Coastal meals",
        slug="meals",
        summary="Meals on wheels along the coast.",
        contact_name="Marie Durand",
        contact_email="marie.durand@example.org",
        contact_consent=False,
    )
    draft = PracticePage.objects.get(pk=page.pk)
    draft.title = f"{SECRET} meals"
    draft.summary = f"{SECRET} summary."
    draft.method_text = f"<p>{SECRET} method.</p>"
    draft.contact_consent = True  # consent not yet published: still not public
    draft.save_revision()

    response = get(client, page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coastal meals" in html
    assert SECRET not in html
    assert "Marie Durand" not in html and "marie.durand@example.org" not in html
    found = surfaces(client, q=SECRET)
    assert_nowhere(found, SECRET, "Marie Durand")
    assert "Coastal meals" in found["feed"] and "/meals/" in found["sitemap"]


# Revisions and previews ---------------------------------------------------------


@pytest.fixture
def drafts(control, make_practice):
    """A live practice with a draft revision, and a never-published practice."""
    live = PracticePage.objects.get(pk=control.pk)
    live.title = f"{SECRET} title"
    revision = live.save_revision()
    hidden = make_practice(f"{SECRET} hidden", slug="hidden", publish=False)
    return {"live": control, "revision": revision, "hidden": hidden}


PREVIEW_TRICKS = [
    {"preview": "1"},
    {"preview": "true", "mode": ""},
    {"revision": "{revision}"},
    {"revision_id": "{revision}"},
    {"draft": "1"},
    {"mode": "default"},
    {"preview_mode": "default"},
    {"version": "latest"},
    {"is_preview": "1"},
]


@pytest.mark.parametrize("params", PREVIEW_TRICKS, ids=lambda p: ",".join(p))
def test_preview_parameters_on_public_urls_show_only_the_live_version(client, drafts, params):
    params = {key: value.format(revision=drafts["revision"].pk) for key, value in params.items()}

    live = get(client, drafts["live"].url, params)
    hidden = get(client, "/en/practices/hidden/", params)

    assert live.status_code == 200
    assert SECRET not in live.content.decode()
    assert f"{LIVE} network" in live.content.decode()
    assert hidden.status_code == 404
    assert SECRET not in hidden.content.decode()


def admin_preview_urls(drafts):
    live, revision, hidden = drafts["live"], drafts["revision"], drafts["hidden"]
    return [
        f"/admin/pages/{live.pk}/edit/preview/",
        f"/admin/pages/{live.pk}/edit/preview/?mode=",
        f"/admin/pages/{hidden.pk}/view_draft/",
        f"/admin/pages/{live.pk}/view_draft/",
        f"/admin/pages/{live.pk}/revisions/",
        f"/admin/pages/{live.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{live.pk}/revisions/compare/live...latest/",
        f"/admin/pages/{live.pk}/revisions/compare/earliest...{revision.pk}/",
        f"/admin/pages/{live.pk}/history/",
        f"/admin/pages/add/practices/practicepage/{live.get_parent().pk}/preview/",
    ]


def assert_login_wall(response):
    """A redirect to a login page and no content of the page behind it."""
    assert response.status_code == 302, response.status_code
    assert "/login/" in response["Location"]
    assert SECRET not in response.content.decode()


def test_revisions_and_previews_are_behind_the_login(client, drafts):
    for url in admin_preview_urls(drafts):
        assert_login_wall(get(client, url))
        # The preview form posts its data: a post is refused too.
        assert_login_wall(client.post(url, {"title": SECRET}, HTTP_HOST=HOST))


def test_the_translation_preview_is_behind_the_login(client, practice, locales):
    italian = practice["it"]
    italian.title = f"{SECRET} italiano"
    italian.save_revision()
    translation = translation_of(italian)

    for url in (
        f"/admin/localize/translate/{translation.pk}/preview/",
        f"/admin/localize/translate/{translation.pk}/preview/default/",
        f"/admin/localize/translate/{translation.pk}/pofile/download/",
    ):
        assert_login_wall(get(client, url))


# Private practices ---------------------------------------------------------------------


@pytest.fixture(params=["login", "password"])
def private(request, control, make_practice):
    page = make_practice(
        f"{SECRET} {LIVE} members only",
        slug="members-only",
        summary=f"{SECRET}: {LIVE}.",
    )
    restriction = PageViewRestriction(page=page, restriction_type=request.param)
    if request.param == "password":
        restriction.password = "partners-only"  # noqa: S105
    restriction.save()
    return page


def test_a_private_practice_reaches_no_public_surface(client, control, private):
    response = get(client, private.url)
    if response.status_code == 302:  # login restriction
        assert "/login/" in response["Location"]
    else:  # password restriction: the password form, nothing of the practice
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    assert SECRET not in response.content.decode()

    found = surfaces(client)
    assert_control_everywhere(found)
    assert_nowhere(found, SECRET, "members-only")
    related = get(client, control.url).content.decode()
    assert SECRET not in related and "members-only" not in related


def test_a_restriction_on_the_practice_index_hides_every_practice_below_it(
    client, control, site_tree
):
    PageViewRestriction.objects.create(
        page=site_tree["index"], restriction_type=PageViewRestriction.LOGIN
    )

    found = {
        name: text for name, text in surfaces_without_index(client).items() if name not in ("home",)
    }
    assert_nowhere(found, LIVE)


def surfaces_without_index(client):
    """The surfaces other than the practice index itself (now behind a login)."""
    found = {}
    for name, url in {
        "search": f"/en/search/?q={LIVE}",
        "api": f"/api/v1/search/?lang=en&q={LIVE}",
        "csv": f"/en/search/export.csv?q={LIVE}",
        "json": "/en/search/export.json",
        "feed": "/en/feed/",
        "sitemap": "/sitemap.xml",
        "home": "/en/",
    }.items():
        response = get(client, url)
        assert response.status_code == 200, name
        found[name] = without_query_echo(name, response)
    return found


# Unpublished translations -------------------------------------------------------------


@pytest.fixture
def italian_draft(italian_tree, control, locales):
    """An Italian translation of the live control practice, never published."""
    italian = control.copy_for_translation(locales["it"]).specific
    italian.title = f"{SECRET} fari"
    italian.slug = "fari"
    italian.save_revision()
    italian.save()
    italian = PracticePage.objects.get(pk=italian.pk)
    assert not italian.live and italian.get_parent().slug == "pratiche"
    return italian


def test_an_unpublished_translation_is_not_served_switched_to_or_listed(
    client, control, italian_draft
):
    assert get(client, "/it/pratiche/fari/").status_code == 404

    # The English page neither links nor announces an Italian version.
    response = get(client, control.url)
    html = response.content.decode()
    assert "/it/pratiche/fari/" not in html
    assert SECRET not in html
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select('link[rel="alternate"][hreflang="it"]') == []
    # The switcher leads Italian visitors to their home page, saying why.
    switcher = soup.select_one('a[hreflang="it"]')
    assert switcher["href"] == "/it/?untranslated=1"

    found = surfaces(client, language="it")
    assert_nowhere(found, SECRET, "/it/pratiche/fari/")
    # Italian visitors get the English original instead.
    assert LIVE in found["api"] and LIVE in found["feed"]
    sitemap = found["sitemap"]
    assert "/en/practices/control/" in sitemap


# Contact details without consent ---------------------------------------------------------


def test_a_contact_without_consent_is_on_no_surface(client, make_practice):
    make_practice(
        f"{LIVE} contact practice",
        slug="contact-practice",
        contact_name="Marie Durand",
        contact_role="Project lead",
        contact_email="marie.durand@example.org",
        contact_consent=False,
    )

    found = surfaces(client)
    found["page"] = get(client, "/en/practices/contact-practice/").content.decode()
    found["search_by_name"] = without_query_echo("search", get(client, "/en/search/?q=Durand"))
    assert LIVE in found["page"] and LIVE in found["json"]
    assert_nowhere(found, "Marie Durand", "Durand", "marie.durand@example.org", "Project lead")
    api = get(client, "/api/v1/search/", {"lang": "en", "q": "Durand"}).json()
    assert api["results"] == []


def test_a_contact_with_consent_is_only_on_its_page(client, make_practice):
    make_practice(
        f"{LIVE} consenting practice",
        slug="consenting",
        contact_name="Marie Durand",
        contact_email="marie.durand@example.org",
        contact_consent=True,
    )

    page = get(client, "/en/practices/consenting/").content.decode()
    assert "marie.durand@example.org" in page
    # The exports, feed and API are bulk copies: no personal data in them.
    found = surfaces(client)
    assert_nowhere(found, "marie.durand@example.org")


# Admin URLs -------------------------------------------------------------------------------


def admin_patterns():
    """(path template, view name) of every URL under /admin/ and /django-admin/."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    return [
        (path, name)
        for path, name in walk(get_resolver().url_patterns)
        if path.startswith(("admin/", "django-admin/"))
    ]


# Public by design: the login forms and the password reset pages, the
# admin's JavaScript catalogues.
PUBLIC_ADMIN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "login",
    "password_reset",
    "javascript_catalog",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",  # Wagtail's icons
}


def concrete(path, ids):
    """The template of a path with its parameters filled in."""
    path = path.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: fill(m.group(1), m.group(2), ids), path)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: fill(m.group(2), m.group(1) or "str", ids), path)
    return "/" + path.replace("\\.", ".").replace("\\", "")


def fill(name, kind, ids):
    if "live" in kind:
        return "live" if name.endswith("_a") else "latest"
    if kind in ("int", r"\d+", "[0-9]+") or "id" in name or name == "pk":
        return str(ids.get(name, ids["page_id"]))
    if name in ("app_label", "app_name", "content_type_app_name"):
        return "practices"
    if name in ("model_name", "content_type_model_name"):
        return "practicepage"
    return "x"


def test_every_admin_url_is_closed_to_anonymous_visitors(client, drafts, practice):
    translation = translation_of(practice["it"])
    ids = {
        "page_id": drafts["live"].pk,
        "pk": drafts["live"].pk,
        "parent_page_id": drafts["live"].get_parent().pk,
        "revision_id": drafts["revision"].pk,
        "translation_id": translation.pk,
        "translation_source_id": TranslationSource.objects.first().pk,
    }
    checked, opened = 0, []
    for template, name in admin_patterns():
        url = concrete(template, ids)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if name in PUBLIC_ADMIN_VIEWS or match.url_name in PUBLIC_ADMIN_VIEWS:
            continue
        response = get(client, url)
        checked += 1
        if response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            if "/login/" not in location:
                # A redirect inside the admin (a trailing slash, an index):
                # where it leads must be closed too.
                followed = get(client, location)
                if followed.status_code == 200:
                    opened.append((url, location))
            continue
        if response.status_code in (400, 401, 403, 404, 405):
            assert SECRET not in response.content.decode(), url
            continue
        opened.append((url, response.status_code))

    assert checked > 300  # the crawl did reach the admin
    assert opened == []


def test_the_public_admin_pages_hold_nothing_but_their_form(client, drafts):
    for url in ("/admin/login/", "/django-admin/login/", "/admin/password_reset/"):
        response = get(client, url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode()
        assert LIVE not in response.content.decode()


# Every engine: search, through the service as the views ask it -----------------------------


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    configure(request.param, settings)
    return request.param


def test_no_engine_ever_finds_what_anonymous_visitors_must_not_see(
    engine, control, make_practice, italian_tree, locales
):
    """The live suite: on Elasticsearch it runs against ELASTICSEARCH_URL."""
    make_practice(f"{SECRET} {LIVE} draft", slug="secret-draft", publish=False)
    private = make_practice(f"{SECRET} {LIVE} private", slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    changed = PracticePage.objects.get(pk=control.pk)
    changed.summary = f"{SECRET} unpublished summary."
    changed.save_revision()
    make_practice(
        f"{LIVE} contact",
        slug="contact",
        contact_name="Durandissime",
        contact_consent=False,
    )
    indexing.rebuild()

    for language in ("en", "it"):
        for text in (SECRET, LIVE, "Durandissime"):
            results = service.search(SearchQuery(text=text, language=language, per_page=50))
            titles = [hit.title for hit in results.hits]
            assert not any(SECRET in title for title in titles), (engine, language, text)
            assert "members-only" not in " ".join(hit.url for hit in results.hits)
            if text == LIVE:
                assert f"{LIVE} network" in titles, (engine, language)
            if text == "Durandissime":
                assert titles == []


# Elasticsearch without a server: the bodies the site sends --------------------------------


@pytest.fixture
def elasticsearch_bodies(settings):
    """Point the site at an Elasticsearch that is a mock; record every body it is sent."""
    settings.ELASTICSEARCH = {
        **django_settings.ELASTICSEARCH,
        "url": "http://elasticsearch.invalid:9200",
        "index": "test-bodies",
    }
    service._elasticsearch.cache_clear()
    client = mock.MagicMock()
    client.options.return_value = client
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {}
    client.indices.get_mapping.return_value = {"x": {"mappings": es.index_body()["mappings"]}}
    sent = []

    def bulk(_client, actions, **kwargs):
        actions = list(actions)
        sent.extend(actions)
        return len(actions), []

    with (
        mock.patch.object(es, "build_client", return_value=client),
        mock.patch.object(es.helpers, "bulk", side_effect=bulk),
    ):
        yield sent, client
    service._elasticsearch.cache_clear()


def test_elasticsearch_is_never_sent_a_draft_a_private_practice_or_a_hidden_contact(
    elasticsearch_bodies, capture, control, make_practice, italian_tree, locales
):
    sent, client = elasticsearch_bodies
    with capture(execute=True):
        make_practice(f"{SECRET} draft", slug="secret-draft", publish=False)
        private = make_practice(f"{SECRET} private", slug="members-only", publish=False)
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        private.save_revision().publish()
        changed = PracticePage.objects.get(pk=control.pk)
        changed.summary = f"{SECRET} unpublished summary."
        changed.save_revision()
        make_practice(
            f"{LIVE} contact", slug="contact", contact_name="Durandissime", contact_consent=False
        )
    incremental = list(sent)
    indexing.rebuild()

    assert incremental, "publishing sent nothing: the test would be vacuous"
    assert len(sent) > len(incremental)
    everything = json.dumps(sent, default=str) + json.dumps(
        [call.kwargs for call in client.mock_calls], default=str
    )
    assert LIVE in everything
    for needle in (SECRET, "Durandissime", "members-only", "secret-draft"):
        assert needle not in everything, needle
    hidden = Page.objects.filter(slug__in=["secret-draft", "members-only"])
    ids = {str(action.get("_id")) for action in sent}
    assert not ids & {str(pk) for pk in hidden.values_list("pk", flat=True)}
