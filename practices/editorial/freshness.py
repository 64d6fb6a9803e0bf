"""Which published practices need a review: those whose "last reviewed" date is
older than `PRACTICE_REVIEW_INTERVAL_DAYS`, each counted once with its
translations."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from wagtail_localize.models import TranslationSource

from practices.models import PracticePage


def review_interval_days():
    return settings.PRACTICE_REVIEW_INTERVAL_DAYS


@dataclass(frozen=True)
class StalePractice:
    page: object  # the original, or the first translation where none is published
    pages: tuple  # every published language of the practice, the original first
    today: datetime.date

    @property
    def last_reviewed(self):
        return self.page.last_reviewed

    @property
    def days_since_review(self):
        return (self.today - self.last_reviewed).days

    @property
    def language_codes(self):
        return [page.locale.language_code for page in self.pages]

    @property
    def language_names(self):
        return [page.locale.get_display_name() for page in self.pages]


def stale_practices(today=None, days=None):
    """Published practices not reviewed for more than `days` days (by default
    the setting), the longest unreviewed first. One query."""
    today = today or datetime.date.today()
    days = review_interval_days() if days is None else days
    cutoff = today - datetime.timedelta(days=days)

    live = PracticePage.objects.live()
    stale_keys = live.filter(last_reviewed__lt=cutoff).values("translation_key")
    pages = (
        live.filter(translation_key__in=stale_keys)
        .annotate(
            is_original=Exists(
                TranslationSource.objects.filter(
                    object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
                )
            )
        )
        .select_related("locale")
        .only("title", "last_reviewed", "translation_key", "locale", "url_path", "path", "depth")
        .order_by("-is_original", "pk")
    )
    groups = {}
    for page in pages:
        groups.setdefault(page.translation_key, []).append(page)
    results = [
        StalePractice(page=group[0], pages=tuple(group), today=today)
        for group in groups.values()
        if group[0].last_reviewed < cutoff
    ]
    results.sort(key=lambda item: (item.last_reviewed, item.page.title.casefold(), item.page.pk))
    return results


def mark_reviewed_on_approval(sender, instance, user=None, **kwargs):
    """`workflow_approved` receiver: a practice a reviewer approved (and so
    published) was reviewed today. Sets `last_reviewed` on the live page and
    on its live revision, so the next edit starts from the new date."""
    page = getattr(instance.content_object, "specific", instance.content_object)
    if not isinstance(page, PracticePage):
        return
    today = datetime.date.today()
    PracticePage.objects.filter(pk=page.pk).update(last_reviewed=today)
    revision = page.get_latest_revision()
    if revision is not None and isinstance(revision.content, dict):
        revision.content["last_reviewed"] = today.isoformat()
        revision.save(update_fields=["content"])
