"""The search documents: one per live, public version of a practice.

Both engines index the same documents, built here from the database in
batches (a few queries per batch, whatever its size). A document carries the
text to search, the facet values (stable identifiers, never labels), what a
result needs to show, and `visible_in`: the visitor languages for which this
version represents the practice. That is the multilingual rule of
`practices.visibility` precomputed: the version in the visitor's language
where it is live, otherwise the original. Filtering on `visible_in` makes
every practice appear once, on every engine.

A document (a dict, JSON-serialisable):
    id                   page id (int)
    translation_key      str, shared by the versions of one practice
    language             language code of this version
    is_original          bool: the version the others were translated from
    visible_in           [language codes]
    title, summary       str
    body                 str: the sections and the region, as plain text (what
                         snippets are cut from)
    keywords             str: searchable but never shown in snippets: the
                         practice's keywords, the names of its terms in its
                         language, its organisations and its project
    url                  str, the page's path ("/fr/pratiques/…/")
    theme, country, target_group, profession, practice_type, language_available,
    project              facet values: lists of str ("project" has 0 or 1)
    start_year, end_year int or None
    first_published_at   ISO 8601 str or None
    title_sort           folded title, for sorting by title
"""

import html
import re
import uuid
from collections import defaultdict

from django.conf import settings
from wagtail.models import Site
from wagtail_localize.models import TranslationSource

from search import text

TAG = re.compile(r"<[^>]*>")
RICH_TEXT_FIELDS = ("context", "method", "outcomes", "transferability", "resources", "difficulties")
# Facet name -> the practice's many-to-many relation and the attribute of its
# rows that identifies a value.
RELATION_FACETS = {
    "theme": ("themes", "slug"),
    "target_group": ("target_groups", "slug"),
    "profession": ("professions", "slug"),
    "practice_type": ("practice_types", "slug"),
}
# The document field holding a facet's values, where it is not the facet's name.
FACET_FIELDS = {"language": "language_available"}


def facet_field(facet):
    return FACET_FIELDS.get(facet, facet)


def plain_text(rich_text):
    """Rich text as plain text: tags become spaces, entities are decoded."""
    return " ".join(html.unescape(TAG.sub(" ", rich_text or "")).split())


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def _practices():
    from practices.models import PracticePage

    return PracticePage.objects.live().public()


def all_translation_keys():
    """The translation keys of every live, public practice, in a stable order."""
    return list(
        _practices()
        .order_by("translation_key")
        .values_list("translation_key", flat=True)
        .distinct()
    )


def document_count():
    """How many documents a full rebuild writes: one per live public version."""
    return _practices().count()


def documents_for(translation_keys):
    """The documents of these practices, as {translation_key: [documents]}.

    A key with no live public version maps to an empty list, so that callers
    can remove it from the index.
    """
    keys = list(dict.fromkeys(str(uuid.UUID(str(key))) for key in translation_keys))
    documents = {key: [] for key in keys}
    pages = list(
        _practices()
        .filter(translation_key__in=keys)
        .select_related("locale", "project")
        .prefetch_related(
            "themes",
            "countries",
            "target_groups",
            "professions",
            "practice_types",
            "organisations",
            "tags",
        )
        .order_by("pk")
    )
    if not pages:
        return documents
    originals = {
        (str(key), locale_id)
        for key, locale_id in TranslationSource.objects.filter(object_id__in=keys).values_list(
            "object_id", "locale_id"
        )
    }
    site_root_paths = Site.get_site_root_paths()
    term_names = _term_names()
    by_key = defaultdict(list)
    for page in pages:
        by_key[str(page.translation_key)].append(page)
    languages = site_languages()
    for key, versions in by_key.items():
        # The original: the version wagtail-localize translated from, or the
        # oldest live one (practices_for_locale picks the same).
        original = next(
            (page for page in versions if (key, page.locale_id) in originals), versions[0]
        )
        present = {page.locale.language_code for page in versions}
        for page in versions:
            code = page.locale.language_code
            visible_in = [code]
            if page is original:
                visible_in += [lang for lang in languages if lang not in present]
            documents[key].append(
                _document(
                    page,
                    code,
                    page is original,
                    visible_in,
                    sorted(present),
                    site_root_paths,
                    term_names,
                )
            )
    return documents


def batches(batch_size=500):
    """Every document, in lists of the documents of `batch_size` practices."""
    keys = all_translation_keys()
    for start in range(0, len(keys), batch_size):
        found = documents_for(keys[start : start + batch_size])
        yield [document for versions in found.values() for document in versions]


class _Request:
    """Enough of a request for Page.get_url to reuse the site root paths."""

    def __init__(self, site_root_paths):
        self._wagtail_cached_site_root_paths = site_root_paths


def _path(page, site_root_paths):
    """The page's path on its site ("/fr/pratiques/…/"), or "" if unrouted."""
    parts = page.get_url_parts(request=_Request(site_root_paths))
    return parts[2] if parts else ""


def _term_names():
    """{(relation, term translation key, language): name} for every taxonomy
    term (small tables: one query each)."""
    from practices.models import TAXONOMY_FIELDS

    names = {}
    for relation, model in TAXONOMY_FIELDS.items():
        for key, language, name in model.objects.values_list(
            "translation_key", "locale__language_code", "name"
        ):
            names[relation, key, language] = name
    return names


def _document(page, language, is_original, visible_in, available, site_root_paths, term_names):
    project = page.project
    body_parts = [plain_text(getattr(page, name)) for name in RICH_TEXT_FIELDS]
    body_parts.append(page.region)
    keywords = [tag.name for tag in page.tags.all()]
    for relation, _attribute in RELATION_FACETS.values():
        keywords += [
            term_names.get((relation, term.translation_key, language), term.name)
            for term in getattr(page, relation).all()
        ]
    keywords += [organisation.name for organisation in page.organisations.all()]
    if project:
        keywords += [project.acronym, project.title]
    document = {
        "id": page.pk,
        "translation_key": str(page.translation_key),
        "language": language,
        "is_original": is_original,
        "visible_in": visible_in,
        "title": page.title,
        "summary": page.summary,
        "body": " ".join(part for part in body_parts if part),
        "keywords": " ".join(part for part in keywords if part),
        "url": _path(page, site_root_paths),
        "country": sorted(country.slug for country in page.countries.all()),
        "language_available": available,
        "project": [str(project.pk)] if project else [],
        "start_year": page.start_year,
        "end_year": page.end_year,
        "first_published_at": (
            page.first_published_at.isoformat() if page.first_published_at else None
        ),
        "title_sort": text.fold(page.title),
    }
    for facet, (relation, attribute) in RELATION_FACETS.items():
        document[facet] = sorted(getattr(term, attribute) for term in getattr(page, relation).all())
    return document
