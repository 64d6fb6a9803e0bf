"""The database half of synthetic practices: published Wagtail pages, written in bulk.

The rows it writes, and why wagtail-localize is bypassed, are in docs/benchmarks.md.
"""

import datetime
import re
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, reset_queries, transaction
from django.db.models import F
from django.db.models.fields import AutoFieldMixin
from django.db.models.signals import post_save
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail import fields as wagtail_fields
from wagtail.models import (
    Locale,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    get_default_page_content_type,
)
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from bench.synthetic.specs import (
    SLUG_PREFIX,
    SyntheticDataError,
    TaxonomyPools,
    build_specs,
)
from practices.models import (
    TAXONOMIES,
    Country,
    ErasmusProject,
    Organisation,
    PracticeIndexPage,
    PracticePage,
)
from search import indexing as search_indexing

# Paths or object ids per IN (...) lookup: well within every database's limit.
PATHS_PER_QUERY = 500
M2M_FIELDS = (
    "themes",
    "countries",
    "target_groups",
    "professions",
    "practice_types",
    "organisations",
)


def load_pools():
    """The taxonomy pools of the database, and the objects behind their keys."""
    default_locale = Locale.get_default()
    lookups = {
        taxonomy.field: {
            term.slug: term for term in taxonomy.model.objects.filter(locale=default_locale)
        }
        for taxonomy in TAXONOMIES
    }
    lookups["countries"] = {str(country.code): country for country in Country.objects.all()}
    lookups["organisations"] = {org.name: org for org in Organisation.objects.all()}
    lookups["projects"] = {
        project.reference or project.title: project for project in ErasmusProject.objects.all()
    }
    missing = [kind for kind in ("themes", "countries") if not lookups[kind]]
    if missing:
        raise SyntheticDataError(
            f"No {' and no '.join(missing)} in the database (default locale "
            f"'{default_locale.language_code}'): run `python manage.py load_demo` first."
        )
    pools = TaxonomyPools(**{kind: tuple(sorted(values)) for kind, values in lookups.items()})
    return pools, lookups


def parse_languages(value):
    codes = (
        [code.strip() for code in value.split(",") if code.strip()]
        if isinstance(value, str)
        else list(value)
    )
    if not codes:
        raise SyntheticDataError("Give at least one language, for example --languages en,fr.")
    if len(set(codes)) != len(codes):
        raise SyntheticDataError(f"A language is repeated in {','.join(codes)}.")
    known = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise SyntheticDataError(
            f"Unknown language(s) {', '.join(unknown)}; the content languages are "
            f"{', '.join(sorted(known))}."
        )
    return codes


def find_indexes(languages):
    """The PracticeIndexPage of each language: the first language's index and
    its translations."""
    load_demo = "run `python manage.py load_demo` first to create the site structure"
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    source_locale = locales.get(languages[0])
    source = (
        PracticeIndexPage.objects.filter(locale=source_locale).order_by("path").first()
        if source_locale
        else None
    )
    if source is None:
        raise SyntheticDataError(
            f"There is no practice index page in '{languages[0]}': {load_demo}."
        )
    indexes = {languages[0]: source}
    for code in languages[1:]:
        index = None
        if code in locales:
            index = source.get_translation_or_none(locales[code])
            index = index.specific if index is not None else None
        if index is None:
            raise SyntheticDataError(
                f"There is no practice index page in '{code}' (the translation of "
                f"'{source.title}'): {load_demo}."
            )
        indexes[code] = index
    return indexes


# Rich text as synthetic practices write it: bare paragraph, list and emphasis tags.
SIMPLE_TAG = re.compile(r"</?(?:p|ol|ul|li|strong|em|b|i)>")
# Where wagtail.rich_text.get_text_for_indexing puts a space (after a block).
BLOCK_END = re.compile(r"(</(p|h\d|li|blockquote)>)", re.IGNORECASE)


def text_for_indexing(richtext):
    """wagtail.rich_text.get_text_for_indexing without its HTML parser when
    the rich text has only bare paragraph, list and emphasis tags and no
    entity (the parser then only drops the tags); any other rich text goes
    to Wagtail's function."""
    if "&" not in richtext:
        text = SIMPLE_TAG.sub("", BLOCK_END.sub(r"\1 ", richtext))
        if "<" not in text:
            return text.strip()
    return get_text_for_indexing(richtext)


def _read_once(indexer_class):
    """A subclass of a Wagtail search backend's ObjectIndexer that reads each
    search field of an object once: the indexer reads every field again for
    each of the title, the body and the autocomplete text it builds."""

    class OnceIndexer(indexer_class):
        def prepare_field(self, obj, field):
            read = self.__dict__.setdefault("_read", {})
            key = (id(obj), id(field))
            if key not in read:
                read[key] = (obj, list(super().prepare_field(obj, field)))  # obj kept alive
            return read[key][1]

    return OnceIndexer


def _no_refresh(index, full=False):
    """Stands for the title norms' refresh of Wagtail's database search
    backends while the batches are written (see bulk_indexing)."""


@contextmanager
def bulk_indexing(backends=()):
    """Disable per-save search and reference indexing of practice pages (the
    writer indexes a whole batch at once instead), and make Wagtail's search
    indexing of the batches cheaper without changing the entries it writes:

    * rich text read through `text_for_indexing` (the HTML parser is most of
      the cost of indexing a page);
    * each field read once per page (`_read_once`) by the indexes of
      `backends`;
    * their title norms (a ranking factor computed from the average title
      length, two scans of the whole index per call) refreshed once at the
      end instead of after every batch, as Wagtail's own rebuild does.
    """
    disconnected = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    wagtail_fields.get_text_for_indexing = text_for_indexing
    patched = []  # (object, attribute, original value)
    for index in {type(backend.get_index_for_model(PracticePage)) for backend in backends}:
        module = sys.modules[index.__module__]
        if isinstance(getattr(module, "ObjectIndexer", None), type):
            patched.append((module, "ObjectIndexer", module.ObjectIndexer))
            module.ObjectIndexer = _read_once(module.ObjectIndexer)
        if "_refresh_title_norms" in vars(index):
            patched.append((index, "_refresh_title_norms", vars(index)["_refresh_title_norms"]))
            index._refresh_title_norms = _no_refresh
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for obj, attribute, original in patched:
            setattr(obj, attribute, original)
        wagtail_fields.get_text_for_indexing = get_text_for_indexing
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=PracticePage)
    for backend in backends:
        index = backend.get_index_for_model(PracticePage)
        if hasattr(index, "_refresh_title_norms"):
            with transaction.atomic():
                index._refresh_title_norms()


# Rows per INSERT where the database sets no limit on parameters (PostgreSQL).
MAX_ROWS_PER_INSERT = 1000


def _insert_rows(model, columns, rows):
    """Insert rows (sequences of database values for `columns`) into the
    table of `model` with multi-row INSERTs, as many rows each as the
    database's parameter limit allows."""
    quote = connection.ops.quote_name
    limit = connection.features.max_query_params
    per_statement = (
        min(MAX_ROWS_PER_INSERT, limit // len(columns)) if limit else MAX_ROWS_PER_INSERT
    )
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608 (model names)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                sql + ", ".join([row] * len(chunk)), [value for values in chunk for value in values]
            )


# Field classes whose database value is the attribute itself when it is
# None or of these types (their get_prep_value only converts other types).
PLAIN_VALUES = (
    (models.CharField, (str,)),
    (models.TextField, (str,)),
    (models.BooleanField, (bool,)),
    (models.IntegerField, (int,)),
)


def _plain_types(field):
    """The types whose values `field` stores unchanged, or () if not known."""
    cls = type(field)
    if cls.pre_save is not models.Field.pre_save:
        return ()
    if isinstance(field, models.ForeignKey):
        if cls.get_db_prep_save is not models.ForeignKey.get_db_prep_save:
            return ()
        if isinstance(field.target_field, AutoFieldMixin):  # an integer id, as it is
            return (int,)
        return _plain_types(field.target_field)
    for base, types in PLAIN_VALUES:
        if (
            isinstance(field, base)
            and cls.get_prep_value is base.get_prep_value
            and cls.get_db_prep_save is models.Field.get_db_prep_save
            and cls.get_db_prep_value is base.get_db_prep_value
        ):
            return types
    return ()


def _preparer(field):
    """instance -> the database value of `field`, as Django's INSERT prepares
    it (pre_save, get_db_prep_save), without the calls for the plain values
    of common field types, which they return unchanged."""
    attname = field.attname
    plain = _plain_types(field)

    def prepare(obj):
        value = getattr(obj, attname)
        if value is None or type(value) in plain:
            return value
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    def prepare_any(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    return prepare if plain else prepare_any


def _insert_objects(model, objects, fields=None):
    """Insert model instances into the table of `model`, their values
    prepared as Django's own INSERT prepares them; `fields` defaults to the
    table's columns but the automatic primary key. Returns nothing: the
    caller finds the new ids by a unique column."""
    if fields is None:
        fields = [
            field
            for field in model._meta.local_concrete_fields
            if not (field.primary_key and field.db_returning)
        ]
    preparers = [_preparer(field) for field in fields]
    rows = [[prepare(obj) for prepare in preparers] for obj in objects]
    _insert_rows(model, [field.column for field in fields], rows)


@dataclass
class GenerationReport:
    languages: list
    practices: int = 0  # practices with at least one page created
    pages: int = 0
    skipped: int = 0  # practices that already existed in every language
    seconds: float = 0.0

    @property
    def rate(self):
        return self.practices / self.seconds if self.seconds else 0.0

    def __str__(self):
        line = (
            f"Generated {self.practices} practices × {len(self.languages)} languages in "
            f"{self.seconds:.1f} s ({self.rate:.1f} practices/s)"
        )
        if self.pages != self.practices * len(self.languages):
            line += f"; {self.pages} pages (missing translations of earlier practices added)"
        if self.skipped:
            line += f"; skipped {self.skipped} already there"
        return line


# The page's child relations (modelcluster's), all empty on synthetic pages.
CHILD_RELATIONS = [
    relation.get_accessor_name() for relation in get_all_child_relations(PracticePage)
]


def revision_content(page):
    """page.serializable_data() for a synthetic page, whose child relations
    are empty and many-to-many relations held in memory: the same dict,
    without looking the relations up again for every page."""
    content = get_serializable_data_for_fields(page)
    for relation in CHILD_RELATIONS:
        content[relation] = []
    for field in get_all_child_m2m_relations(PracticePage):
        if field.serialize:
            content[field.name] = [child.pk for child in getattr(page, field.name).all()]
    return content


class _IndexSlot:
    """Where the next child of an index goes (treebeard path steps)."""

    def __init__(self, index):
        self.index = index
        self.depth = index.depth + 1
        last = (
            Page.objects.filter(path__startswith=index.path, depth=self.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.added = 0

    def take_path(self):
        if self.next_step >= len(Page.alphabet) ** Page.steplen:
            raise SyntheticDataError(f"No room left for more children under {self.index}.")
        path = Page._get_path(self.index.path, self.depth, self.next_step)
        self.next_step += 1
        self.added += 1
        return path


class PracticeWriter:
    def __init__(self, languages, indexes, lookups):
        self.languages = languages
        self.indexes = indexes
        self.lookups = lookups
        self.slots = {code: _IndexSlot(index) for code, index in indexes.items()}
        self.page_type = get_default_page_content_type()
        self.search_backends = list(get_search_backends(with_auto_update=True))

        # The synthetic pages already there: {language: {slug: translation key}}.
        self.existing = {
            code: dict(
                Page.objects.filter(
                    locale_id=index.locale_id, slug__startswith=SLUG_PREFIX
                ).values_list("slug", "translation_key")
            )
            for code, index in indexes.items()
        }

    def plan(self, specs):
        """(spec, translation key, languages to create) for the specs that miss
        a page in some language. A practice whose slug exists in a language is
        not created again there; missing translations of an existing practice
        get its translation key."""
        entries = []
        for spec in specs:
            present = {
                code: self.existing[code].get(spec.texts[code].slug) for code in self.languages
            }
            keys = sorted({key for key in present.values() if key is not None}, key=str)
            entries.append((spec, keys[0] if keys else spec.translation_key, present))
        # A translation key is unique per locale, whatever the page.
        taken = set(
            Page.objects.filter(
                translation_key__in={key for _spec, key, _present in entries}
            ).values_list("translation_key", "locale_id")
        )
        plans = []
        for spec, key, present in entries:
            codes = [
                code
                for code in self.languages
                if present[code] is None and (key, self.indexes[code].locale_id) not in taken
            ]
            if codes:
                plans.append((spec, key, codes))
        return plans

    def write_batch(self, batch):
        """Create the pages of (spec, key, languages) entries, in one transaction."""
        with transaction.atomic():
            created = [
                (self._build_page(spec, key, code), spec)
                for spec, key, languages in batch
                for code in languages
            ]
            if not created:
                return created
            pages = [page for page, _spec in created]
            self._insert_pages(pages)
            self._add_relations(created)
            self._add_revisions(pages)
            for slot in self.slots.values():
                if slot.added:
                    Page.objects.filter(pk=slot.index.pk).update(
                        numchild=F("numchild") + slot.added
                    )
                    slot.added = 0
            for backend in self.search_backends:
                backend.add_bulk(PracticePage, pages)
            # The public search index, in one go for the batch.
            search_indexing.reindex({page.translation_key for page in pages})
            self._add_references(pages)
        return created

    def _build_page(self, spec, key, code):
        """The page of `spec` in language `code`, not saved yet."""
        index = self.indexes[code]
        text = spec.texts[code]
        published_at = spec.published_at + datetime.timedelta(
            minutes=15 * self.languages.index(code)
        )
        project = self.lookups["projects"].get(spec.project) if spec.project else None
        page = PracticePage(
            title=text.title,
            draft_title=text.title,
            slug=text.slug,
            locale_id=index.locale_id,
            translation_key=key,
            path=self.slots[code].take_path(),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{text.slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at,
            summary=text.summary,
            region=text.region,
            context=text.context,
            method_text=text.method,
            outcomes=text.outcomes,
            transferability=text.transferability,
            resources=text.resources,
            difficulties=text.difficulties,
            start_year=spec.start_year,
            end_year=spec.end_year,
            status=spec.status,
            licence=spec.licence,
            featured=spec.featured,
            last_reviewed=spec.last_reviewed,
            project=project,
        )
        # Same block ids in every language, as a translation copy would have.
        page.indicators = [
            {
                "type": "indicator",
                "id": block_id,
                "value": {"label": label, "value": value, "unit": unit},
            }
            for block_id, (label, value, unit) in zip(
                spec.indicator_ids, text.indicators, strict=True
            )
        ]
        return page

    def _insert_pages(self, pages):
        """The rows of both tables of the pages; sets their ids, found by
        their paths (unique in the tree)."""
        _insert_objects(Page, pages)
        paths = [page.path for page in pages]
        ids = {}
        for start in range(0, len(paths), PATHS_PER_QUERY):
            ids.update(
                Page.objects.filter(path__in=paths[start : start + PATHS_PER_QUERY]).values_list(
                    "path", "pk"
                )
            )
        for page in pages:
            page.id = page.page_ptr_id = ids[page.path]
            page._state.adding = False
            page._state.db = connection.alias
        _insert_objects(PracticePage, pages, PracticePage._meta.local_concrete_fields)

    def _add_relations(self, created):
        """Many-to-many rows in bulk; the same values in memory for the revisions."""
        for name in M2M_FIELDS:
            model_field = PracticePage._meta.get_field(name)
            through = model_field.remote_field.through
            source = through._meta.get_field(model_field.m2m_field_name()).column
            target = through._meta.get_field(model_field.m2m_reverse_field_name()).column
            rows = []
            for page, spec in created:
                objects = [self.lookups[name][key] for key in getattr(spec, name)]
                rows.extend((page.pk, obj.pk) for obj in objects)
                setattr(page, name, objects)
            _insert_rows(through, (source, target), rows)
        for page, _spec in created:  # no tags, no comments
            for relation in CHILD_RELATIONS:
                setattr(page, relation, [])

    def _add_references(self, pages):
        """The reference index rows ReferenceIndex.create_or_update_for_object
        writes for a new page, for the whole batch at once. The project is the
        only object a synthetic page refers to (no image, documents or links):
        pages without one are skipped."""
        content_type = ContentType.objects.get_for_model(PracticePage, for_concrete_model=False)
        base_content_type = ContentType.objects.get_for_model(Page, for_concrete_model=False)
        references = [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=page.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for page in pages
            if page.project_id
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ]
        _insert_objects(ReferenceIndex, references)

    def _add_revisions(self, pages):
        """A revision per page, made its latest and live one, and the history
        Wagtail writes when an editor creates and publishes a page."""
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type_id=self.page_type.pk,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                content=revision_content(page),
                object_str=page.title,
            )
            for page in pages
        ]
        _insert_objects(Revision, revisions)
        ids = {}
        object_ids = [revision.object_id for revision in revisions]
        for start in range(0, len(object_ids), PATHS_PER_QUERY):
            ids.update(
                Revision.objects.filter(
                    base_content_type_id=self.page_type.pk,
                    object_id__in=object_ids[start : start + PATHS_PER_QUERY],
                ).values_list("object_id", "pk")
            )
        for page, revision in zip(pages, revisions, strict=True):
            revision.pk = ids[revision.object_id]
            revision._state.adding = False
            page.latest_revision = page.live_revision = revision
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE wagtailcore_page SET latest_revision_id = %s, live_revision_id = %s "
                "WHERE id = %s",
                [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages],
            )
        _insert_objects(
            PageLogEntry,
            [
                PageLogEntry(
                    page_id=page.pk,
                    content_type_id=page.content_type_id,
                    label=page.title,
                    action=action,
                    timestamp=page.first_published_at,
                    revision=revision,
                    content_changed=True,
                )
                for page in pages
                for action, revision in (
                    ("wagtail.create", None),
                    ("wagtail.publish", page.live_revision),
                )
            ],
        )


def generate_practices(
    count,
    *,
    seed=1,
    languages=("en", "fr"),
    batch_size=200,
    log: Callable[[str], None] | None = None,
):
    """Create `count` synthetic practices in every language; returns a report."""
    languages = parse_languages(languages)
    if count < 1:
        raise SyntheticDataError("--count must be at least 1.")
    if batch_size < 1:
        raise SyntheticDataError("--batch-size must be at least 1.")
    indexes = find_indexes(languages)
    pools, lookups = load_pools()
    report = GenerationReport(languages=languages)
    started = time.perf_counter()
    writer = PracticeWriter(languages, indexes, lookups)
    with bulk_indexing(writer.search_backends):
        for first in range(1, count + 1, batch_size):
            specs = build_specs(
                min(batch_size, count + 1 - first),
                seed=seed,
                languages=languages,
                pools=pools,
                start=first,
            )
            plans = writer.plan(specs)
            report.skipped += len(specs) - len(plans)
            created = writer.write_batch(plans)
            report.practices += len(plans)
            report.pages += len(created)
            if log and count > batch_size:
                log(f"  {first + len(specs) - 1}/{count} practices")
            reset_queries()  # with DEBUG on, Django keeps every query in memory
    report.seconds = time.perf_counter() - started
    return report
