"""One public address (SITE_BASE_URL) for every absolute URL the site gives
out, whatever Host header the request carries; the default Wagtail Site
follows it (hostname, port, scheme) and carries the site's name, which
titles the admin dashboard."""

import csv
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from translator_helpers import make_user
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from workflow_helpers import add_url, edit_url, pressing

from config.base_url import parse_base_url
from practices.models import PracticePage
from practices.site_address import sync_default_site

pytestmark = pytest.mark.django_db

BASE = "https://practices.example.eu"
NAME = "Good practices in social work (test)"
FORGED = "forged.example.net"
# Addresses that are not the site's: licences, vocabularies, XML namespaces.
OUTSIDE = (
    "https://creativecommons.org/",
    "https://schema.org",
    "http://www.w3.org/",
    "http://www.sitemaps.org/",
)
URL = re.compile(r"""https?://[^\s"'<>\\]+""")


@pytest.fixture
def public_address(settings, site_tree):
    """The site at BASE, as `migrate` or `setup_site` leave it; any Host allowed,
    as in a development or test configuration."""
    settings.SITE_BASE_URL = BASE
    settings.WAGTAIL_SITE_NAME = NAME
    settings.ALLOWED_HOSTS = ["*"]
    assert sync_default_site() == ["hostname", "port", "site_name"]
    return BASE


@pytest.fixture
def practice(public_address, make_practice):
    page = make_practice("Home support for seniors", slug="home-support")
    page.image = Image.objects.create(title="Volunteers", file=get_test_image_file())
    page.save_revision().publish()
    return page


def urls_in(text):
    return [url.rstrip(".,;)") for url in URL.findall(text)]


def assert_every_url_is_public(text, expected=1):
    """Every absolute URL of `text` starts with BASE (outside vocabularies
    aside), there are at least `expected` of them, and neither the forged
    Host nor the test server's own host appears anywhere."""
    ours = [url for url in urls_in(text) if not url.startswith(OUTSIDE)]
    assert len(ours) >= expected, ours
    assert [url for url in ours if not url.startswith(BASE + "/")] == []
    for host in (FORGED, "localhost", "testserver"):
        assert host not in text


def get(client, path, **params):
    response = client.get(path, params, HTTP_HOST=FORGED)
    assert response.status_code == 200, (path, response.status_code)
    return response


# Every surface ----------------------------------------------------------------


def test_practice_page_links_at_the_public_address(client, practice):
    html = get(client, "/en/practices/home-support/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    page_url = f"{BASE}/en/practices/home-support/"

    assert soup.select_one('meta[property="og:url"]')["content"] == page_url
    assert soup.select_one('meta[property="og:image"]')["content"].startswith(BASE + "/media/")
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {"en": page_url, "x-default": page_url}
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@id"] == data["url"] == page_url
    assert data["image"].startswith(BASE + "/media/")
    assert data["about"][0]["url"] == f"{BASE}/en/themes/ageing/"
    assert data["publisher"]["url"] == f"{BASE}/"
    citation = soup.select_one("#citation-text").get_text()
    assert page_url in citation
    # The citation, the JSON-LD, the Open Graph tags, the printed page's address.
    assert_every_url_is_public(html, expected=8)


def test_home_page_links_at_the_public_address(client, public_address):
    html = get(client, "/en/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('meta[property="og:url"]')["content"] == f"{BASE}/en/"
    hreflangs = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert hreflangs == {"en": f"{BASE}/en/", "fr": f"{BASE}/fr/", "x-default": f"{BASE}/en/"}
    assert_every_url_is_public(html, expected=4)


def test_sitemap_and_robots_txt_at_the_public_address(client, practice):
    sitemap = get(client, "/sitemap.xml").content.decode()
    assert f"<loc>{BASE}/en/practices/home-support/</loc>" in sitemap
    assert_every_url_is_public(sitemap, expected=4)

    robots = get(client, "/robots.txt").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots.splitlines()
    assert_every_url_is_public(robots)


def test_feed_at_the_public_address(client, practice):
    feed = get(client, "/en/feed/").content.decode()
    assert f'href="{BASE}/en/practices/home-support/"' in feed
    assert f"<id>{BASE}/en/feed/</id>" in feed
    # The entries' ids are tag URIs of the public host.
    assert f"<id>tag:practices.example.eu,{practice.first_published_at.date()}" in feed
    assert_every_url_is_public(feed, expected=3)


def test_api_and_openapi_at_the_public_address(client, practice, make_practice):
    make_practice("Foster family network", slug="foster")
    answer = get(client, "/api/v1/search/", lang="en", per_page=1).json()
    assert answer["results"][0]["url"].startswith(f"{BASE}/en/practices/")
    assert answer["next"].startswith(f"{BASE}/api/v1/search/?")
    assert_every_url_is_public(json.dumps(answer), expected=2)

    schema = get(client, "/api/v1/openapi.json").json()
    assert schema["servers"] == [{"url": BASE}]


def test_exports_at_the_public_address(client, practice):
    data = get(client, "/en/search/export.json").json()
    assert [row["url"] for row in data["results"]] == [f"{BASE}/en/practices/home-support/"]
    assert_every_url_is_public(json.dumps(data))

    text = get(client, "/en/search/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["url"] for row in rows] == [f"{BASE}/en/practices/home-support/"]
    assert_every_url_is_public(text)


def test_review_emails_link_to_the_public_address(
    client, public_address, site_tree, roles, themes, countries, capture, settings
):
    """The reviewers' and the author's e-mails: admin links at
    WAGTAILADMIN_BASE_URL (the same address unless set apart), the approved
    practice at the public address."""
    settings.WAGTAILADMIN_BASE_URL = BASE
    editor, reviewer = make_user("emma", "Editors"), make_user("rita", "Reviewers")
    client.force_login(editor)
    data = pressing("submit", themes=[themes["ageing"].pk], countries=[countries["FR"].pk])
    with capture(execute=True):
        response = client.post(add_url(site_tree["index"]), data, HTTP_HOST=FORGED)
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    client.force_login(reviewer)
    with capture(execute=True):
        response = client.post(edit_url(page), pressing("approve", page), HTTP_HOST=FORGED)
    assert response.status_code == 302

    approved = [m for m in mail.outbox if "approved" in m.subject]
    assert approved, [m.subject for m in mail.outbox]
    assert f"{BASE}/en/practices/neighbourhood-care-teams/" in approved[0].body
    for message in mail.outbox:
        assert_every_url_is_public(message.body)


# The Site record ----------------------------------------------------------------


def test_setup_site_gives_the_default_site_the_public_address_and_name(settings, site_tree):
    settings.SITE_BASE_URL = BASE
    settings.WAGTAIL_SITE_NAME = NAME
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("practices.example.eu", 443, NAME)
    assert site.root_url == BASE  # https: Wagtail says https for port 443
    assert site.root_page_id == site_tree["home"].pk
    assert "practices.example.eu:443" in out.getvalue()

    out = io.StringIO()
    call_command("setup_site", stdout=out)  # idempotent
    assert "already matches" in out.getvalue()

    settings.SITE_BASE_URL = "http://127.0.0.1:8000"  # what `make run` serves
    call_command("setup_site", stdout=io.StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8000, settings.SITE_BASE_URL)
    assert site_tree["home"].get_full_url() == "http://127.0.0.1:8000/en/"


def test_migrate_fixes_the_default_site(settings, site_tree):
    """A deployment that runs only `migrate` gets the right Site: its
    post_migrate step applies SITE_BASE_URL."""
    settings.SITE_BASE_URL = BASE
    settings.WAGTAIL_SITE_NAME = NAME
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("practices.example.eu", 443, NAME)


def test_setup_site_refuses_an_address_another_site_holds(settings, site_tree):
    settings.SITE_BASE_URL = BASE
    Site.objects.create(hostname="practices.example.eu", port=443, root_page=site_tree["index"])
    with pytest.raises(CommandError, match="Another Wagtail site already uses"):
        call_command("setup_site", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_setup_site_without_a_default_site_says_what_to_do(db):
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="no default Wagtail site"):
        call_command("setup_site", stdout=io.StringIO())


def dashboard_title(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("h1").get_text(" ", strip=True)


def test_admin_dashboard_is_titled_with_the_sites_name(admin_client, public_address):
    assert dashboard_title(admin_client) == NAME


def test_a_translators_dashboard_is_titled_with_the_sites_name(client, public_address, translator):
    """A translator's admin starts at their language's home, a translation
    of the Site's root page: the same Site, the same name."""
    client.force_login(translator)
    assert dashboard_title(client) == NAME


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://practices.example.eu", ("https://practices.example.eu", "https", 443)),
        ("HTTPS://Practices.Example.EU/", ("https://practices.example.eu", "https", 443)),
        ("https://practices.example.eu:443", ("https://practices.example.eu", "https", 443)),
        ("http://127.0.0.1:8000", ("http://127.0.0.1:8000", "http", 8000)),
        ("http://localhost", ("http://localhost", "http", 80)),
    ],
)
def test_base_url_is_normalised(value, expected):
    base = parse_base_url(value)
    assert (base.url, base.scheme, base.port) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("practices.example.eu", "https:// or http://"),
        ("ftp://practices.example.eu", "https:// or http://"),
        ("https://practices.example.eu/site/", "no path"),
        ("https://practices.example.eu:8443", "only on port 443"),
        ("http://practices.example.eu:443", "port 443"),
        ("https://user:secret@practices.example.eu", "no user or password"),
        ("http://[::1]:8000", "IPv6"),
        ("http://practices.example.eu:99999", "port"),
    ],
)
def test_malformed_base_url_is_refused_with_a_message(value, message):
    with pytest.raises(ImproperlyConfigured, match="SITE_BASE_URL") as error:
        parse_base_url(value)
    assert message in str(error.value)
