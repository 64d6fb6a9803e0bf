"""The 404 and 500 pages: in the site's style and the visitor's language,
with a way back; the 500 page without the database."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext
from site_helpers import HOST, soup_of


def boom(request):
    raise RuntimeError("The view failed")


# A test-only URLconf (see @pytest.mark.urls below): one view that raises, under
# the language prefixes like the real public pages.
urlpatterns = i18n_patterns(path("boom/", boom), prefix_default_language=True)


def text_of(node):
    return " ".join(node.get_text(" ").split())


def in_language(language, message):
    """The message in `language`, its spaces normalised as text_of does
    (French puts narrow no-break spaces before semicolons)."""
    with translation.override(language):
        return " ".join(gettext(message).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, language",
    [
        ("/fr/nothing-here/", "fr"),
        ("/fr/pratiques/inconnue/", "fr"),
        ("/en/practices/nope/", "en"),
        # No language prefix: redirected to the default language's prefix.
        ("/xx-unknown", "en"),
        ("/xx-unknown/", "en"),
    ],
)
def test_404_in_the_visitors_language_with_search_and_way_home(client, site_tree, url, language):
    response = client.get(url, HTTP_HOST=HOST, follow=True)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert text_of(soup.h1) == in_language(language, "Page not found")
    assert len(soup.find_all("h1")) == 1
    assert soup.title.get_text().startswith(in_language(language, "Page not found"))
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    main = soup.select_one("main")
    assert in_language(language, "The page you asked for does not exist, or has moved.") in text_of(
        main
    )

    form = main.select_one('form[role="search"]')
    assert form["action"] == f"/{language}/search/"
    assert form["method"] == "get"
    field = form.select_one('input[name="q"]')
    assert text_of(form.find("label", attrs={"for": field["id"]})) == in_language(
        language, "Search the practices"
    )

    home = main.find("a", string=in_language(language, "Back to the home page"))
    assert home["href"] == f"/{language}/"
    practices = main.find("a", string=in_language(language, "All practices"))
    assert practices["href"] == {"en": "/en/practices/", "fr": "/fr/pratiques/"}[language]
    # In the site's style: its stylesheet and header.
    assert soup.select_one('link[rel="stylesheet"][href="/static/css/site.css"]')
    assert soup.select_one("header.site-header") is not None


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", ["fr", "en", "it"])
def test_500_in_the_visitors_language_without_the_database(client, language):
    """No `db` mark: any query while rendering the page would fail the test,
    as it would fail when the database is what broke."""
    client.raise_request_exception = False
    response = client.get(f"/{language}/boom/", HTTP_HOST=HOST)
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert text_of(soup.h1) == in_language(language, "Something went wrong")
    assert len(soup.find_all("h1")) == 1
    main = soup.select_one("main#main")
    assert in_language(
        language,
        "The site could not answer this request. The team has been told; "
        "please try again in a moment.",
    ) in text_of(main)
    assert main.find("a", string=in_language(language, "Back to the home page"))["href"] == (
        f"/{language}/"
    )
    assert soup.select_one(".site-header__brand")["href"] == f"/{language}/"
    assert soup.select_one('link[rel="stylesheet"][href="/static/css/site.css"]')
    assert soup.select_one("a.skip-link")["href"] == "#main"


@pytest.mark.urls(__name__)
def test_500_page_is_really_rendered_without_the_database(client, django_db_blocker):
    """The same, with the database explicitly blocked around the request."""
    client.raise_request_exception = False
    with django_db_blocker.block():
        response = client.get("/fr/boom/", HTTP_HOST=HOST)
    assert response.status_code == 500
    assert text_of(soup_of(response).h1) == in_language("fr", "Something went wrong")
