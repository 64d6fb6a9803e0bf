"""{{ organisation.website|external_url }}: only http(s) URLs become links
(practices.links.external_url); {{ path|absolute_url }}: a path of the site
at its public address (practices.site_address.absolute_url)."""

from django import template

from practices.links import external_url as _external_url
from practices.site_address import absolute_url as _absolute_url

register = template.Library()


@register.filter
def external_url(url):
    return _external_url(url)


@register.filter
def absolute_url(path):
    return _absolute_url(path)
