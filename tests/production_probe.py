"""Requests against the production settings, for tests/test_security_headers.py.

Run as a subprocess (python tests/production_probe.py OUTPUT.json) with
DJANGO_SETTINGS_MODULE=config.settings.production, its required variables, and
DATABASE_URL / STATIC_ROOT / MEDIA_ROOT pointing at a throwaway database
(already migrated) and collected static files. It builds a small site (home,
practice index, one practice), then sends requests through Django's WSGI
handler with the test client (HTTPS, Host: practices.example.org) and writes,
for each, the status, the headers and the Set-Cookie lines exactly as the WSGI
handler sends them.
"""

import datetime
import json
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402

from home.models import HomePage  # noqa: E402
from practices.models import Country, PracticeIndexPage, PracticePage, Theme  # noqa: E402

HOST = "practices.example.org"
PASSWORD = "a-long-enough-password-for-the-probe"  # noqa: S105


def build_site():
    locale = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePage(title="Good practices", slug="home", locale=locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname=HOST, port=443, root_page=home, is_default_site=True)
    index = PracticeIndexPage(title="Practices", slug="practices", locale=locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    theme = Theme.objects.create(name="Ageing", slug="ageing", locale=locale)
    practice = PracticePage(
        title="Home support for seniors",
        slug="home-support",
        locale=locale,
        summary="Volunteers visit isolated pensioners every week.",
        context="<p>The context.</p>",
        method_text="<p>The method.</p>",
        outcomes="<p>The outcomes.</p>",
        transferability="<p>The transferability.</p>",
        start_year=2019,
        last_reviewed=datetime.date(2026, 1, 15),
    )
    practice.themes = [theme]
    practice.countries = [Country.objects.create(code="FR")]
    index.add_child(instance=practice)
    practice.save_revision().publish()
    return Page.objects.get(pk=practice.pk).specific


def record(response):
    return {
        "status": response.status_code,
        "headers": {name.lower(): value for name, value in response.items()},
        # What django.core.handlers.wsgi.WSGIHandler sends, one line per cookie.
        "set_cookie": [cookie.output(header="").strip() for cookie in response.cookies.values()],
    }


def main(output):
    practice = build_site()
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)

    def get(path, **extra):
        return record(client.get(path, secure=True, **extra))

    results = {
        "home": get("/en/"),
        "practice": get(practice.url),
        "search": get("/en/search/?q=seniors&theme=ageing"),
        "search_fragment": get("/en/search/?q=seniors", HTTP_X_SEARCH_FRAGMENT="1"),
        "api": get("/api/v1/search/?q=seniors&lang=en"),
        "openapi": get("/api/v1/openapi.json"),
        "feed": get("/en/feed/"),
        "export_csv": get("/en/search/export.csv?q=seniors"),
        "export_json": get("/en/search/export.json?q=seniors"),
        "sitemap": get("/sitemap.xml"),
        "robots": get("/robots.txt"),
        "static_css": get(static("css/site.css")),
        "static_js": get(static("js/citation.js")),
        "static_svg": get(static("img/logo.svg")),
        "not_found": get("/en/no-such-page/"),
        "plain_http": record(client.get("/en/", secure=False)),
    }

    # A server error: the home page's view fails (Django renders 500.html);
    # the page cache, which holds the home page by now, is off for it.
    failing = Client(HTTP_HOST=HOST, raise_request_exception=False)
    with (
        mock.patch.object(HomePage, "serve", side_effect=RuntimeError("probe")),
        override_settings(PAGE_CACHE_SECONDS=0),
    ):
        results["server_error"] = record(failing.get("/en/", secure=True))

    # Logging in to the admin through its form, CSRF checks on.
    results["admin_login_form"] = get("/admin/login/")
    token = client.cookies[django.conf.settings.CSRF_COOKIE_NAME].value
    results["admin_login"] = record(
        client.post(
            "/admin/login/",
            {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            secure=True,
            # Over HTTPS, Django's CSRF check wants the Referer a browser sends.
            HTTP_REFERER=f"https://{HOST}/admin/login/",
        )
    )
    results["admin_dashboard"] = get("/admin/")
    results["admin_editor"] = get(f"/admin/pages/{practice.pk}/edit/")
    results["django_admin"] = get("/django-admin/")

    Path(output).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
