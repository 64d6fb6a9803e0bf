"""Security headers and cookies under the production settings.

tests/production_probe.py runs in a subprocess with config.settings.production
(the settings an operator deploys, not the test settings), on a throwaway
SQLite database migrated here and static files collected by the production
storage, and records real responses: HTML pages, the JSON API, the feed, the
exports, the sitemap, static files served by WhiteNoise, the 404 and 500
pages, the admin, and an admin login through its form.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config.content_security import ADMIN_POLICY_ADDITIONS

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3#v9!qz7@Lp2$Xw8^Rt5&Yn1*Bm4(Hc6)Jd0_Fg-Se+Ua=Oi[Ek]Wl{Zr}Tq",
    "DJANGO_ALLOWED_HOSTS": "practices.example.org",
    "SITE_BASE_URL": "https://practices.example.org",
}
PUBLIC = [
    "home",
    "practice",
    "search",
    "search_fragment",
    "api",
    "openapi",
    "feed",
    "export_csv",
    "export_json",
    "sitemap",
    "robots",
    "not_found",
    "server_error",
]
STATIC = ["static_css", "static_js", "static_svg"]
ADMIN = ["admin_login_form", "admin_login", "admin_dashboard", "admin_editor", "django_admin"]
HTTPS_RESPONSES = PUBLIC + STATIC + ADMIN

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def run(args, env, timeout=600):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "WAGTAIL", "ELASTICSEARCH_", "DATABASE_", "SITE_"))
    }
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def responses(tmp_path_factory):
    """{name: {"status", "headers", "set_cookie"}} from tests/production_probe.py."""
    tmp = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        # Production's shared file cache, of this throwaway database only.
        "DJANGO_CACHE_DIR": str(tmp / "cache"),
    }
    with ThreadPoolExecutor(2) as pool:
        jobs = [
            pool.submit(run, ["manage.py", "migrate", "--noinput"], env),
            pool.submit(run, ["manage.py", "collectstatic", "--noinput"], env),
        ]
        for job in jobs:
            job.result()
    output = tmp / "responses.json"
    run(["tests/production_probe.py", str(output)], env)
    return json.loads(output.read_text())


def policy(header):
    directives = (d.strip().split() for d in header.split(";") if d.strip())
    return {name: sources for name, *sources in directives}


def test_the_probe_got_the_expected_answers(responses):
    """The requests reached what they meant to (not a redirect or an error
    page standing in for them)."""
    statuses = {name: response["status"] for name, response in responses.items()}
    assert statuses == {
        **dict.fromkeys(PUBLIC + STATIC + ADMIN, 200),
        "not_found": 404,
        "server_error": 500,
        "admin_login": 302,
        "plain_http": 301,
    }
    assert responses["admin_login"]["headers"]["location"] == "/admin/"
    assert responses["api"]["headers"]["content-type"].startswith("application/json")
    assert responses["feed"]["headers"]["content-type"].startswith("application/atom+xml")
    assert responses["export_csv"]["headers"]["content-type"].startswith("text/csv")
    assert responses["static_svg"]["headers"]["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("name", HTTPS_RESPONSES)
def test_every_https_response_carries_the_security_headers(responses, name):
    headers = responses[name]["headers"]
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert policy(headers["content-security-policy"])["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("name", PUBLIC + STATIC)
def test_the_public_site_and_static_files_have_the_strict_policy(responses, name):
    """No inline script or style, nothing from another host, no framing."""
    assert policy(responses[name]["headers"]["content-security-policy"]) == STRICT_POLICY


@pytest.mark.parametrize("name", ADMIN)
def test_the_admin_adds_only_inline_scripts_and_styles(responses, name):
    expected = {
        directive: sources + ADMIN_POLICY_ADDITIONS.get(directive, [])
        for directive, sources in STRICT_POLICY.items()
    }
    assert expected["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy(responses[name]["headers"]["content-security-policy"]) == expected


def test_plain_http_is_redirected_to_https(responses):
    response = responses["plain_http"]
    assert response["headers"]["location"] == "https://practices.example.org/en/"
    # Browsers ignore HSTS over plain HTTP; Django sends it over HTTPS only.
    assert "strict-transport-security" not in response["headers"]


def cookie(lines, name):
    """The attributes of the Set-Cookie line for `name`: {"": value, attr: value}."""
    for line in lines:
        first, *attributes = (part.strip() for part in line.split(";"))
        key, _, value = first.partition("=")
        if key == name:
            parsed = {"": value}
            for attribute in attributes:
                attr, _, attr_value = attribute.partition("=")
                parsed[attr.lower()] = attr_value or True
            return parsed
    raise AssertionError(f"no Set-Cookie for {name} in {lines}")


def test_the_login_sets_secure_host_only_session_and_csrf_cookies(responses):
    """__Host- cookies: only sent over HTTPS, only to this host (no Domain),
    for the whole site (Path=/); the browser refuses them otherwise. The
    session cookie is out of reach of scripts; both stay on same-site
    navigation only (SameSite=Lax)."""
    lines = responses["admin_login"]["set_cookie"]
    session = cookie(lines, "__Host-sessionid")
    assert session[""]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert "domain" not in session

    csrf = cookie(responses["admin_login_form"]["set_cookie"], "__Host-csrftoken")
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert "domain" not in csrf
    # Logging in rotates the CSRF token, with the same attributes.
    assert cookie(lines, "__Host-csrftoken")["secure"] is True
    assert not any(line.startswith(("sessionid=", "csrftoken=")) for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "admin"),
    [
        ("/admin/login/", True),
        ("/django-admin/login/", True),
        ("/en/admin/", False),  # a public address that merely contains "admin"
        ("/en/search/?q=admin", False),
        ("/api/v1/search/?q=admin", False),
    ],
)
def test_only_the_admin_addresses_get_the_admin_policy(client, site_tree, path, admin):
    response = client.get(path)
    sources = policy(response["Content-Security-Policy"])
    assert ("'unsafe-inline'" in sources["script-src"]) is admin
    assert ("'unsafe-inline'" in sources["style-src"]) is admin
