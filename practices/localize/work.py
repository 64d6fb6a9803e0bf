"""What there is to translate in a language: practices not yet translated,
translations in progress, and translations whose original changed."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from practices.models import PracticePage
from practices.visibility import changes_not_brought_in, original_status

TO_TRANSLATE = "to-translate"
IN_PROGRESS = "in-progress"
ORIGINAL_CHANGED = "original-changed"
SECTIONS = (TO_TRANSLATE, IN_PROGRESS, ORIGINAL_CHANGED)


def untranslated_practices(locale):
    """Live practices, not themselves translations, with no page in `locale`
    (an alias is not a translation), newest first."""
    in_locale = PracticePage.objects.filter(locale=locale, alias_of__isnull=True)
    is_translation = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"), target_locale_id=OuterRef("locale_id")
    )
    return (
        PracticePage.objects.live()
        .exclude(locale=locale)
        .exclude(translation_key__in=in_locale.values("translation_key"))
        .exclude(Exists(is_translation))
        .select_related("locale")
        .order_by("-first_published_at", "-pk")
    )


@dataclass
class TranslationWork:
    translation: Translation
    target: Page
    original: Page | None
    status: dict | None

    @property
    def outdated(self):
        return bool(self.status and self.status["outdated"])

    @property
    def changes_to_bring_in(self):
        """Was the original published after its text was last brought in?"""
        published = self.original.last_published_at if self.original else None
        return changes_not_brought_in(published, self.translation.source.last_updated_at)

    @property
    def in_progress(self):
        # Brought in but not published yet (still outdated for visitors)
        # is work in progress too.
        return (
            not self.target.live
            or self.target.has_unpublished_changes
            or self.translation.has_untranslated
            or self.outdated
        )

    def progress(self):
        """(segments, translated segments), as wagtail-localize counts them."""
        return self.translation.get_progress()


def page_translations(locale):
    """TranslationWork for every enabled page translation into `locale`."""
    untranslated = StringSegment.objects.filter(source_id=OuterRef("source_id")).exclude(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=OuterRef(OuterRef("target_locale_id")),
                has_error=False,
            )
        )
    )
    translations = list(
        Translation.objects.filter(target_locale=locale, enabled=True)
        .select_related("source", "source__locale", "target_locale")
        .annotate(has_untranslated=Exists(untranslated))
    )
    keys = {translation.source.object_id for translation in translations}
    pages = Page.objects.filter(translation_key__in=keys).select_related("locale")
    by_key_and_locale = {(page.translation_key, page.locale_id): page for page in pages}
    work = []
    for translation in translations:
        key = translation.source.object_id
        target = by_key_and_locale.get((key, locale.pk))
        if target is None or target.alias_of_id:
            continue  # a snippet, or a page not created yet
        original = by_key_and_locale.get((key, translation.source.locale_id))
        if original is not None and not original.live:
            original = None
        status = original_status(
            original, translation.source.last_updated_at, target.last_published_at
        )
        work.append(TranslationWork(translation, target, original, status))
    return work


def translation_work(locale):
    """{section: list} of what there is to do in `locale` (the first section a queryset)."""
    work = page_translations(locale)
    outdated = sorted(
        (item for item in work if item.changes_to_bring_in),
        key=lambda item: item.original.last_published_at,
        reverse=True,
    )
    in_progress = sorted(
        (item for item in work if item.in_progress and not item.changes_to_bring_in),
        key=lambda item: item.translation.created_at,
        reverse=True,
    )
    return {
        TO_TRANSLATE: untranslated_practices(locale),
        IN_PROGRESS: in_progress,
        ORIGINAL_CHANGED: outdated,
    }
