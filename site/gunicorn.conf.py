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
# The application is imported once, by the master: a worker that replaces
# another (every max_requests requests, against slow leaks) is a fork, ready at
# once, instead of a second of imports during which its requests wait (1.4 s at
# p95 under the benchmark's cached load, docs/benchmarks.md). Connections and
# the Tantivy reader are opened by each worker, on first use.
preload_app = True
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
