"""The site's public address (settings.SITE_BASE_URL): absolute URLs built from
it, never from the request's Host header, and the default Wagtail Site kept
equal to it (hostname, port, and WAGTAIL_SITE_NAME as its name)."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.templatetags.static import static
from wagtail.models import Site

logger = logging.getLogger(__name__)


def absolute_url(url):
    """ "/en/practices/x/" → "https://practices.example.eu/en/practices/x/".

    An absolute URL (a storage's own, say) and "" are returned as they are.
    """
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    return settings.SITE_BASE_URL + url


# The site's share image (Open Graph, JSON-LD) for a page without its own,
# and the publisher's logo: static files under site/static/img/.
DEFAULT_SHARE_IMAGE = "img/share-default.png"
PUBLISHER_LOGO = "img/logo.png"


def absolute_static(path):
    """The absolute URL of a static file ("img/logo.png")."""
    return absolute_url(static(path))


def site_values():
    """What the default Wagtail Site must say: {"hostname", "port", "site_name"}."""
    # The settings hold it checked and normalised (config/base_url.py).
    parts = urlsplit(settings.SITE_BASE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"hostname": parts.hostname, "port": port, "site_name": settings.WAGTAIL_SITE_NAME}


class SiteAddressConflict(Exception):
    """Another Wagtail Site already has the hostname and port of SITE_BASE_URL."""


def sync_default_site(using=DEFAULT_DB_ALIAS):
    """Give the default Site the hostname, port and name of the settings.

    Returns the fields changed ([] when it already matched, None when there
    is no default Site). Saving clears Wagtail's cache of site root paths.
    Raises SiteAddressConflict when another Site holds that address.
    """
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    values = site_values()
    changed = [name for name, value in values.items() if getattr(site, name) != value]
    if not changed:
        return []
    others = Site.objects.using(using).exclude(pk=site.pk)
    if others.filter(hostname=values["hostname"], port=values["port"]).exists():
        raise SiteAddressConflict(
            f"Another Wagtail site already uses {values['hostname']}:{values['port']}: "
            "change it in Settings → Sites, then run `manage.py setup_site`."
        )
    for name in changed:
        setattr(site, name, values[name])
    site.save(using=using, update_fields=changed)
    return changed


def describe(changed):
    """One line for an operator: what the default Site now says."""
    values = site_values()
    if not changed:
        return (
            f"The default site already matches SITE_BASE_URL ({settings.SITE_BASE_URL}) "
            f"and is named {values['site_name']!r}."
        )
    return (
        f"Default site set to {values['hostname']}:{values['port']} "
        f"({settings.SITE_BASE_URL}), named {values['site_name']!r}."
    )


def sync_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """post_migrate: a deployment that only runs `migrate` gets the right Site
    (Wagtail's first migration creates it as localhost:80)."""
    if Site._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards, or Wagtail not migrated yet
    try:
        changed = sync_default_site(using)
    except SiteAddressConflict as error:
        logger.warning("%s", error)
        return
    if changed and verbosity >= 1:
        print(f"  {describe(changed)}")
