"""The shared cache: DJANGO_CACHE_URL or REDIS_URL gives every worker of every
host one Redis cache, against a real server.

`make test` starts a throwaway redis-server for each pass (scripts/with-redis.sh)
and passes its URL as TEST_REDIS_URL. Without it the Redis tests are skipped,
unless CI=true, where its absence fails them. Each "worker" below is a cache
connection of its own (a new connection pool, as in another process), or a
process of its own; the rest of the suite keeps its in-memory cache.
"""

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django.utils.module_loading import import_string
from site_helpers import HOST
from test_production_settings import PRODUCTION_ENV, manage

from config.cache import default_cache, redis_cache

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "").strip()
    if not url:
        reason = (
            "TEST_REDIS_URL is not set: `make test` starts Redis, or run "
            "scripts/with-redis.sh .venv/bin/pytest tests/test_shared_cache.py"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def shared(redis_url):
    """The CACHES entry of the test server, with keys of this test's own."""
    return {**redis_cache(redis_url), "KEY_PREFIX": uuid.uuid4().hex}


def connect(entry):
    """A new connection to the cache of a CACHES entry, as another worker opens."""
    params = dict(entry)
    return import_string(params.pop("BACKEND"))(params.pop("LOCATION"), params)


@contextlib.contextmanager
def worker(entry):
    """The site's code runs with `entry` as its default cache, through a
    connection opened for this block only (Django reconnects when CACHES changes)."""
    with override_settings(CACHES={"default": entry}):
        yield


def address():
    """A client address of this run alone (counts live an hour in the server)."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The settings ------------------------------------------------------------------


def test_the_cache_url_selects_redis_and_the_default_stays_otherwise():
    entry = default_cache({"REDIS_URL": "redis://cache.internal:6379/1"}, LOCMEM)
    assert issubclass(import_string(entry["BACKEND"]), RedisCache)
    assert entry["LOCATION"] == ["redis://cache.internal:6379/1"]
    both = {"DJANGO_CACHE_URL": "redis://a:6379/2", "REDIS_URL": "redis://b:6379/1"}
    assert default_cache(both, LOCMEM)["LOCATION"] == ["redis://a:6379/2"]
    assert default_cache({"DJANGO_CACHE_URL": " ", "PATH": "/bin"}, LOCMEM) is LOCMEM
    replicas = default_cache({"DJANGO_CACHE_URL": "redis://w:6379/1,redis://r:6379/1"}, LOCMEM)
    assert replicas["LOCATION"] == ["redis://w:6379/1", "redis://r:6379/1"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://cache.internal:6379/1", "must start with redis://, rediss:// or unix://"),
        ("cache.internal:6379", "must start with redis://"),
        ("redis://cache.internal:port/1", "port is not a number"),
        ("redis://:6379/1", "must name a host"),
        ("redis://cache.internal:6379/sessions", "must be a number, not 'sessions'"),
        ("unix://", "must name the socket's path"),
    ],
)
def test_a_malformed_url_is_refused_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        redis_cache(url, "REDIS_URL")
    assert str(refused.value).startswith("REDIS_URL must be a Redis URL such as redis://")
    assert message in str(refused.value)


def test_production_refuses_to_start_with_a_malformed_url_and_hides_its_password():
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_URL": "redis://:s3cret-pw@cache.internal:63x79/1"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_CACHE_URL must be a Redis URL" in result.stderr
    assert "port is not a number" in result.stderr
    assert "s3cret-pw" not in result.stderr


def test_production_workers_on_two_hosts_count_in_one_redis(redis_url, tmp_path):
    """Two processes with the production settings, each with a file cache
    directory of its own (two hosts), count in the Redis that DJANGO_CACHE_URL names."""
    key = f"attempts-{uuid.uuid4().hex}"
    count = (
        "from django.core.cache import cache, caches; "
        "from django.core.cache.backends.redis import RedisCache; "
        "print('redis' if isinstance(caches['default'], RedisCache) else 'other'); "
        f"cache.add({key!r}, 0, timeout=60); print(cache.incr({key!r}))"
    )
    outputs = [
        manage(
            "shell",
            "-c",
            count,
            env={
                **PRODUCTION_ENV,
                "DJANGO_CACHE_URL": redis_url,
                "DJANGO_CACHE_DIR": str(tmp_path / host),
            },
        )
        for host in ("host-a", "host-b")
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-2] == "redis"
    assert [result.stdout.split()[-1] for result in outputs] == ["1", "2"]


# Two connections ---------------------------------------------------------------


def test_two_connections_see_each_others_writes_and_deletions(shared):
    first, second = connect(shared), connect(shared)
    assert isinstance(first, RedisCache)

    first.set("practice:42", {"title": "Neighbourhood kitchens", "themes": [1, 2]})
    assert second.get("practice:42") == {"title": "Neighbourhood kitchens", "themes": [1, 2]}
    assert second.add("practice:42", "other") is False
    second.set_many({"a": 1, "b": "two"})
    assert first.get_many(["a", "b", "c"]) == {"a": 1, "b": "two"}

    assert second.delete("practice:42") is True
    assert first.get("practice:42", "gone") == "gone"
    first.delete_many(["a", "b"])
    assert second.get_many(["a", "b"]) == {}
    assert second.has_key("a") is False


def test_counters_and_expiry_hold_across_connections(shared):
    first, second = connect(shared), connect(shared)
    with pytest.raises(ValueError):
        first.incr("counter")
    assert first.add("counter", 0, timeout=60)
    assert [first.incr("counter"), second.incr("counter"), first.incr("counter", 5)] == [1, 2, 7]
    assert second.get("counter") == 7

    first.set("short", "lived", timeout=1)
    second.set("kept", "value", timeout=60)
    assert second.get("short") == "lived"
    time.sleep(1.2)
    assert second.get("short") is None
    assert first.get("short") is None
    assert first.get("kept") == "value"
    assert first.touch("kept", timeout=1) is True
    time.sleep(1.2)
    assert second.get("kept") is None


# The site's own users of the cache ----------------------------------------------


def proposal(themes, countries, title):
    return {
        "title": title,
        "summary": "Residents cook together once a week with social workers.",
        "context": "Isolated older people.",
        "method_text": "A weekly kitchen in a community centre.",
        "outcomes": "Forty regular participants.",
        "transferability": "Needs a kitchen.",
        "themes": [themes["ageing"].pk],
        "countries": [countries["FR"].pk],
        "start_year": "2020",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "contact_consent": "on",
        "website": "",
    }


def propose(client, themes, countries, title, visitor):
    return client.post(
        "/en/propose/",
        proposal(themes, countries, title),
        HTTP_HOST=HOST,
        REMOTE_ADDR=visitor,
    )


@override_settings(PROPOSALS_RATE_LIMIT=2, PROPOSALS_ALLOW_ANONYMOUS=True)
def test_the_proposal_limit_holds_across_workers(client, redis_url, site_tree, themes, countries):
    entry = redis_cache(redis_url)
    visitor = address()
    statuses = []
    for n in range(3):
        with worker(entry):
            statuses.append(propose(client, themes, countries, f"Kitchen {n}", visitor).status_code)
    assert statuses == [302, 302, 429]

    # Another process (another host) counts two proposals of a second visitor.
    other = address()
    record = (
        "from django.contrib.auth.models import AnonymousUser; "
        "from django.test import RequestFactory; "
        "from practices.editorial.proposals import ratelimit; "
        f"request = RequestFactory().post('/en/propose/', REMOTE_ADDR={other!r}); "
        "request.user = AnonymousUser(); "
        "[ratelimit.record(request) for _ in range(2)]"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "DJANGO_CACHE_URL": redis_url,
    }
    result = manage("shell", "-c", record, env=env)
    assert result.returncode == 0, result.stderr
    with worker(entry):
        assert propose(client, themes, countries, "Kitchen x", other).status_code == 429
        assert propose(client, themes, countries, "Kitchen y", address()).status_code == 302


def test_the_password_reset_limit_holds_across_workers(client, redis_url, settings, db):
    email = f"{uuid.uuid4().hex}@example.org"
    get_user_model().objects.create_superuser("alice", email, "alice-secret-pw")
    entry = redis_cache(redis_url)
    for _ in range(settings.PASSWORD_RESET_RATE_LIMIT + 2):
        with worker(entry):
            response = client.post(
                reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address()
            )
            assert response.status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_RATE_LIMIT


# A Redis that goes away ------------------------------------------------------------


@pytest.fixture
def own_server(redis_url, tmp_path):
    """A redis-server of this test's own, which it may stop and start again."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian's 'redis-server' package)")
    port = free_port()
    options = ["--bind", "127.0.0.1", "--appendonly", "no"]
    command = [binary, *options, "--port", str(port), "--save", "", "--dir", str(tmp_path)]
    processes = []

    def start():
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                return
            assert process.poll() is None and time.monotonic() < deadline, (
                "redis-server did not start"
            )
            time.sleep(0.05)

    def stop():
        processes[-1].terminate()
        processes[-1].wait(timeout=10)

    start()
    yield {"url": f"redis://127.0.0.1:{port}/0", "start": start, "stop": stop}
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@override_settings(PROPOSALS_ALLOW_ANONYMOUS=True)
def test_when_redis_goes_away_visitors_still_get_pages(
    client, own_server, site_tree, themes, countries, caplog
):
    entry = redis_cache(own_server["url"])
    with worker(entry):
        assert client.get("/en/", HTTP_HOST=HOST).status_code == 200
        own_server["stop"]()
        with caplog.at_level(logging.WARNING, logger="config.cache"):
            page = client.get("/en/", HTTP_HOST=HOST)
            index = client.get("/en/practices/", HTTP_HOST=HOST)
            # The limits count nothing while Redis is away: they let visitors through.
            proposed = propose(client, themes, countries, "Kitchen away", address())
        assert page.status_code == 200 and "Good practices" in page.text
        assert index.status_code == 200
        assert proposed.status_code == 302
        assert "Redis cache unreachable, serving without it" in caplog.text

        # Back again, the same worker uses it at once.
        own_server["start"]()
        from django.core.cache import cache

        cache.set("back", "again")
        assert connect(entry).get("back") == "again"


def test_django_s_own_redis_cache_would_fail_the_request(client, own_server, site_tree):
    """Why the site's backend tolerates an absent server: Django's RedisCache
    raises, and Wagtail reads the cache on every page (its sites' root paths)."""
    import redis

    entry = {
        **redis_cache(own_server["url"]),
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
    }
    with worker(entry):
        assert client.get("/en/", HTTP_HOST=HOST).status_code == 200
        own_server["stop"]()
        with pytest.raises(redis.ConnectionError):
            client.get("/en/", HTTP_HOST=HOST)


def test_development_uses_the_url_and_the_suite_keeps_its_own_cache():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    url = {"DJANGO_CACHE_URL": "redis://cache.internal:6379/1"}
    development = manage(
        "shell", "-c", show, env={"DJANGO_SETTINGS_MODULE": "config.settings.dev", **url}
    )
    suite = manage(
        "shell", "-c", show, env={"DJANGO_SETTINGS_MODULE": "config.settings.test", **url}
    )
    assert development.returncode == suite.returncode == 0, development.stderr + suite.stderr
    assert development.stdout.split()[-1] == "config.cache.SharedRedisCache"
    assert suite.stdout.split()[-1] == "django.core.cache.backends.locmem.LocMemCache"
