"""The page cache: anonymous GET and HEAD responses of public pages, kept in
Django's `pages` cache under keys that change whenever content changes.

Every key starts with the content *generation*, a number kept in the cache
and bumped by any write to the content (`content_changed`); entries of an
older generation are never read again and expire. docs/architecture.md says
why the bump happens both at once and after the commit.
"""

import functools
import logging
import threading
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import get_cache_key, get_max_age, learn_cache_key, patch_vary_headers
from wagtail import signals as wagtail_signals
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

from search import indexing

logger = logging.getLogger(__name__)
CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
HIT_HEADER = "X-Page-Cache"

# The views whose anonymous answers are cached (URL names): Wagtail's pages
# (home, practice index, practices), the search page, its landing pages and
# the JSON API, the feeds, the sitemap, robots.txt.
CACHED_VIEWS = frozenset(
    {
        "wagtail_serve",
        "search",
        "search_theme",
        "search_country",
        "search_api",
        "search_openapi",
        "practices_feed",
        "sitemap",
        "robots_txt",
    }
)
NEVER_CACHED_PATHS = ("/admin/", "/django-admin/")
REFUSING_CACHE_CONTROL = frozenset({"private", "no-store", "no-cache"})

# Writes that change what a public page may show: every model of these apps
# (the pages, taxonomy, organisations, projects, settings, keywords,
# redirects) and these models (subclasses included). Not sessions, logs,
# login attempts, revisions, renditions, the search index or tasks.
CONTENT_APPS = frozenset({"home", "practices", "taggit", "wagtailredirects"})
NOT_CONTENT_MODELS = frozenset({"practices.proposal"})


@functools.cache
def content_models():
    return (
        *(Page, PageViewRestriction, Site, Locale, Collection, CollectionViewRestriction),
        *(get_image_model(), get_document_model()),
    )


# The generation ---------------------------------------------------------------------------


def _cache():
    return caches[CACHE_ALIAS]


def _fresh_generation():
    """A start never used before, should the counter vanish (evicted, cache
    cleared): microseconds since the epoch, above any count reached so far."""
    return time.time_ns() // 1000


def shared_generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump():
    """Move every process to a new generation (cache.incr, created if missing)."""
    cache = _cache()
    try:
        if not cache.add(GENERATION_KEY, _fresh_generation(), timeout=None):
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:  # evicted between the two calls
                cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
    except Exception:  # the cache server is down: the change is saved all the same
        logger.exception("Page cache: no new generation; kept pages may be stale until they expire")


def content_changed(using=DEFAULT_DB_ALIAS):
    """A write that may change a public page. Outside a transaction every
    process moves to a new generation now; inside one, this connection does
    at once (a private generation), and every process after the commit."""
    connection = connections[using]
    if not connection.in_atomic_block:
        bump()
        return
    connection.page_cache_private = uuid.uuid4().hex
    # One bump per transaction: the callback is still queued as long as the
    # queue is the same list (Django replaces it on commit and rollback).
    if getattr(connection, "page_cache_queue", None) is not connection.run_on_commit:
        transaction.on_commit(functools.partial(_committed, connection), using=using)
        connection.page_cache_queue = connection.run_on_commit


# Set in a thread whose request committed content: see _request_finished.
_committed_in_request = threading.local()


def _committed(connection):
    connection.page_cache_private = None
    connection.page_cache_queue = None
    bump()
    _committed_in_request.value = True


def _request_finished(sender, **kwargs):
    """Once more at the end of a request that committed content: the other
    callbacks of its commit (the Elasticsearch update) ran after the bump."""
    if getattr(_committed_in_request, "value", False):
        _committed_in_request.value = False
        bump()


def key_prefix(using=DEFAULT_DB_ALIAS):
    """The generation this request reads and fills. A connection with
    uncommitted content writes has its own: what it renders may be rolled
    back, so nobody else may read it."""
    prefix = f"page-cache.{shared_generation()}"
    connection = connections[using]
    private = getattr(connection, "page_cache_private", None)
    if private and not connection.in_atomic_block:  # rolled back since
        connection.page_cache_private = private = None
    return f"{prefix}.{private}" if private else prefix


# Signals ----------------------------------------------------------------------------------


def _is_content(model):
    meta = model._meta
    if meta.label_lower in NOT_CONTENT_MODELS:
        return False
    return meta.app_label in CONTENT_APPS or issubclass(model, content_models())


def _model_written(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if _is_content(sender):
        content_changed(using)


def _relation_written(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and (_is_content(sender) or _is_content(type(instance))):
        content_changed(using)


def _page_event(sender, **kwargs):
    content_changed()


def connect():
    """Called by HomeConfig.ready()."""
    post_save.connect(_model_written, dispatch_uid="page_cache_save")
    post_delete.connect(_model_written, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_relation_written, dispatch_uid="page_cache_m2m")
    request_finished.connect(_request_finished, dispatch_uid="page_cache_request_finished")
    # Writes that bypass the model signals (queryset updates of a subtree).
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.page_slug_changed,
        wagtail_signals.published,
        wagtail_signals.unpublished,
    ):
        signal.connect(_page_event, dispatch_uid="page_cache_event")
    # Searches answer differently once Elasticsearch is updated or repaired
    # after the commit (sync_search_index), or the index rebuilt.
    indexing.index_changed.connect(_index_changed, dispatch_uid="page_cache_index")


def _index_changed(sender, **kwargs):
    content_changed()


# The middleware ---------------------------------------------------------------------------


def _request_may_use_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # Wagtail's previews run the middleware on a request of their own.
        and not getattr(request, "is_dummy", False)
        and not getattr(request, "is_preview", False)
        and not request.path_info.startswith(NEVER_CACHED_PATHS)
        and "authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _cache_control(response):
    directives = set()
    for directive in response.get("Cache-Control", "").split(","):
        directives.add(directive.split("=", 1)[0].strip().lower())
    return directives


def _timeout(request, response):
    """Seconds to keep this response, or 0 if it must not be kept."""
    match = getattr(request, "resolver_match", None)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or getattr(request, "is_preview", False)
        or getattr(request, "page_cache_refused", False)
        or match is None
        or match.url_name not in CACHED_VIEWS
        or REFUSING_CACHE_CONTROL & _cache_control(response)
        or "*" in response.get("Vary", "")
    ):
        return 0
    max_age = get_max_age(response)
    return (
        settings.PAGE_CACHE_SECONDS
        if max_age is None
        else min(max_age, settings.PAGE_CACHE_SECONDS)
    )


def refuse_restricted_page(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook (home/wagtail_hooks.py): a page
    behind a view restriction (password, login, groups) is never cached."""
    if getattr(request, "page_cache_candidate", False) and page.get_view_restrictions().exists():
        request.page_cache_refused = True


class PageCacheMiddleware:
    """Serves and fills the page cache; placed after the language middleware
    (the key holds the request's language) and before the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_may_use_cache(request):
            return self.get_response(request)
        cache = _cache()
        try:
            prefix = key_prefix()
            response = self._cached(request, prefix, cache)
        except Exception:  # the cache server is down: answer without it
            logger.exception("Page cache: unavailable")
            return self.get_response(request)
        if response is not None:
            response[HIT_HEADER] = "hit"
            return response
        request.page_cache_candidate = True
        response = self.get_response(request)
        timeout = _timeout(request, response)
        if timeout > 0:
            try:
                self._keep(request, response, timeout, prefix, cache)
            except Exception:
                logger.exception("Page cache: unavailable")
        return response

    @staticmethod
    def _keep(request, response, timeout, prefix, cache):
        key = learn_cache_key(request, response, timeout, prefix, cache=cache)
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            # What SessionMiddleware adds to this answer, outside this one.
            patch_vary_headers(response, ("Cookie",))
        cache.set(key, response, timeout)
        response[HIT_HEADER] = "miss"

    @staticmethod
    def _cached(request, prefix, cache):
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is None and request.method == "HEAD":
            key = get_cache_key(request, prefix, "HEAD", cache=cache)
        return None if key is None else cache.get(key)
