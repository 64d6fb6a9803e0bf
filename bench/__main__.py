"""python -m bench [--sizes 1000,10000,50000] [--smoke] … (see --help).

Builds the corpora, measures each size in a Django process of its own, runs the load test and
writes bench/results/; exits with status 1 when a strict check fails (docs/benchmarks.md).
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import corpus, goals, load, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SMOKE = {"sizes": "100,300", "runs": 5, "load_seconds": 2, "concurrency": "2"}


def production_environment():
    """What the production settings require, for a loopback-only run."""
    return {
        # Never the site's shared cache: each corpus copy has a file cache of its own.
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_CACHE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-any-real-deployment",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_BASE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(corpus.DATA / "static"),
        "PYTHONPATH": str(ROOT),
        # With ELASTICSEARCH_URL set, the benchmark builds and searches an
        # index of its own, never the site's.
        "ELASTICSEARCH_INDEX": os.environ.get("BENCH_ELASTICSEARCH_INDEX", "bench-practices"),
        # The figures are of uncached pages (home/page_cache.py is on by default).
        "PAGE_CACHE_SECONDS": "0",
    }


def for_database(environment, database, directory):
    """The environment of a process working on the corpus copy `database`
    in `directory`: production's shared file cache lives there too, so that
    nothing cached for another corpus (Wagtail's site root paths) is read."""
    return {
        **environment,
        "DATABASE_URL": corpus.database_url(database),
        "DJANGO_CACHE_DIR": str(Path(directory) / "cache"),
        "SEARCH_INDEX_DIR": str(Path(directory) / "search-index"),
    }


def collect_static(environment, log):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**environment, "DATABASE_URL": "sqlite:///:memory:"},
        check=True,
        stdout=log,
        stderr=log,
    )


def commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip() + ("+changes" if _dirty() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _dirty():
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    return bool(status.strip())


def machine(started):
    """What a run's report says of the commit, the start time and the machine."""
    return {
        "commit": commit(),
        "started": started.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb(),
        "python": platform.python_version(),
    }


def memory_gb():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024)
    return None


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="Corpus sizes (practices).")
    parser.add_argument("--runs", type=int, default=50, help="Timed runs per measurement.")
    parser.add_argument("--load-seconds", type=int, default=30, help="Duration of each load run.")
    parser.add_argument("--concurrency", default="1,4,8,16", help="Concurrencies of the load test.")
    parser.add_argument("--no-load", action="store_true", help="Skip the load test.")
    parser.add_argument("--no-plain", action="store_true", help="Skip the plain Wagtail build.")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"The small run of `make test`: {SMOKE}; checks only the strict figures.",
    )
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="Use existing corpora even if the code that shapes them changed.",
    )
    parser.add_argument("--out", default=str(RESULTS), help="Directory of the results.")
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="postgresql: corpora generated on the server of DATABASE_URL (a throwaway one: "
        "`make bench` starts it with scripts/with-postgres.sh).",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    args.sizes = sorted({int(size) for size in str(args.sizes).split(",")})
    args.concurrency = [int(value) for value in str(args.concurrency).split(",")]
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    log_path = out / "bench.log"
    print(f"Benchmark: sizes {args.sizes}; details in {log_path}", flush=True)
    environment = production_environment()
    server = os.environ.get("DATABASE_URL", "")
    postgresql = args.database == "postgresql"
    if postgresql and not server.startswith("postgres"):
        print(
            "--database postgresql needs DATABASE_URL to name a PostgreSQL server it may "
            "create databases on: `make bench` runs it under scripts/with-postgres.sh",
            file=sys.stderr,
        )
        return 2
    with log_path.open("w") as log:
        echo = lambda text: print(text, flush=True)  # noqa: E731
        if postgresql:
            paths = corpus.build_postgresql(args.sizes, server, log=log, echo=echo)
        else:
            paths = corpus.build(args.sizes, log=log, echo=echo, reuse=args.reuse_corpus)
        collect_static(environment, log)
        results = {}
        for size, path in paths.items():
            with tempfile.TemporaryDirectory(prefix="bench-") as directory:
                database = (
                    corpus.working_copy_postgresql(path)
                    if postgresql
                    else corpus.working_copy(path, directory)
                )
                print(f"{size} practices: measuring…", flush=True)
                measured = Path(directory) / "measure.json"
                command = [
                    sys.executable,
                    "-m",
                    "bench.measure",
                    str(measured),
                    f"--runs={args.runs}",
                ]
                if args.no_plain:
                    command.append("--no-plain")
                subprocess.run(
                    command,
                    cwd=ROOT,
                    env=for_database(environment, database, directory),
                    check=True,
                    stdout=log,
                    stderr=log,
                )
                result = json.loads(measured.read_text())
                if args.no_load:
                    result["load_skipped"] = "--no-load"
                else:
                    print(f"{size} practices: load test…", flush=True)
                    try:
                        result["load"] = load.run(
                            database,
                            environment,
                            result["load_urls"],
                            args.concurrency,
                            args.load_seconds,
                            directory,
                            scenario_concurrency=(
                                goals.LOAD_CONCURRENCY
                                if goals.LOAD_CONCURRENCY in args.concurrency
                                else max(args.concurrency)
                            ),
                        )
                    except load.LoadTestUnavailable as error:
                        result["load_skipped"] = str(error)
                results[size] = result
    run = {
        **machine(started),
        "database": "PostgreSQL" if postgresql else "SQLite",
        "command": "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
        "results": results,
        "goals": goals.judge(
            results[goals.GOAL_SIZE if goals.GOAL_SIZE in results else max(results)]
        ),
    }
    text = report.markdown(run)
    stem = f"{started:%Y%m%d-%H%M}-{run['commit']}-{args.database}"
    for name in (stem, f"latest-{args.database}"):
        (out / f"{name}.json").write_text(json.dumps(run, indent=2, default=str))
        (out / f"{name}.md").write_text(text)
    print(text)
    problems = goals.query_problems(results) + goals.correctness_problems(results)
    if problems:
        print("Strict checks failed:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
