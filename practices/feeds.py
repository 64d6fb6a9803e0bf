"""/<lang>/feed/: an Atom feed of the practices most recently published,
following the site's language rule (`practices_for_locale`)."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Locale

from practices.models import PracticeIndexPage, Theme
from practices.site_address import absolute_url
from practices.visibility import practices_for_locale

FEED_SIZE = 20


class LanguageTaggedAtomFeed(Atom1Feed):
    """Atom, with `xml:lang` on entries whose language is not the feed's."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language") and item["language"] != self.feed["language"]:
            attributes["xml:lang"] = item["language"]
        return attributes


@dataclass
class Entry:
    title: str
    link: str
    language: str
    summary: str
    guid: str
    published: datetime | None
    updated: datetime | None
    categories: list = field(default_factory=list)


@dataclass
class Channel:
    locale: Locale
    link: str
    feed_url: str
    entries: list


class LatestPracticesFeed(Feed):
    feed_type = LanguageTaggedAtomFeed

    def get_object(self, request, *args, **kwargs):
        # Locale.DoesNotExist (a site language without content) becomes a 404.
        locale = Locale.objects.get(language_code=translation.get_language())
        index = PracticeIndexPage.objects.live().public().filter(locale=locale).first()
        link = index.get_full_url(request) if index else None
        return Channel(
            locale=locale,
            link=link or absolute_url(reverse("wagtail_serve", args=("",))),
            feed_url=absolute_url(reverse("practices_feed")),
            entries=_entries(locale, request),
        )

    def title(self, channel):
        return _("%(site)s: new practices") % {"site": _("Social Work Good Practices")}

    def subtitle(self, channel):
        return _(
            "The practices most recently published, in your language where they are "
            "translated, otherwise in their original language."
        )

    def link(self, channel):
        return channel.link

    def feed_url(self, channel):
        return channel.feed_url

    def feed_guid(self, channel):
        return channel.feed_url

    def author_name(self, channel):
        return _("Social Work Good Practices")

    def items(self, channel):
        return channel.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_description(self, entry):
        # Atom's summary is declared as HTML; the practice's summary is text.
        return escape(entry.summary)

    def item_guid(self, entry):
        return entry.guid

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated or entry.published

    def item_categories(self, entry):
        return entry.categories

    def item_extra_kwargs(self, entry):
        return {"language": entry.language}


def _entries(locale, request):
    """The FEED_SIZE latest practices for `locale`, in three queries."""
    practices = list(
        practices_for_locale(locale)
        .filter(first_published_at__isnull=False)
        .select_related("locale")
        .prefetch_related("themes")
        .order_by("-first_published_at", "-pk")[:FEED_SIZE]
    )
    theme_names = _theme_names(
        {theme.translation_key for practice in practices for theme in practice.themes.all()},
        locale,
    )
    entries = []
    for practice in practices:
        link = practice.get_full_url(request)
        if not link:
            continue
        entries.append(
            Entry(
                title=practice.title,
                link=link,
                language=practice.locale.language_code,
                summary=practice.summary,
                guid=_tag_uri(practice, link),
                published=practice.first_published_at,
                updated=practice.last_published_at,
                categories=sorted(
                    (
                        theme_names.get(theme.translation_key, theme.name)
                        for theme in practice.themes.all()
                    ),
                    key=str.casefold,
                ),
            )
        )
    return entries


def _theme_names(translation_keys, locale):
    """{theme translation key: name in `locale`}, one query."""
    return dict(
        Theme.objects.filter(translation_key__in=translation_keys, locale=locale).values_list(
            "translation_key", "name"
        )
    )


def _tag_uri(practice, link):
    """tag:<host>,<date of first publication>:practice/<translation key>/<language>

    RFC 4151: stable across edits, slug changes and moves; one per language
    version of a practice. The host is that of the Wagtail site serving it.
    """
    host = urlsplit(link).hostname or "localhost"
    date = practice.first_published_at.date().isoformat()
    return f"tag:{host},{date}:practice/{practice.translation_key}/{practice.locale.language_code}"
