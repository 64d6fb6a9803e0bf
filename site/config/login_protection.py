"""Admin login protection: django-axes' lockout rule, the client's address, the lockout page, and a
password reset form that is neither an oracle nor unlimited.

The lockout rule and why a username alone is never locked are explained in docs/security.md.
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from wagtail.admin.forms.auth import PasswordResetForm


# The client's address ------------------------------------------------------
def client_ip(request):
    """The address a login attempt is counted against.

    REMOTE_ADDR, unless settings.LOGIN_TRUSTED_PROXY_COUNT says that many
    proxies of ours stand in front of the site: then the address the
    outermost of them saw, the entry that many places from the right of
    X-Forwarded-For (each proxy appends the address it received the request
    from; whatever a client wrote to the left of it is not trusted). A request
    without such an entry did not come through the proxies: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.LOGIN_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# The lockout rule ----------------------------------------------------------
class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a per-login and a per-address limit.

    AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"], so
    get_user_attempts returns the recent attempts of this username from this
    address, then those of this address. django-axes compares one number to
    AXES_FAILURE_LIMIT; get_failures gives the larger of the login's failures
    and the address's failures shifted so that the address reaches the limit
    at LOGIN_FAILURE_LIMIT_PER_ADDRESS.
    """

    def get_failures(self, request, credentials=None):
        login, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        shift = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS - settings.AXES_FAILURE_LIMIT
        return max(login, address - shift)

    def reset_user_attempts(self, request, credentials=None):
        """On success, clear this username's failures from this address only."""
        login_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = login_attempts.delete()
        return count


def lockout_minutes(request=None):
    return max(1, math.ceil(get_cool_off(request).total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """HTTP 429 with the site's page: how long to wait, and nothing about the
    username (the same answer whether the account exists or not)."""
    minutes = lockout_minutes(request)
    response = render(request, "login_locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# Password reset --------------------------------------------------------------
RESET_CACHE_PREFIX = "login:password-reset"


def _hash(kind, value):
    return salted_hmac(f"config.login_protection.{kind}", value, algorithm="sha256").hexdigest()


def _count(key):
    """Count one request under `key` in the current window; return the new count."""
    period = settings.PASSWORD_RESET_RATE_LIMIT_PERIOD
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return 1


class RateLimitedPasswordResetForm(PasswordResetForm):
    """Wagtail's password reset form, with at most PASSWORD_RESET_RATE_LIMIT
    e-mails per e-mail address and PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS
    requests per client address in PASSWORD_RESET_RATE_LIMIT_PERIOD seconds.

    Django's form already answers the same "check your e-mail" page whether
    the address belongs to an account or not; past the limit the page is the
    same again and no e-mail leaves, so neither the answer nor the mailbox
    tells an attacker anything, and nobody's mailbox can be flooded.
    """

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        limited = _count(f"{RESET_CACHE_PREFIX}:email:{_hash('email', email)}") > (
            settings.PASSWORD_RESET_RATE_LIMIT
        )
        if request is not None:
            address = _hash("ip", client_ip(request))
            limited |= _count(f"{RESET_CACHE_PREFIX}:ip:{address}") > (
                settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS
            )
        if limited:
            return
        super().save(*args, request=request, **kwargs)
