"""What every public page's header needs (translations of the page, each
language's home page, the practice index), read once per request in one
query."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, OuterRef, Q, Subquery, Value
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail_localize.models import TranslationSource

from practices.visibility import restricted


@dataclass
class Navigation:
    site: Site | None
    translations: dict = field(default_factory=dict)  # language code -> live page
    public_languages: frozenset = frozenset()  # translations without a view restriction
    homes: dict = field(default_factory=dict)  # language code -> live home page
    practice_index: Page | None = None  # the PracticeIndexPage of the active language
    # The live version the page was translated from with wagtail-localize
    # (None for an original), annotated with `synced_at`: when its
    # translation into the page's locale was last synchronised (with the
    # page's own last publication, practices.visibility.original_status).
    original: Page | None = None

    @property
    def home(self):
        """The home page of the active language, else the site's root page."""
        home = self.homes.get(get_language())
        if home is None and self.site:
            return self.site.root_page
        return home


def for_request(request, page=None):
    cached = getattr(request, "_navigation", None) if request else None
    if cached is not None:
        return cached
    site = Site.find_for_request(request) if request else None
    navigation = Navigation(site=site)
    language = get_language() or settings.LANGUAGE_CODE
    page_key = page.translation_key if isinstance(page, Page) else None
    home_key = site.root_page.translation_key if site else None
    # One query for the three kinds of page the header needs.
    if page_key:
        # The source wagtail-localize translated the page from, when this
        # version is it: what `practices.visibility.translation_status` reads.
        synced_at = Subquery(
            TranslationSource.objects.filter(
                object_id=OuterRef("translation_key"),
                locale_id=OuterRef("locale_id"),
                translations__target_locale_id=page.locale_id,
            ).values("last_updated_at")[:1]
        )
    else:
        synced_at = Value(None, output_field=DateTimeField())
    # By its natural key: the page models import this module.
    index_type = ContentType.objects.get_by_natural_key("practices", "practiceindexpage")
    pages = (
        Page.objects.live()
        .annotate(is_restricted=restricted(), synced_at=synced_at)
        .filter(
            Q(translation_key__in=[key for key in (page_key, home_key) if key])
            | Q(
                content_type=index_type,
                locale__language_code__in=[language, settings.LANGUAGE_CODE],
            )
        )
        .select_related("locale")
        .order_by("path")
    )
    indexes = {}
    for candidate in pages:
        code = candidate.locale.language_code
        if candidate.translation_key == page_key:
            navigation.translations[code] = candidate
            if candidate.synced_at is not None and candidate.locale_id != page.locale_id:
                navigation.original = candidate
        if candidate.translation_key == home_key:
            navigation.homes[code] = candidate
        if candidate.content_type_id == index_type.pk:
            indexes.setdefault(code, candidate)
    navigation.practice_index = indexes.get(language) or indexes.get(settings.LANGUAGE_CODE)
    navigation.public_languages = frozenset(
        code
        for code, translation in navigation.translations.items()
        if not translation.is_restricted
    )
    if request is not None:
        request._navigation = navigation
    return navigation
