"""Production settings: every secret and host comes from the environment.

Startup fails at once, naming every missing variable, rather than running
with an unsafe default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED_ENVIRONMENT = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_BASE_URL")
_missing = [name for name in REQUIRED_ENVIRONMENT if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Missing environment variables for production: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# HTTPS everywhere. Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=1.
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
# SITE_BASE_URL (read and checked by base.py) starts every absolute link the
# site gives out; WAGTAILADMIN_BASE_URL, optional, defaults to it. Links in
# http:// to a site that redirects every request to https:// would be wrong.
if SECURE_SSL_REDIRECT and not SITE_BASE_URL.startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured(
        "SITE_BASE_URL must start with https:// (or set DJANGO_SECURE_SSL_REDIRECT=0)."
    )
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies: HTTPS only, same-site navigation only; the session cookie out of
# scripts' reach. The __Host- prefix makes browsers refuse the cookie unless
# it is Secure, has Path=/ and no Domain, so no subdomain can set or shadow
# it. (Nothing reads the CSRF cookie by name: Wagtail's and the site's forms
# carry the token in the page.) Renaming logs everyone out once.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"

# Counters that must hold across gunicorn's workers (the proposal rate limit,
# the password-reset limit) live in a cache every worker shares: a file cache
# on one host, or Redis for several hosts (DJANGO_CACHE_URL or REDIS_URL, see
# config/cache.py and docs/architecture.md).
CACHE_DIR = os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache" / "django"))  # noqa: F405
CACHES = {
    "default": default_cache(  # noqa: F405
        os.environ,
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR},
    ),
    # Kept pages in a folder of their own, with room for many: a file cache
    # deletes a third of its entries at random once full.
    "pages": pages_cache(  # noqa: F405
        os.environ,
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{CACHE_DIR}-pages",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    ),
}

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
