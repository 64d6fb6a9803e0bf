"""A practice's classification, read in one query: its taxonomy terms named
in a language, countries, organisations and keywords."""

import copy
import unicodedata

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from taggit.models import Tag

from practices.models.organisations import Organisation
from practices.models.taxonomy import TAXONOMIES, Country
from practices.terms import localize_terms

COLUMNS = ("c_kind", "c_pk", "c_a", "c_b", "c_c", "c_d", "c_e", "c_order")


def sorted_by_name(terms):
    """Terms sorted by name, accents and case aside."""

    def key(term):
        decomposed = unicodedata.normalize("NFKD", term.name)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    return sorted(terms, key=key)


def classify(page, locale):
    """{"themes", "target_groups", "professions", "practice_types",
    "countries", "organisations", "tags": list} for `page`, terms named in
    `locale` (with `source_slug`, the slug of the default-locale term).

    A page whose relations are held in memory (a preview, a revision) is read
    through its managers."""
    if getattr(page, "_cluster_related_objects", None):
        return _from_managers(page, locale)
    rows = sorted(_query(page, locale), key=lambda row: (row[0], row[7]))
    result = {name: [] for name in (*(t.field for t in TAXONOMIES), "countries")}
    result.update(organisations=[], tags=[])
    models = {taxonomy.field: taxonomy.model for taxonomy in TAXONOMIES}
    for kind, pk, a, b, c, d, e, _order in rows:
        if kind in models:
            item = models[kind](pk=pk, name=a, slug=b)
            item.source_slug = c
        elif kind == "countries":
            item = Country(pk=pk, code=a)
        elif kind == "organisations":
            item = Organisation(pk=pk, name=a, type=b, country=c, city=d, website=e)
        else:
            item = Tag(pk=pk, name=a, slug=b)
        result[kind].append(item)
    # In the order the managers give: organisations by name, the rest as stored.
    result["organisations"].sort(key=lambda organisation: organisation.name)
    return result


def _row(queryset, kind, pk, a, b=None, c=None, d=None, e=None):
    """One part of the union: (kind, pk, five text columns, order) rows."""
    none = Value(None, output_field=CharField())
    return (
        queryset.annotate(
            c_kind=Value(kind, output_field=CharField()),
            c_pk=pk,
            c_a=a,
            c_b=none if b is None else b,
            c_c=none if c is None else c,
            c_d=none if d is None else d,
            c_e=none if e is None else e,
            c_order=F("pk"),
        )
        .order_by()
        .values_list(*COLUMNS)
    )


def _query(page, locale):
    """The UNION ALL of the page's seven relations."""

    def text(value):
        return Cast(value, output_field=CharField())

    parts = []
    for taxonomy in TAXONOMIES:
        translated = taxonomy.model.objects.filter(
            translation_key=OuterRef("translation_key"), locale_id=locale.pk
        )
        parts.append(
            _row(
                taxonomy.model.objects.filter(practices=page.pk),
                taxonomy.field,
                F("pk"),
                Coalesce(Subquery(translated.values("name")[:1]), F("name")),
                Coalesce(Subquery(translated.values("slug")[:1]), F("slug")),
                F("slug"),
            )
        )
    parts.append(
        _row(Country.objects.filter(practices=page.pk), "countries", F("pk"), text(F("code")))
    )
    parts.append(
        _row(
            Organisation.objects.filter(practices=page.pk),
            "organisations",
            F("pk"),
            F("name"),
            F("type"),
            text(F("country")),
            F("city"),
            F("website"),
        )
    )
    tags = type(page)._meta.get_field("tagged_items").related_model
    parts.append(
        _row(
            tags.objects.filter(content_object_id=page.pk),
            "tags",
            F("tag_id"),
            F("tag__name"),
            F("tag__slug"),
        )
    )
    first, *others = parts
    return first.union(*others, all=True)


def _from_managers(page, locale):
    result = {}
    for taxonomy in TAXONOMIES:
        terms = list(getattr(page, taxonomy.field).all())
        shown_terms = []
        for term, shown in zip(terms, localize_terms(terms, locale), strict=True):
            if shown is not term:
                shown = copy.copy(shown)
                shown.pk = term.pk
            shown.source_slug = term.slug
            shown_terms.append(shown)
        result[taxonomy.field] = shown_terms
    result.update(
        countries=list(page.countries.all()),
        organisations=list(page.organisations.all()),
        tags=list(page.tags.all()),
    )
    return result
