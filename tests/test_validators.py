"""Independent validators on the public site: the Nu HTML Checker on rendered
pages in three languages, sitemaps.org's schema on the sitemap, a feed parser
on the feeds."""

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
import xmlschema
from site_helpers import HOST, get

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCHEMAS = Path(__file__).resolve().parent / "schemas"

# One page of each kind, in three languages: home, practice index, practice,
# search with words and a filter, theme and country landing pages, a 404.
PAGES = {
    "en": ["/en/", "/en/practices/", "/en/practices/home-support/", "/en/search/?q=support&theme=ageing",
           "/en/themes/ageing/", "/en/countries/fr/", "/en/no-such-page/"],
    "fr": ["/fr/", "/fr/pratiques/", "/fr/pratiques/aide-a-domicile/", "/fr/search/?q=aide&country=fr",
           "/fr/themes/ageing/", "/fr/countries/fr/", "/fr/pas-de-page/"],
    "it": ["/it/", "/it/pratiche/", "/it/pratiche/assistenza/", "/it/search/?q=assistenza",
           "/it/themes/ageing/", "/it/countries/fr/", "/it/nessuna-pagina/"],
}  # fmt: skip


def nu_html_checker(paths):
    """The Nu HTML Checker's errors on the files at `paths`: [(file, line, message)]."""
    java = shutil.which("java")
    assert java, "Java is missing: `make system-test-packages` installs default-jre-headless"
    assert VNU.exists(), "vnu.jar is missing: `make node-modules` installs the npm package vnu-jar"
    result = subprocess.run(
        [java, "-jar", VNU, "--errors-only", "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]


def test_the_checker_reports_an_error(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div></p></html>')
    assert nu_html_checker([page])


@pytest.mark.django_db
def test_public_pages_are_valid_html_in_three_languages(client, practice, tmp_path):
    files = []
    for language, urls in PAGES.items():
        for number, url in enumerate(urls):
            response = get(client, url)
            expected = 404 if number == len(urls) - 1 else 200
            assert response.status_code == expected, (url, response.status_code)
            path = tmp_path / f"{language}-{number}.html"
            path.write_bytes(response.content)
            files.append(path)
    errors = nu_html_checker(files)
    assert not errors, "\n".join(f"{name}:{line}: {message}" for name, line, message in errors)


def sitemap_schema():
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")
    schema.import_schema("http://www.w3.org/1999/xhtml", str(SCHEMAS / "xhtml-link.xsd"))
    schema.build()
    return schema


@pytest.mark.django_db
def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(client, practice):
    response = get(client, "/sitemap.xml")
    assert response.status_code == 200
    schema = sitemap_schema()
    errors = list(schema.iter_errors(response.content.decode()))
    assert not errors, "\n".join(str(error.reason) for error in errors[:10])
    assert b"hreflang" in response.content


def test_the_sitemap_schema_refuses_a_bad_sitemap():
    bad = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><lastmod>2026-01-01</lastmod><loc>https://example.org/page/</loc></url></urlset>"
    )
    assert list(sitemap_schema().iter_errors(bad))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_the_feeds_parse_without_error(client, practice, language):
    response = client.get(f"/{language}/feed/", HTTP_HOST=HOST)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [practice[language].title]
