"""Site-wide middleware: the language prefix, and each admin change in one transaction."""

from django.contrib import messages
from django.db import connection, transaction
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Revision

from search import indexing


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except for the language-neutral JSON API.

    LocaleMiddleware answers any 404 of a path without a language prefix by
    redirecting to the prefixed path (and Wagtail's catch-all route makes
    every prefixed path look valid), so the API's own 404s would become 302s
    to an HTML page. Paths under /api/ keep their response as it is.
    """

    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)


# Admin changes, one transaction each (docs/security.md) ------------------------------

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _is_deferred_publish(func):
    return getattr(func, "__func__", None) is Revision.publish and isinstance(
        getattr(func, "__self__", None), Revision
    )


def run_deferred_publishes(since):
    """Run, now, the revision publishes registered with `on_commit` after
    the first `since` callbacks of the connection, and drop them from the
    queue: the caller's transaction then covers them."""
    queued = connection.run_on_commit
    publishes = [entry for entry in queued[since:] if _is_deferred_publish(entry[1])]
    if not publishes:
        return
    connection.run_on_commit = [entry for entry in queued if entry not in publishes]
    for _savepoints, func, _robust in publishes:
        func()


class AtomicAdminWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    @property
    def prefix(self):
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return self._prefix

    def __call__(self, request):
        if request.method in SAFE_METHODS or not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        with indexing.recording_failures() as failures, transaction.atomic():
            since = len(connection.run_on_commit)
            response = self.get_response(request)
            try:
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                else:
                    run_deferred_publishes(since)
            except BaseException:
                self._drop_messages(request)
                raise
        if response.status_code >= 500:
            self._drop_messages(request)
            return response
        if failures:
            messages.warning(
                request,
                _(
                    "Your changes are saved, but the search engine could not be updated; "
                    "visitors' searches will show them once it is repaired (automatically, "
                    "within a few minutes)."
                ),
            )
        return response

    @staticmethod
    def _drop_messages(request):
        """Success messages of a rolled-back change must not be shown."""
        storage = getattr(request, "_messages", None)
        if storage is not None:
            for _message in storage:
                pass
