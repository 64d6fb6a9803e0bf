"""Admin logins are rate-limited against brute force (django-axes,
site/config/login_protection.py), through the real login forms.

- 5 failures for one username from one address lock that username on that
  address: the 5th failure and every attempt after it, even with the right
  password, get HTTP 429 and the site's page saying how long to wait;
- colleagues on the same address are not locked; one address trying many
  usernames is, after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures;
- the lock ends with the cool-off; a success clears the username's failures;
- the lockout page is the same whether the username exists or not;
- X-Forwarded-For is trusted only behind configured proxies;
- the password reset form answers the same for every address and sends at
  most PASSWORD_RESET_RATE_LIMIT e-mails per address.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from config.login_protection import client_ip

WAGTAIL_LOGIN = "/admin/login/"
DJANGO_ADMIN_LOGIN = "/django-admin/login/"
OFFICE = "192.0.2.10"
MESSAGE = "There were too many failed logins. Try again in 15 minutes."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def users(db):
    model = get_user_model()
    return {
        name: model.objects.create_superuser(name, f"{name}@example.org", f"{name}-secret-pw")
        for name in ("alice", "bob")
    }


def attempt(client, username, password=None, *, url=WAGTAIL_LOGIN, address=OFFICE, **extra):
    password = password if password is not None else f"{username}-secret-pw"
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username, times, **kwargs):
    return [attempt(client, username, "wrong-password", **kwargs) for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session


def assert_locked(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_login_even_with_the_right_password(client, users):
    responses = fail(client, "alice", 5)

    for response in responses[:4]:
        assert response.status_code == 200  # the form again, with its error
        assert "Your username and password didn" in response.content.decode()
    assert_locked(responses[4])

    response = attempt(client, "alice")
    assert_locked(response)
    assert not logged_in(client)


@pytest.mark.django_db
def test_the_lockout_page_is_the_sites_page(client, users):
    response = fail(client, "alice", 5)[-1]

    assert "login_locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<title>Too many failed logins" in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.django_db
def test_a_colleague_on_the_same_address_is_not_locked(client, users):
    fail(client, "alice", 6)

    response = attempt(client, "bob")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert logged_in(client)


@pytest.mark.django_db
def test_the_same_username_from_another_address_is_not_locked(client, users):
    fail(client, "alice", 6)

    response = attempt(client, "alice", address="198.51.100.7")

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_stopped(client, users, settings):
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    sprayed = [f"user{n}" for n in range(limit)]
    responses = [attempt(client, name, "Winter2026!") for name in sprayed]

    assert [r.status_code for r in responses[:-1]] == [200] * (limit - 1)
    assert_locked(responses[-1])
    # Now every username from that address is refused, the right password too.
    assert_locked(attempt(client, "bob"))
    assert not logged_in(client)
    # Another address is not affected.
    assert attempt(client, "bob", address="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_an_account_owner_cannot_clear_the_address_count_by_logging_in(client, users, settings):
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    for n in range(limit - 1):
        attempt(client, f"user{n}", "Winter2026!")
    assert attempt(client, "bob").status_code == 302  # the attacker's own account
    client.logout()

    assert_locked(attempt(client, "someone-else", "Winter2026!"))


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, users):
    fail(client, "alice", 5)
    assert_locked(attempt(client, "alice"))

    # Time travel: the last failure was 16 minutes ago.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )

    response = attempt(client, "alice")
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_still_locked_within_the_cool_off(client, users):
    fail(client, "alice", 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=14)
    )

    assert_locked(attempt(client, "alice"))


@pytest.mark.django_db
def test_a_success_resets_the_count(client, users):
    fail(client, "alice", 4)
    assert attempt(client, "alice").status_code == 302
    client.logout()

    # Four more failures do not lock: the count started again.
    responses = fail(client, "alice", 4)
    assert [r.status_code for r in responses] == [200] * 4
    assert attempt(client, "alice").status_code == 302


@pytest.mark.django_db
def test_the_lockout_does_not_tell_whether_the_username_exists(client, users):
    existing = fail(client, "alice", 5, address="203.0.113.1")[-1]
    unknown = fail(client, "nobody", 5, address="203.0.113.2")[-1]

    assert existing.status_code == unknown.status_code == 429
    assert existing.content == unknown.content
    assert b"alice" not in existing.content


@pytest.mark.django_db
def test_the_django_admin_login_is_limited_too(client, users):
    responses = fail(client, "alice", 5, url=DJANGO_ADMIN_LOGIN)

    assert responses[0].status_code == 200
    assert_locked(responses[-1])
    assert_locked(attempt(client, "alice", url=DJANGO_ADMIN_LOGIN))
    # The lock holds on the Wagtail admin's form too: it is the same login.
    assert_locked(attempt(client, "alice"))


@pytest.mark.django_db
def test_ajax_login_attempts_are_locked_too(client, users):
    fail(client, "alice", 5)

    response = attempt(client, "alice", HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.status_code == 429
    assert not logged_in(client)


# The client's address --------------------------------------------------------


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_without_a_proxy_x_forwarded_for_is_ignored(settings):
    settings.LOGIN_TRUSTED_PROXY_COUNT = 0

    assert client_ip(FakeRequest("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote its own header: only what our proxy appended counts.
        (1, "10.9.9.9, 203.0.113.9", "203.0.113.9"),
        (2, "10.9.9.9, 203.0.113.9, 198.51.100.2", "203.0.113.9"),
        # Not through our proxies, or garbage: the connection's address.
        (1, None, "192.0.2.1"),
        (2, "203.0.113.9", "192.0.2.1"),
        (1, "not-an-address", "192.0.2.1"),
    ],
)
def test_behind_proxies_the_address_they_appended(settings, count, forwarded, expected):
    settings.LOGIN_TRUSTED_PROXY_COUNT = count

    assert client_ip(FakeRequest("192.0.2.1", forwarded)) == expected


@pytest.mark.django_db
def test_a_spoofed_x_forwarded_for_does_not_escape_the_lock(client, users):
    # No proxy configured in tests: the header is the attacker's, and ignored.
    for n in range(5):
        attempt(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert_locked(attempt(client, "alice", HTTP_X_FORWARDED_FOR="198.51.100.99"))


@pytest.mark.django_db
def test_behind_a_proxy_each_client_is_counted_apart(client, users, settings):
    settings.LOGIN_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    fail(client, "alice", 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert_locked(attempt(client, "alice", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"))
    other = attempt(client, "alice", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert other.status_code == 302


# Password reset ------------------------------------------------------------


def reset(client, email, address=OFFICE):
    return client.post(
        reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, users):
    known = reset(client, "alice@example.org")
    unknown = reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("wagtailadmin_password_reset_done")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


@pytest.mark.django_db
def test_password_reset_mails_an_address_at_most_three_times_an_hour(client, users, settings):
    responses = [reset(client, "alice@example.org", f"203.0.113.{n}") for n in range(6)]

    assert {r.status_code for r in responses} == {302}
    assert len(mail.outbox) == settings.PASSWORD_RESET_RATE_LIMIT
    # Case does not give an attacker more e-mails.
    reset(client, "ALICE@example.org", "203.0.113.50")
    assert len(mail.outbox) == settings.PASSWORD_RESET_RATE_LIMIT
    # Another account is not affected.
    reset(client, "bob@example.org")
    assert mail.outbox[-1].to == ["bob@example.org"]


@pytest.mark.django_db
def test_password_reset_requests_from_one_address_are_limited(client, users, settings):
    limit = settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS
    for n in range(limit):
        reset(client, f"nobody{n}@example.org")

    response = reset(client, "bob@example.org")

    assert response.status_code == 302
    assert mail.outbox == []
