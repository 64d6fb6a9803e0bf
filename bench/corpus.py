"""Deterministic corpora of synthetic practices, one SQLite file per size, kept in bench/data/,
or one database per size on a throwaway PostgreSQL server (`build_postgresql`).

The name of each SQLite file includes a fingerprint of what shapes the data (docs/benchmarks.md).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SEED = 1
LANGUAGES = "en,fr"
# What shapes a corpus: if any of these change, corpora are rebuilt.
FINGERPRINTED = [
    "requirements.txt",
    "practices/models",
    "practices/migrations",
    "bench/synthetic",
    "home/demo",
    "home/demo_loader.py",
    "home/migrations",
    "search/migrations",
    "search/index_entries.py",
    "search/text.py",
    "search/engines/database.py",
]


def fingerprint():
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = ROOT / name
        files = (
            sorted(path.rglob("*.py")) + sorted(path.rglob("*.json")) if path.is_dir() else [path]
        )
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def database_url(path):
    """The DATABASE_URL of a corpus: a SQLite file's path, or already a URL."""
    return str(path) if "://" in str(path) else f"sqlite:///{path}"


def manage(path, *args, log):
    """Run a management command on the corpus at `path` (dev settings)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(path),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    # Corpora are built on the database alone (never in the site's Tantivy folder):
    # the measurement builds its own index of the other engine.
    env.pop("ELASTICSEARCH_URL", None)
    env["SEARCH_ENGINE"] = "database"
    for variable in ("DJANGO_CACHE_URL", "REDIS_URL"):  # and never in the site's cache
        env.pop(variable, None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=log
    )
    return time.perf_counter() - started


def build(sizes, log=sys.stderr, echo=print, reuse=False, prune=True):
    """{size: path} of the corpora, building those that are missing.

    With `reuse`, an existing corpus of a size is used whatever its
    fingerprint (to work on the benchmark itself while the code changes).
    With `prune`, corpora of other fingerprints are deleted (the soak test
    keeps them: it builds one size and must not throw away the others)."""
    DATA.mkdir(parents=True, exist_ok=True)
    key = fingerprint()
    paths = {size: DATA / f"corpus-{size}-seed{SEED}-{key}.sqlite3" for size in sorted(sizes)}
    if reuse:
        for size in paths:
            found = sorted(DATA.glob(f"corpus-{size}-seed{SEED}-*.sqlite3"), key=os.path.getmtime)
            if found:
                paths[size] = found[-1]
                key = found[-1].name.rsplit("-", 1)[1].split(".")[0]
    base = DATA / f"corpus-0-seed{SEED}-{key}.sqlite3"
    previous = base
    for size, path in paths.items():
        if path.exists():
            echo(f"corpus {size}: kept ({path.name})")
            previous = path
            continue
        if not base.exists():
            echo("corpus 0: migrate and load the demo content…")
            partial = base.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            manage(partial, "migrate", "--noinput", "-v0", log=log)
            manage(partial, "load_demo", "--admin-password", "bench", log=log)
            partial.rename(base)
        partial = path.with_suffix(".partial")
        shutil.copyfile(previous, partial)
        echo(f"corpus {size}: generating…")
        seconds = manage(
            partial,
            "generate_practices",
            "--count",
            str(size),
            "--seed",
            str(SEED),
            "--languages",
            LANGUAGES,
            log=log,
        )
        manage(partial, "rebuild_search_index", "--no-progress", log=log)
        partial.rename(path)
        echo(f"corpus {size}: generated in {seconds:.0f} s")
        previous = path
    if prune and not reuse:
        for stale in DATA.glob("corpus-*.sqlite3"):
            if key not in stale.name:
                stale.unlink()
    return paths


def working_copy(path, directory):
    """A copy of the corpus to measure on."""
    copy = Path(directory) / "bench.sqlite3"
    shutil.copyfile(path, copy)
    return copy


# PostgreSQL -------------------------------------------------------------------


def _on_server(server_url, name):
    """The URL of the database `name` on the server of `server_url`."""
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def _create_database(server_url, name, template=None):
    import psycopg

    with psycopg.connect(_on_server(server_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        suffix = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{suffix}')
    return _on_server(server_url, name)


def build_postgresql(sizes, server_url, log=sys.stderr, echo=print):
    """{size: database URL} of corpora generated into databases of their own on the
    (throwaway) server of `server_url`, each from the previous one, as on SQLite."""
    base = _create_database(server_url, "bench_corpus_0")
    echo("corpus 0 (PostgreSQL): migrate and load the demo content…")
    manage(base, "migrate", "--noinput", "-v0", log=log)
    manage(base, "load_demo", "--admin-password", "bench", log=log)
    previous, urls = "bench_corpus_0", {}
    for size in sorted(sizes):
        name = f"bench_corpus_{size}"
        url = _create_database(server_url, name, template=previous)
        echo(f"corpus {size} (PostgreSQL): generating…")
        seconds = manage(
            url, "generate_practices", "--count", str(size), "--seed", str(SEED),
            "--languages", LANGUAGES, log=log,
        )  # fmt: skip
        manage(url, "rebuild_search_index", "--no-progress", log=log)
        echo(f"corpus {size} (PostgreSQL): generated in {seconds:.0f} s")
        urls[size], previous = url, name
    return urls


def working_copy_postgresql(url):
    """A copy of the corpus database to measure on (a database made from it as a template)."""
    name = url.rsplit("/", 1)[1]
    return _create_database(url, f"{name}_work", template=name)
