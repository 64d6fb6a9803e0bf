"""/sitemap.xml: every live, public page version in every language, then
every theme and country landing page in every language it exists in, each
with its translations as hreflang alternates, in a constant number of queries."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site
from wagtail_localize.models import TranslationSource

from search import landing

PAGE_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "translation_key",
    "locale",
    "last_published_at",
    "latest_revision_created_at",
)


class PublicPagesSitemap(Sitemap):
    """The pages of the request's Wagtail site, in every language."""

    def _public_pages(self):
        """Live public pages under the site's root in any language (the root
        of each language tree is a translation of the site's root page)."""
        try:
            site = self.get_wagtail_site()
        except Site.DoesNotExist:  # no Wagtail site configured yet
            return Page.objects.none()
        roots = [root for root in Site.get_site_root_paths() if root.site_id == site.pk]
        if not roots:
            return Page.objects.none()
        within = Q()
        for root in roots:
            within |= Q(url_path__startswith=root.root_path)
        return Page.objects.live().public().filter(within).select_related("locale")

    def items(self):
        return self._public_pages().only(*PAGE_FIELDS).order_by("path", "pk")

    def location(self, page):
        return page.get_full_url(self.request)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def _urls(self, page_number, protocol, domain):
        pages = list(self.paginator.page(page_number).object_list)
        alternates = self._alternates({page.translation_key for page in pages})
        urls = []
        for page in pages:
            location = self.location(page)
            if not location:
                continue
            urls.append(
                {
                    "item": page,
                    "location": location,
                    "lastmod": self.lastmod(page),
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates.get(page.translation_key, []),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def _alternates(self, translation_keys):
        """{translation key: [{"lang_code", "location"}]}: every live public
        version of these pages, then x-default. Two queries."""
        versions = defaultdict(list)  # {key: [(page, location)]}
        for version in (
            self._public_pages()
            .filter(translation_key__in=translation_keys)
            .only(*PAGE_FIELDS)
            .order_by("locale__language_code", "pk")
        ):
            location = self.location(version)
            if location:
                versions[version.translation_key].append((version, location))
        originals = set(
            TranslationSource.objects.filter(object_id__in=translation_keys).values_list(
                "object_id", "locale_id"
            )
        )
        alternates = {}
        for key, pages in versions.items():
            links = [
                {"lang_code": page.locale.language_code, "location": location}
                for page, location in pages
            ]
            _default, default_location = (
                next(
                    (v for v in pages if v[0].locale.language_code == settings.LANGUAGE_CODE), None
                )
                or next((v for v in pages if (key, v[0].locale_id) in originals), None)
                or min(pages, key=lambda v: v[0].pk)
            )
            links.append({"lang_code": "x-default", "location": default_location})
            alternates[key] = links
        return alternates


class LandingPagesSitemap(DjangoSitemap):
    """/<lang>/themes/<slug>/ and /<lang>/countries/<code>/, at the site's
    public address (search/landing.py), without a lastmod."""

    def items(self):
        return [
            (facet, value, language, languages)
            for facet, value, languages in landing.landing_pages()
            for language in languages
        ]

    def _urls(self, page_number, protocol, domain):
        urls, alternates_of = [], {}
        for facet, value, language, languages in self.paginator.page(page_number).object_list:
            if (facet, value) not in alternates_of:
                alternates_of[facet, value] = landing.alternates(facet, value, languages)
            alternates = alternates_of[facet, value]
            urls.append(
                {
                    "item": (facet, value, language),
                    "location": next(li["url"] for li in alternates if li["hreflang"] == language),
                    "lastmod": None,
                    "changefreq": None,
                    "priority": "",
                    "alternates": [
                        {"lang_code": link["hreflang"], "location": link["url"]}
                        for link in alternates
                    ],
                }
            )
        return urls
