"""Site-wide middleware."""

from django.middleware.locale import LocaleMiddleware


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
