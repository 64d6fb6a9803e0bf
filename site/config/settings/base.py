"""Settings shared by every environment (development, test, production).

Environment-specific modules (dev, test, production) import everything from
here and override what differs.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.base_url import parse_base_url
from config.cache import default_cache, pages_cache

CONFIG_DIR = Path(__file__).resolve().parent.parent  # site/config
SITE_DIR = CONFIG_DIR.parent  # site/: templates and static files
BASE_DIR = SITE_DIR.parent  # the repository root

INSTALLED_APPS = [
    "home",
    "practices",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguagePrefixMiddleware",  # LocaleMiddleware, API aside
    # After the language (its key holds it), before the rest (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Each admin change is one transaction (site/config/middleware.py).
    "config.middleware.AtomicAdminWritesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-csp's, with the admin's exceptions (config/content_security.py).
    "config.content_security.SiteCSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

# Security -------------------------------------------------------------------
# Admin login rate limiting (django-axes): AxesStandaloneBackend counts failed
# logins before Django's own backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out login may try again after 15 minutes
AXES_RESET_ON_SUCCESS = True
# Lock a username on one address (5 failures), and an address for every
# username (LOGIN_FAILURE_LIMIT_PER_ADDRESS failures), never a username alone:
# partners of one office share an address, so locking the address at 5 would
# lock the whole office, while one address trying many usernames must still
# be stopped; and locking a username everywhere would let anyone lock a
# partner out. config/login_protection.py says how the two limits combine.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "config.login_protection.LoginLockoutHandler"
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
# The client's address: REMOTE_ADDR, or behind N proxies of ours (N from
# DJANGO_TRUSTED_PROXY_COUNT; 1 when DJANGO_SECURE_PROXY_SSL_HEADER=1 says a
# TLS proxy is in front) the address the outermost one appended to
# X-Forwarded-For. A client's own X-Forwarded-For is never trusted.
LOGIN_TRUSTED_PROXY_COUNT = int(
    os.environ.get(
        "DJANGO_TRUSTED_PROXY_COUNT",
        "1" if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER") == "1" else "0",
    )
)
AXES_CLIENT_IP_CALLABLE = "config.login_protection.client_ip"
# A locked-out login gets HTTP 429 and the site's page saying how long to wait.
AXES_LOCKOUT_CALLABLE = "config.login_protection.lockout_response"
# Wagtail's password reset: the same answer for every address (Django's form),
# and at most 3 e-mails per address and 10 requests per client address an hour.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "config.login_protection.RateLimitedPasswordResetForm"  # noqa: S105
PASSWORD_RESET_RATE_LIMIT = 3
PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = 10
PASSWORD_RESET_RATE_LIMIT_PERIOD = 60 * 60
# Content-Security-Policy (django-csp): only the site's own scripts, styles,
# images and fonts; no inline script, no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
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
}
# The admin under /admin/ and /django-admin/ adds 'unsafe-inline' scripts
# and styles to this policy, and nothing else (config/content_security.py
# says why). Gravatar avatars and Wagtail's release check would call other
# hosts from the admin (and give Gravatar each editor's e-mail hash): off.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Static files served by WhiteNoise (before the middleware that adds the
# policy) get the site's policy and X-Frame-Options too.
from config.content_security import add_static_file_headers  # noqa: E402

WHITENOISE_ADD_HEADERS_FUNCTION = add_static_file_headers

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL (postgres://user:pass@host:port/name), SQLite by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when DJANGO_CACHE_URL (or REDIS_URL) names a server, e.g.
# redis://host:6379/1 (config/cache.py); otherwise each process keeps its own
# in memory. Production's single-host default is a file cache (production.py).
CACHES = {
    "default": default_cache(
        os.environ, {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # The page cache (home/page_cache.py) apart from the counters.
    "pages": pages_cache(
        os.environ,
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation -------------------------------------------------------
# The partnership's languages, configured here and nowhere else: interface
# languages (LANGUAGES), content locales (WAGTAIL_CONTENT_LANGUAGES) and the
# admin's languages all derive from this list. A deployment can narrow or
# extend it without touching code: SITE_LANGUAGES=en,fr,it. Each language's
# own name comes from Django's LANG_INFO. The first one is the default.
PARTNER_LANGUAGES = "en,fr,it,lt,nl,fi,da,bg,pt"
# Where Django's name_local is not the name a language menu uses.
LANGUAGE_NAME_OVERRIDES = {"lt": "Lietuvių"}


def _languages(codes):
    languages = []
    for code in (c.strip() for c in codes.split(",") if c.strip()):
        if code not in LANG_INFO or "name_local" not in LANG_INFO[code]:
            raise ImproperlyConfigured(f"SITE_LANGUAGES: unknown language code {code!r}")
        name = LANGUAGE_NAME_OVERRIDES.get(code, LANG_INFO[code]["name_local"])
        languages.append((code, name[:1].upper() + name[1:]))
    if not languages:
        raise ImproperlyConfigured("SITE_LANGUAGES names no language")
    return languages


LANGUAGES = _languages(os.environ.get("SITE_LANGUAGES", PARTNER_LANGUAGES))
LANGUAGE_CODE = LANGUAGES[0][0]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Static and media files -----------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail --------------------------------------------------------------------
# The site's public address, the one source of every absolute URL it gives out
# (citations, og:url, hreflang, JSON-LD, sitemap, robots.txt, feeds, the API,
# exports, e-mails), never the request's Host header. The default Wagtail
# Site's hostname and port are kept equal to it, and its name to
# WAGTAIL_SITE_NAME (practices/site_address.py, after every `migrate` and by
# `setup_site`). Production requires SITE_BASE_URL; `make run` uses the default.
SITE_BASE_URL = parse_base_url(os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000")).url
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "").strip() or "Social Work Good Practices"
# Links to the admin (in Wagtail's e-mails): the public address unless the
# admin is served from another one.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").strip() or SITE_BASE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# The proposal form's attachments (practices/editorial/proposals/files.py) are a subset,
# so an editor can edit every document a proposal brings.
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "rtf", "txt", "xlsx"),
    *("jpg", "jpeg", "png", "webp"),
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads and documents (tests/test_stored_content.py). Every document is
# served through Wagtail's view, never from a storage URL, so collection
# privacy is checked (the "Proposals" collection: logged-in users only) and
# each response says X-Content-Type-Options: nosniff and
# Content-Security-Policy: default-src 'none' (no script, style or plugin
# runs even in a renamed HTML or SVG file). Only PDF opens in the browser;
# everything else is an attachment. (No CSP `sandbox`: Chromium then refuses
# to show PDFs.) /media/ is served only when DEBUG (config/urls.py). The
# admin's form checks a document's content against its extension. Word,
# Excel and PowerPoint 97-2003 files (doc, xls, ppt) stay refused in the
# admin: they carry macros and embedded objects, and every office suite
# saves the Open XML or OpenDocument formats accepted here.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practices.document_forms.DocumentForm"
# A small file may decode to a huge image (a "pixel bomb"): 50 megapixels at most.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_CASE_INSENSITIVE = True
# A page submitted for translation starts as an unpublished draft (by default
# wagtail-localize publishes it at once, still in the source language).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Review workflow e-mails (wagtail/admin/mail.py): a submission goes to the
# members of the task's group (the Reviewers), an approval or a request for
# changes (with its comment) to the author. Only the Reviewers, not every
# superuser: Wagtail would otherwise mail each superuser twice per submission.
# The sender is DEFAULT_FROM_EMAIL (production reads DJANGO_DEFAULT_FROM_EMAIL);
# the links in the e-mails start with WAGTAILADMIN_BASE_URL.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Country names come from django-countries in the visitor's language; these
# override its less natural forms (its French name of Réunion is "Réunion, La").
COUNTRIES_OVERRIDE = {"RE": _("Réunion")}

# Page cache (home/page_cache.py, docs/architecture.md) ----------------------
# Seconds an anonymous visitor's page is kept in the `default` cache; 0: off.
# Any change to the content makes every kept page obsolete at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# A CDN or Varnish in front: Wagtail purges a page's URL there when it is
# published or unpublished (an HTTP PURGE to FRONTEND_CACHE_URL, e.g.
# http://127.0.0.1:6081). Each translation is a page of its own, purged when
# it is published: no purge of the other languages' prefixes.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "").strip()
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
    if FRONTEND_CACHE_URL
    else {}
)
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Practices ------------------------------------------------------------------
PRACTICES_PER_PAGE = 12
# A published practice whose "last reviewed" date is older than this is listed
# by `manage.py stale_practices` and on the admin dashboard.
PRACTICE_REVIEW_INTERVAL_DAYS = int(os.environ.get("PRACTICE_REVIEW_INTERVAL_DAYS", "365"))

# Proposals from the public form (/<lang>/propose/). Contributors with the
# permission to add a practice may always propose; anonymous visitors only
# when PROPOSALS_ALLOW_ANONYMOUS=true.
PROPOSALS_ALLOW_ANONYMOUS = os.environ.get("PROPOSALS_ALLOW_ANONYMOUS", "").lower() == "true"
PROPOSALS_MAX_FILES = 5
PROPOSALS_MAX_FILE_SIZE = 10 * 1024 * 1024
PROPOSALS_MAX_TOTAL_SIZE = 25 * 1024 * 1024
# At most this many proposals per period (seconds), per IP address and per user.
PROPOSALS_RATE_LIMIT = 5
PROPOSALS_RATE_LIMIT_PERIOD = 60 * 60

# Public search (search/) ----------------------------------------------------
# The engine is Elasticsearch when ELASTICSEARCH_URL is set (production), else
# SEARCH_ENGINE: "tantivy" (the default: an index in SEARCH_INDEX_DIR, on this
# host) or "database" (the project's own tables, which are always kept too and
# answer whenever another engine cannot). Authentication and TLS come from the
# environment too; see README.md and docs/search.md.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "tantivy")
SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(BASE_DIR / ".cache" / "search-index"))
ELASTICSEARCH = {
    "url": os.environ.get("ELASTICSEARCH_URL", ""),
    "index": os.environ.get("ELASTICSEARCH_INDEX", "practices"),
    "api_key": os.environ.get("ELASTICSEARCH_API_KEY", ""),
    "username": os.environ.get("ELASTICSEARCH_USERNAME", ""),
    "password": os.environ.get("ELASTICSEARCH_PASSWORD", ""),
    "ca_certs": os.environ.get("ELASTICSEARCH_CA_CERTS", ""),
    "verify_certs": os.environ.get("ELASTICSEARCH_VERIFY_CERTS", "true").lower() != "false",
    # Seconds a search or an index update may take before the site gives up.
    "timeout": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "3")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "practices": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "search": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
