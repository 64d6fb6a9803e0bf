"""gunicorn configuration: `gunicorn -c site/gunicorn.conf.py config.wsgi`.

Like manage.py and pytest, it puts site/ on the path explicitly so that the
configuration package `config` is importable.
"""

import multiprocessing
import os
from pathlib import Path

pythonpath = str(Path(__file__).resolve().parent)
wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The application is imported once, by the master, so a worker that replaces
# another is a fork; connections and the Tantivy reader are opened by each
# worker, on first use.
preload_app = True
# A worker is replaced after this many requests, a net against slow leaks
# (the soak test finds none that does not level off). Every replacement still
# stalls requests for a moment: at 2 000 the cached pages' p95 rose from 4 ms
# to 400 ms at 1 600 requests/s (docs/benchmarks.md).
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Before the first worker forks: the URLconf and the views it imports, which
    Django would otherwise import at each new worker's first request."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
