"""The default cache: Redis when DJANGO_CACHE_URL or REDIS_URL names a server
(one cache for every worker of every host), the environment's own otherwise.

A Redis that cannot be reached behaves as an empty cache that keeps nothing,
so visitors still get pages while it is away (docs/architecture.md).
"""

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

CACHE_URL_VARIABLES = ("DJANGO_CACHE_URL", "REDIS_URL")
REDIS_SCHEMES = ("redis", "rediss", "unix")
# Seconds to connect to Redis and to wait for an answer before counting it away;
# a URL's own ?socket_connect_timeout=…&socket_timeout=… take precedence.
REDIS_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
BACKEND = "config.cache.SharedRedisCache"
# At most one warning per process in this many seconds while Redis is away.
WARNING_INTERVAL = 60


def cache_url(environ):
    """(variable, url) of the first of DJANGO_CACHE_URL and REDIS_URL that is set, or None."""
    for variable in CACHE_URL_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return variable, value
    return None


def redis_cache(url, variable="DJANGO_CACHE_URL"):
    """The CACHES entry of a Redis server at `url` (several, comma-separated: the
    first takes the writes, the others the reads); ImproperlyConfigured if malformed."""
    servers = [part.strip() for part in url.split(",") if part.strip()]
    if not servers:
        _refuse(variable, url, "it is empty")
    for server in servers:
        problem = _problem(server)
        if problem:
            _refuse(variable, url, problem)
    try:
        import redis  # noqa: F401
    except ImportError as error:  # pragma: no cover - the lock installs it
        raise ImproperlyConfigured(
            f"{variable} is set but the Python package 'redis' is not installed."
        ) from error
    return {"BACKEND": BACKEND, "LOCATION": servers, "OPTIONS": dict(REDIS_OPTIONS)}


def default_cache(environ, fallback):
    """Redis from the environment (cache_url) if it names one, else `fallback`."""
    found = cache_url(environ)
    return redis_cache(found[1], found[0]) if found else fallback


def pages_cache(environ, fallback):
    """The page cache's own alias: the same Redis under the prefix "pages", else
    `fallback`, so that kept pages never crowd out the rate-limit counters."""
    found = cache_url(environ)
    return {**redis_cache(found[1], found[0]), "KEY_PREFIX": "pages"} if found else fallback


def _refuse(variable, url, problem):
    raise ImproperlyConfigured(
        f"{variable} must be a Redis URL such as redis://host:6379/1, "
        f"rediss://user:password@host:6380/0 or unix:///run/redis.sock?db=1: "
        f"{problem} (got {_masked(url)!r})."
    )


def _masked(url):
    """The URL without its password, for error messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def _problem(server):
    try:
        parts = urlsplit(server)
        port = parts.port
    except ValueError:
        return "its port is not a number between 0 and 65535"
    if parts.scheme.lower() not in REDIS_SCHEMES:
        return "it must start with redis://, rediss:// or unix://"
    if parts.fragment:
        return "it must have no fragment"
    if parts.scheme.lower() == "unix":
        return "" if parts.path else "it must name the socket's path"
    if not parts.hostname:
        return "it must name a host"
    if port == 0:
        return "its port is not a number between 1 and 65535"
    database = parts.path.strip("/")
    if database and not database.isdigit():
        return f"the database after the host must be a number, not {database!r}"
    return ""


class _AwayTolerantClient(RedisCacheClient):
    """Django's Redis client, answering as an empty cache that keeps nothing when
    the server cannot be reached: a miss for reads, nothing kept for writes."""

    _last_warning = None  # per connection, so per worker

    def _away(self, error):
        now = time.monotonic()
        if self._last_warning is None or now - self._last_warning >= WARNING_INTERVAL:
            self._last_warning = now
            logger.warning("Redis cache unreachable, serving without it: %s", error)

    def _call(self, method, empty, *args):
        try:
            return getattr(super(), method)(*args)
        except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
            self._away(error)
            if isinstance(empty, type) and issubclass(empty, Exception):
                raise empty(f"Key {args[0]!r} not found: the Redis cache is away.") from error
            return empty

    def add(self, key, value, timeout):
        return self._call("add", True, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        return self._call("incr", ValueError, key, delta)

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)


class SharedRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache whose unreachable server
    reads as empty (and is logged) instead of failing the request."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _AwayTolerantClient
