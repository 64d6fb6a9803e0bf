"""Labels of facet values in the visitor's language.

Engines return stable identifiers (slugs, codes, ids); labels are looked up
here in one query: taxonomy terms in the visitor's language, falling back to
the default language where a term is not translated, and the projects.
Country and language names come from django-countries and Django in the
visitor's language, without a query.
"""

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import translation
from django_countries import countries
from wagtail.models import Locale

from practices.models import Country, ErasmusProject, PracticeType, Profession, TargetGroup, Theme

TAXONOMIES = {
    "theme": Theme,
    "target_group": TargetGroup,
    "profession": Profession,
    "practice_type": PracticeType,
}


def facet_labels(language):
    """{facet: {value: label}} for every value a facet can take."""
    labels = {facet: {} for facet in (*TAXONOMIES, "country", "language", "project")}
    default = Locale.get_default().language_code
    parts = [
        model.objects.filter(locale__language_code__in={language, default})
        .annotate(facet=Value(facet, output_field=CharField()))
        .values_list("facet", "slug", "name", "locale__language_code")
        .order_by()
        for facet, model in TAXONOMIES.items()
    ]
    parts.append(
        Country.objects.annotate(
            facet=Value("country", output_field=CharField()),
            name=Value("", output_field=CharField()),
            language=Value("", output_field=CharField()),
        )
        .values_list("facet", "code", "name", "language")
        .order_by()
    )
    parts.append(
        ErasmusProject.objects.annotate(
            facet=Value("project", output_field=CharField()),
            value=Cast("pk", CharField()),
            label=Coalesce(NullIf("acronym", Value("")), "title"),
            language=Value("", output_field=CharField()),
        )
        .values_list("facet", "value", "label", "language")
        .order_by()
    )
    rows = parts[0].union(*parts[1:], all=True)
    with translation.override(language):
        for facet, value, name, row_language in rows:
            if facet == "country":
                labels[facet][value.lower()] = str(countries.name(value))
            elif facet == "project" or row_language == language or value not in labels[facet]:
                labels[facet][value] = name
        for code, _name in settings.LANGUAGES:
            labels["language"][code] = str(translation.get_language_info(code)["name_translated"])
    return labels
