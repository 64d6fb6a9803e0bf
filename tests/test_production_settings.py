"""Production settings fail fast without their secrets, and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3#v9!qz7@Lp2$Xw8^Rt5&Yn1*Bm4(Hc6)Jd0_Fg-Se+Ua=Oi[Ek]Wl{Zr}Tq",
    "DJANGO_ALLOWED_HOSTS": "practices.example.org,127.0.0.1",
    "SITE_BASE_URL": "https://practices.example.org",
}


def manage(*args, env):
    clean_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WAGTAIL", "SITE_"))
    }
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_fails_fast_naming_every_missing_secret():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = manage("check", env=env)
    assert result.returncode != 0
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_BASE_URL"):
        assert name in result.stderr


def test_production_refuses_a_malformed_or_plain_http_public_address():
    """SITE_BASE_URL starts every absolute link: a path, a missing scheme or
    http:// on a site that redirects to https:// stops the start."""
    for value, message in [
        ("practices.example.org", "must start with https:// or http://"),
        ("https://practices.example.org/practices/", "no path"),
        ("http://practices.example.org", "SITE_BASE_URL must start with https://"),
    ]:
        result = manage("check", env={**PRODUCTION_ENV, "SITE_BASE_URL": value})
        assert result.returncode != 0
        assert message in result.stderr, result.stderr


def test_admin_links_default_to_the_public_address():
    show = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = manage("shell", "-c", show, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "https://practices.example.org"
    env = {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://admin.example.org"}
    result = manage("shell", "-c", show, env=env)
    assert result.stdout.split()[-1] == "https://admin.example.org"


def test_production_refuses_an_empty_secret():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "  "}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_wsgi_application_loads_with_production_settings():
    code = (
        "import sys; sys.path.insert(0, 'site'); "
        "from config.wsgi import application; print(type(application).__name__)"
    )
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean_env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "WSGIHandler" in result.stdout


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_the_application_with_its_config():
    """gunicorn finds config.wsgi through site/gunicorn.conf.py, and the
    production settings redirect plain HTTP to HTTPS."""
    import time
    import urllib.error
    import urllib.request

    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "site/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                opener.open(f"http://127.0.0.1:{port}/en/", timeout=20)
            except urllib.error.HTTPError as response:
                assert response.code == 301
                assert response.headers["Location"].startswith("https://127.0.0.1")
                break
            except OSError:  # not listening yet, or the worker is still booting
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_rate_limit_counters_are_shared_between_worker_processes(tmp_path):
    """The proposal and password-reset limits count in Django's cache: in
    production every worker process must see the same counts, or each of
    gunicorn's workers would grant the full allowance again."""
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_DIR": str(tmp_path / "cache")}
    count = (
        "from django.core.cache import cache; "
        "cache.add('attempts', 0, timeout=60); print(cache.incr('attempts'))"
    )
    outputs = [manage("shell", "-c", count, env=env) for _process in range(2)]
    for result in outputs:
        assert result.returncode == 0, result.stderr
    assert [result.stdout.split()[-1] for result in outputs] == ["1", "2"]
