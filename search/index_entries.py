"""The search documents: one per live, public version of a practice, indexed by both engines.

Built from the database in batches; `visible_in` precomputes the multilingual rule of
`practices.visibility`. The fields of a document are listed in docs/search.md.
"""

import html
import re
import uuid
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from wagtail_localize.models import TranslationSource

from practices.models import TAXONOMIES, ErasmusProject, PracticePage, PracticeTag
from practices.models.pages import RICH_TEXT_FIELDS
from search import text

TAG = re.compile(r"<[^>]*>")
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


PAGE_FIELDS = (
    "pk", "translation_key", "locale_id", "locale__language_code", "title", "summary",
    *RICH_TEXT_FIELDS, "region", "url_path", "start_year", "end_year", "first_published_at",
    "project_id",
)  # fmt: skip


def documents_for(translation_keys):
    """The documents of these practices, as {translation_key: [documents]}.

    A key with no live public version maps to an empty list, so that callers
    can remove it from the index. Built from plain rows (`values()`), a fixed
    number of queries whatever the number of practices: model instances and
    modelcluster's relation managers cost ten times more.
    """
    keys = list(dict.fromkeys(str(uuid.UUID(str(key))) for key in translation_keys))
    documents = {key: [] for key in keys}
    rows = list(_practices().filter(translation_key__in=keys).order_by("pk").values(*PAGE_FIELDS))
    if not rows:
        return documents
    related = _related([row["pk"] for row in rows], {row["project_id"] for row in rows})
    originals = {
        (str(key), locale_id)
        for key, locale_id in TranslationSource.objects.filter(object_id__in=keys).values_list(
            "object_id", "locale_id"
        )
    }
    site_root_paths = Site.get_site_root_paths()
    prefixes = {}
    by_key = defaultdict(list)
    for row in rows:
        by_key[str(row["translation_key"])].append(row)
    languages = site_languages()
    for key, versions in by_key.items():
        # The original: the version wagtail-localize translated from, or the
        # oldest live one (practices_for_locale picks the same).
        original = next(
            (row for row in versions if (key, row["locale_id"]) in originals), versions[0]
        )
        present = {row["locale__language_code"] for row in versions}
        for row in versions:
            code = row["locale__language_code"]
            visible_in = [code]
            if row is original:
                visible_in += [lang for lang in languages if lang not in present]
            documents[key].append(
                _document(
                    row,
                    row is original,
                    visible_in,
                    sorted(present),
                    site_root_paths,
                    prefixes,
                    related,
                )
            )
    return documents


def batches(batch_size=500):
    """Every document, in lists of the documents of `batch_size` practices."""
    keys = all_translation_keys()
    for start in range(0, len(keys), batch_size):
        found = documents_for(keys[start : start + batch_size])
        yield [document for versions in found.values() for document in versions]


def _path(row, site_root_paths, prefixes):
    """The page's path on its site ("/fr/pratiques/…/"), or "" if unrouted.

    What Page.get_url_parts computes, without building a page or reversing a
    URL per document: the first site root that contains the page (Wagtail
    orders them the same way), and the reversed prefix of its language,
    computed once per batch.
    """
    url_path = row["url_path"]
    for _site_id, root_path, _root_url, language_code in site_root_paths:
        if url_path.startswith(root_path):
            if (root_path, language_code) not in prefixes:
                with translation.override(language_code):
                    prefixes[root_path, language_code] = reverse("wagtail_serve", args=("",))
            return prefixes[root_path, language_code] + url_path[len(root_path) :]
    return ""


def _related(page_ids, project_ids):
    """What the documents of these pages need from other tables, one query
    per relation: {"themes": {page id: [(slug, term key)]}, …, "countries",
    "organisations", "tags": {page id: [names]}, "projects": {id: (acronym,
    title)}, "term_names": {(relation, term key, language): name}}."""
    related = {}
    for taxonomy in TAXONOMIES:
        relation = taxonomy.field
        through = getattr(PracticePage, relation).through
        target = taxonomy.model._meta.model_name
        related[relation] = _grouped(
            through.objects.filter(practicepage_id__in=page_ids).values_list(
                "practicepage_id", f"{target}__slug", f"{target}__translation_key"
            )
        )
    related["countries"] = _grouped(
        PracticePage.countries.through.objects.filter(practicepage_id__in=page_ids).values_list(
            "practicepage_id", "country__code"
        )
    )
    related["organisations"] = _grouped(
        PracticePage.organisations.through.objects.filter(practicepage_id__in=page_ids).values_list(
            "practicepage_id", "organisation__name"
        )
    )
    related["tags"] = _grouped(
        PracticeTag.objects.filter(content_object_id__in=page_ids).values_list(
            "content_object_id", "tag__name"
        )
    )
    related["projects"] = {
        pk: (acronym, title)
        for pk, acronym, title in ErasmusProject.objects.filter(
            pk__in=project_ids - {None}
        ).values_list("pk", "acronym", "title")
    }
    related["term_names"] = _term_names()
    return related


def _grouped(pairs):
    """{page id: [value or tuple of values]} from (page id, value…) rows."""
    grouped = defaultdict(list)
    for page_id, *values in pairs:
        grouped[page_id].append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def _term_names():
    """{(relation, term translation key, language): name} for every taxonomy
    term (small tables: one query each)."""
    names = {}
    for taxonomy in TAXONOMIES:
        relation = taxonomy.field
        for key, language, name in taxonomy.model.objects.values_list(
            "translation_key", "locale__language_code", "name"
        ):
            names[relation, key, language] = name
    return names


def _document(row, is_original, visible_in, available, site_root_paths, prefixes, related):
    page_id = row["pk"]
    language = row["locale__language_code"]
    body_parts = [plain_text(row[name]) for name in RICH_TEXT_FIELDS]
    body_parts.append(row["region"])
    keywords = list(related["tags"].get(page_id, ()))
    facets = {}
    for taxonomy in TAXONOMIES:
        relation = taxonomy.field
        terms = sorted(related[relation].get(page_id, ()))
        facets[taxonomy.facet] = sorted(slug for slug, _key in terms)
        keywords += [
            related["term_names"].get((relation, key, language), slug) for slug, key in terms
        ]
    keywords += related["organisations"].get(page_id, ())
    project = related["projects"].get(row["project_id"])
    if project:
        keywords += list(project)
    published = row["first_published_at"]
    return {
        "id": page_id,
        "translation_key": str(row["translation_key"]),
        "language": language,
        "is_original": is_original,
        "visible_in": visible_in,
        "title": row["title"],
        "summary": row["summary"],
        "body": " ".join(part for part in body_parts if part),
        "keywords": " ".join(part for part in keywords if part),
        "url": _path(row, site_root_paths, prefixes),
        **facets,
        "country": sorted(str(code).lower() for code in related["countries"].get(page_id, ())),
        "language_available": available,
        "project": [str(row["project_id"])] if project else [],
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        "first_published_at": published.isoformat() if published else None,
        "title_sort": text.fold(row["title"]),
    }
