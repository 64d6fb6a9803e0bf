"""schema.org JSON-LD describing a practice page, built from what the page has
already loaded, for search engines and other machines that read the web."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from practices.links import external_url
from practices.site_address import (
    DEFAULT_SHARE_IMAGE,
    PUBLISHER_LOGO,
    absolute_static,
    absolute_url,
)

HEADLINE_LENGTH = 110  # what Google reads of an Article's headline

# The escapes of django.utils.html.json_script: "</script>" and "<!--" in a
# value cannot end the element or start a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as <script type="application/ld+json">, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def headline(title, length=HEADLINE_LENGTH):
    """`title`, or its words that fit in `length` characters followed by "…"."""
    title = " ".join(title.split())
    if len(title) <= length:
        return title
    cut = title[: length - 1]
    if title[length - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def _organisation(organisation):
    return _without_empty(
        {
            "@type": "Organization",
            "name": organisation.name,
            "url": external_url(organisation.website),
            "address": _without_empty(
                {
                    "@type": "PostalAddress",
                    "addressLocality": organisation.city,
                    "addressCountry": str(organisation.country.code or ""),
                }
            ),
        }
    )


def _work(page, request):
    return {
        "@type": "Article",
        "url": page.get_full_url(request),
        "name": page.title,
        "inLanguage": page.locale.language_code,
    }


def practice_json_ld(
    page,
    request,
    *,
    themes,
    theme_urls,
    countries,
    organisations,
    tags,
    translations,
    original=None,
    image_url="",
    home_url="",
):
    """The practice as a schema.org Article.

    `theme_urls` maps a theme's slug to its landing page; `translations` are
    the live versions of the page in every language (itself included);
    `original` is the version it was translated from, when it is a translation.
    """
    url = page.get_full_url(request)
    others = [t for t in translations if t.pk != page.pk]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "name": page.title,
        "headline": headline(page.title),
        "description": page.search_description or page.summary,
        "inLanguage": page.locale.language_code,
        "datePublished": page.first_published_at,
        "dateModified": page.last_published_at,
        "license": page.licence_url,
        "keywords": [tag.name for tag in tags],
        "about": [
            _without_empty(
                {
                    "@type": "DefinedTerm",
                    "name": theme.name,
                    "termCode": theme.slug,
                    "url": absolute_url(theme_urls.get(theme.slug)),
                }
            )
            for theme in themes
        ],
        "spatialCoverage": [
            {"@type": "Country", "name": country.name, "identifier": str(country.code)}
            for country in countries
        ]
        + ([{"@type": "Place", "name": page.region}] if page.region else []),
        "author": [_organisation(organisation) for organisation in organisations],
        "publisher": _without_empty(
            {
                "@type": "Organization",
                "name": gettext("Social Work Good Practices"),
                "url": absolute_url(home_url),
                "logo": {"@type": "ImageObject", "url": absolute_static(PUBLISHER_LOGO)},
            }
        ),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": absolute_url(image_url) or absolute_static(DEFAULT_SHARE_IMAGE),
    }
    if page.project_id:
        project = page.project
        data["isPartOf"] = _without_empty(
            {
                "@type": "CreativeWork",
                "name": project.title,
                "alternateName": project.acronym,
                "identifier": project.reference,
                "url": external_url(project.url),
                "funder": {"@type": "Organization", "name": "European Union (Erasmus+)"},
            }
        )
    if original is not None and original.pk != page.pk:
        data["translationOfWork"] = _work(original, request)
    elif others:
        data["workTranslation"] = [_work(translation, request) for translation in others]
    return _without_empty(data)
