"""The database half of synthetic practices: published Wagtail pages, fast.

The pages are saved one by one (their tree position computed here, as
treebeard's add_child would, without its per-page queries), while revisions,
many-to-many rows, the parent's child count, the search index and the
reference index are written in bulk once per batch. Translations are ordinary
Wagtail translations (same translation_key, under the index of the other
locale); wagtail-localize is bypassed on purpose, as it costs hundreds of
milliseconds per page.
"""

import datetime
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import reset_queries, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from wagtail.models import (
    Locale,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    get_default_page_content_type,
)
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from practices.models import (
    TAXONOMY_FIELDS,
    Country,
    ErasmusProject,
    Organisation,
    PracticeIndexPage,
    PracticePage,
)
from practices.synthetic.specs import (
    SLUG_PREFIX,
    SyntheticDataError,
    TaxonomyPools,
    build_specs,
)
from search import indexing as search_indexing

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
        kind: {term.slug: term for term in model.objects.filter(locale=default_locale)}
        for kind, model in TAXONOMY_FIELDS.items()
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


@contextmanager
def bulk_indexing():
    """Disable per-save search and reference indexing of practice pages: the
    writer indexes a whole batch at once instead."""
    disconnected = post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=PracticePage)


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
            created = []
            for spec, key, languages in batch:
                for code in languages:
                    created.append((self._save_page(spec, key, code), spec))
            if not created:
                return created
            self._add_relations(created)
            self._add_revisions(created)
            for slot in self.slots.values():
                if slot.added:
                    Page.objects.filter(pk=slot.index.pk).update(
                        numchild=F("numchild") + slot.added
                    )
                    slot.added = 0
            pages = [page for page, _spec in created]
            for backend in self.search_backends:
                backend.add_bulk(PracticePage, pages)
            # The public search index, in one go for the batch.
            search_indexing.reindex({page.translation_key for page in pages})
            for page in pages:
                # The project is the only object a synthetic page refers to (no
                # image, documents or links): skip the others' empty lookups.
                if page.project_id:
                    ReferenceIndex.create_or_update_for_object(page)
        return created

    def _save_page(self, spec, key, code):
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
            method=text.method,
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
        page._cached_parent_obj = index  # treebeard's get_parent() cache: no query
        page._is_site_root = False
        page.save(clean=False, log_action=None)  # logged in bulk by _add_revisions
        return page

    def _add_relations(self, created):
        """Many-to-many rows in bulk; the same values in memory for the revisions."""
        for name in M2M_FIELDS:
            model_field = PracticePage._meta.get_field(name)
            through = model_field.remote_field.through
            source = model_field.m2m_field_name() + "_id"
            target = model_field.m2m_reverse_field_name() + "_id"
            rows = []
            for page, spec in created:
                objects = [self.lookups[name][key] for key in getattr(spec, name)]
                rows.extend(through(**{source: page.pk, target: obj.pk}) for obj in objects)
                setattr(page, name, objects)
            through.objects.bulk_create(rows)
        for page, _spec in created:
            page.tagged_items = []
            page.wagtail_admin_comments = []

    def _add_revisions(self, created):
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type_id=page.content_type_id,
                base_content_type_id=self.page_type.pk,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                content=page.serializable_data(),
                object_str=page.title,
            )
            for page, _spec in created
        )
        pages = []
        for (page, _spec), revision in zip(created, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            pages.append(page)
        # One UPDATE for the batch (bulk_update's CASE is slow on SQLite).
        revision_id = Subquery(
            Revision.objects.filter(
                base_content_type_id=self.page_type.pk,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            latest_revision_id=revision_id, live_revision_id=revision_id
        )
        # The history Wagtail writes when an editor creates and publishes a page.
        PageLogEntry.objects.bulk_create(
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
    with bulk_indexing():
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
