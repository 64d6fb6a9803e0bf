"""Show taxonomy terms in the visitor's language.

Practices relate to the default-locale row of each term; these helpers swap
in the active locale's translation, one query per list, falling back to the
source row where a term is not translated.
"""

from wagtail.models import Locale


def localize_terms(terms, locale=None):
    terms = list(terms)
    if not terms:
        return terms
    locale = locale or Locale.get_active()
    if all(term.locale_id == locale.pk for term in terms):
        return terms
    model = type(terms[0])
    translations = {
        term.translation_key: term
        for term in model.objects.filter(
            locale=locale, translation_key__in=[term.translation_key for term in terms]
        )
    }
    return [translations.get(term.translation_key, term) for term in terms]
