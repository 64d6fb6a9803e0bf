"""Which practices a visitor sees in a language, and when a translation is
outdated."""

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource


def restricted(path="path"):
    """True for a page under a view restriction (its own or an ancestor's):
    what Wagtail's `.public()` excludes, but as a subquery of the same
    statement rather than a query of its own that reads every restriction."""
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef(path), F("page__path"))))


def practices_for_locale(locale):
    """Live, public practices for visitors of `locale`, one per practice."""
    PracticePage = apps.get_model("practices", "PracticePage")  # the models import this module
    visible = PracticePage.objects.live().exclude(restricted())
    in_locale = visible.filter(locale=locale)
    representative = (
        visible.filter(translation_key=OuterRef("translation_key"))
        .annotate(
            is_original=Exists(
                TranslationSource.objects.filter(
                    object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
                )
            )
        )
        .order_by("-is_original", "pk")
        .values("pk")[:1]
    )
    fallback = visible.exclude(translation_key__in=in_locale.values("translation_key")).filter(
        pk=Subquery(representative)
    )
    return visible.filter(Q(locale=locale) | Q(pk__in=fallback.values("pk")))


def translation_status(page):
    """For a page translated with wagtail-localize: its original, and whether
    the translation is outdated (`original_status`).

    Returns None for originals and pages not translated with wagtail-localize.
    (Pages served to visitors read the same from the header's navigation,
    `practices.navigation.for_request(...).original`, with `original_status`.)
    """
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source", "source__locale")
        .first()
    )
    if translation is None:
        return None
    original = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale_id=translation.source.locale_id)
    ).first()
    return original_status(original, translation.source.last_updated_at, page.last_published_at)


def is_outdated(original_published_at, synced_at, published_at):
    """The rule of the "original updated" notice.

    A translation is outdated while its original was published after the
    last sync (`synced_at`, TranslationSource.last_updated_at: the changes
    are not brought in), or while that sync is not yet published in the
    translation (`published_at`, the translation's last publication: synced
    but still live in its old text). So syncing without publishing keeps it
    outdated, and so does republishing the translation without syncing. A
    translation never published (a draft) is outdated only by the first
    condition.
    """
    if not original_published_at or not synced_at:
        return False
    if changes_not_brought_in(original_published_at, synced_at):
        return True
    return bool(published_at and synced_at > published_at)


def changes_not_brought_in(original_published_at, synced_at):
    """Was the original published after its text was last synced into the translations?"""
    return bool(original_published_at and synced_at and original_published_at > synced_at)


def original_status(original, synced_at, published_at):
    """`translation_status` from the live `original` (or None), the time its
    translation was last synchronised and the time the translation was last
    published (`is_outdated`)."""
    if original is None:
        return None
    outdated = is_outdated(original.last_published_at, synced_at, published_at)
    return {"original": original, "outdated": outdated, "updated_at": original.last_published_at}
