"""At most PROPOSALS_RATE_LIMIT proposals per PROPOSALS_RATE_LIMIT_PERIOD
seconds, per IP address and per user, counted in Django's cache."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_PREFIX = "proposals:rate"


def ip_hash(request):
    """A keyed hash of the visitor's IP address, found as for the admin login
    (REMOTE_ADDR, or X-Forwarded-For behind the proxies the settings trust)."""
    address = get_client_ip_address(request)  # settings.AXES_CLIENT_IP_CALLABLE
    return (
        salted_hmac("practices.editorial.proposals.ip", address, algorithm="sha256").hexdigest()
        if address
        else ""
    )


def _keys(request):
    keys = [f"{KEY_PREFIX}:ip:{ip_hash(request)}"]
    if request.user.is_authenticated:
        keys.append(f"{KEY_PREFIX}:user:{request.user.pk}")
    return keys


def is_limited(request):
    """Has this visitor (address or account) used up the proposals of the period?"""
    counts = cache.get_many(_keys(request))
    return any(count >= settings.PROPOSALS_RATE_LIMIT for count in counts.values())


def record(request):
    """Count one proposal for this visitor's address and account."""
    for key in _keys(request):
        if not cache.add(key, 1, timeout=settings.PROPOSALS_RATE_LIMIT_PERIOD):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=settings.PROPOSALS_RATE_LIMIT_PERIOD)
