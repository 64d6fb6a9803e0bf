"""The site's public base URL (SITE_BASE_URL): checked once when the settings
load, so that a malformed value stops the start with a message naming it."""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


class BaseUrl(NamedTuple):
    url: str  # "https://practices.example.eu", no trailing slash
    scheme: str
    hostname: str
    port: int


def parse_base_url(value, variable="SITE_BASE_URL"):
    """ "https://Practices.example.eu/" → BaseUrl("https://practices.example.eu", "https",
    "practices.example.eu", 443).

    Only what a Wagtail Site record can say: a scheme, a host and a port, no
    path. Wagtail's `Site.root_url` says https for port 443 and only for it,
    so https on another port, or http on 443, is refused rather than turned
    into links of the other scheme.
    """
    text = (value or "").strip()
    problem = _problem(text)
    if problem:
        raise ImproperlyConfigured(
            f"{variable} must be the site's public address, such as "
            f"https://practices.example.eu or http://127.0.0.1:8000: {problem} (got {value!r})."
        )
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    port = parts.port or DEFAULT_PORTS[scheme]
    hostname = parts.hostname
    default = port == DEFAULT_PORTS[scheme]
    return BaseUrl(
        url=f"{scheme}://{hostname}" + ("" if default else f":{port}"),
        scheme=scheme,
        hostname=hostname,
        port=port,
    )


def _problem(text):
    if not text:
        return "it is empty"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return "it must start with https:// or http://"
    if not parts.hostname or parts.username or parts.password:
        return "it must name a host, with no user or password"
    if ":" in parts.hostname:
        return "an IPv6 address cannot be a Wagtail site's hostname; use a host name"
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number between 0 and 65535"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "it must have no path, query or fragment (the site is served from /)"
    if scheme == "https" and port not in (None, 443):
        return "Wagtail's Site record gives https links only on port 443"
    if scheme == "http" and port == 443:
        return "Wagtail's Site record gives https links on port 443"
    return ""
