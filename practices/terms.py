"""Show taxonomy terms in the visitor's language: the active locale's
translation of each default-locale term, one query per list."""

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
