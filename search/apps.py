from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.core import checks

        from search import signals
        from search.checks import search_engine_is_known, voikko_loads

        signals.connect()
        checks.register(voikko_loads)
        checks.register(search_engine_is_known)
