"""{{ organisation.website|external_url }}: only http(s) URLs become links
(practices.links.external_url)."""

from django import template

from practices.links import external_url as _external_url

register = template.Library()


@register.filter
def external_url(url):
    return _external_url(url)
