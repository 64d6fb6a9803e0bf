"""The load test: gunicorn with the production settings on 127.0.0.1, driven by wrk.

Reports requests per second, latency percentiles, errors and the workers' peak resident memory.
"""

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.corpus import database_url

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


class LoadTestUnavailable(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting: see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout} s")


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()]


def memory_mb(pid, field):
    """A memory figure of /proc/<pid>/status (VmHWM: peak resident memory,
    VmRSS: resident memory now), in MB; None once the process has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def peak_memory_mb(pid):
    """The process's peak resident memory (VmHWM), in MB; None once it has gone."""
    return memory_mb(pid, "VmHWM")


class MemorySampler(threading.Thread):
    """Keeps the peak memory of every worker of a gunicorn master."""

    def __init__(self, master, interval=0.5):
        super().__init__(daemon=True)
        self.master, self.interval = master, interval
        self.peaks = {}
        # The most private (anonymous) memory seen: the resident peak also counts
        # the pages of files a worker maps (Tantivy's index), which all share.
        self.private_peaks = {}
        self.finished = threading.Event()

    def run(self):
        while not self.finished.wait(self.interval):
            self.sample()

    def sample(self):
        try:
            pids = worker_pids(self.master)
        except OSError:
            return
        for pid in pids:
            peak = peak_memory_mb(pid)
            if peak is not None:
                self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            private = memory_mb(pid, "RssAnon")
            if private is not None:
                self.private_peaks[pid] = max(private, self.private_peaks.get(pid, 0))

    def stop(self):
        self.finished.set()
        self.join()
        self.sample()
        return {str(pid): peak for pid, peak in sorted(self.peaks.items())}


def run_wrk(port, paths_file, concurrency, seconds):
    threads = min(2, concurrency)
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={concurrency}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={ROOT / 'bench' / 'mix.lua'}",
        f"http://127.0.0.1:{port}",
        "--",
        str(paths_file),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    seconds_run = figures["duration_us"] / 1e6
    errors = figures["errors"]
    return {
        "concurrency": concurrency,
        "seconds": round(seconds_run, 1),
        "requests": figures["requests"],
        "requests_per_second": round(figures["requests"] / seconds_run, 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": round(figures["latency_us"]["p50"] / 1000, 1),
        "p95_ms": round(figures["latency_us"]["p95"] / 1000, 1),
        "p99_ms": round(figures["latency_us"]["p99"] / 1000, 1),
    }


# Paths a warm-up requests at most: enough for every kind of page.
WARM_UP_PATHS = 60


def warm_up(port, paths):
    """Request the paths once per worker, before the clock starts: a cold
    worker's first requests (imports, templates, connections) take seconds."""

    def fetch_all():
        for path in paths[:WARM_UP_PATHS]:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
                answer.read()

    threads = [threading.Thread(target=fetch_all) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@contextlib.contextmanager
def serve(database, environment, directory, options=()):
    """gunicorn (site/gunicorn.conf.py, WORKERS workers) serving the corpus
    on a free port of 127.0.0.1; yields (process, port). `options` are
    gunicorn command-line options, which take precedence over the
    configuration file."""
    port = free_port()
    log = (Path(directory) / "gunicorn.log").open("w")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "--config=site/gunicorn.conf.py", *options],
        cwd=ROOT,
        env={
            **environment,
            "DATABASE_URL": database_url(database),
            # Production's file cache, per corpus copy (bench.__main__.for_database).
            "DJANGO_CACHE_DIR": str(Path(directory) / "cache"),
            # The Tantivy index bench.measure built (bench.__main__.for_database).
            "SEARCH_INDEX_DIR": str(Path(directory) / "search-index"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(WORKERS),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(port, process)
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# The scenarios of issue #18, at one concurrency: (name, page cache seconds, URL kinds).
SCENARIOS = (
    ("realistic mix, page cache on", "300", ("search", "practice", "home")),
    ("distinct searches, page cache off", "0", ("distinct_searches",)),
)


def run(database, environment, urls, concurrencies, seconds, directory, scenario_concurrency):
    """Serve the corpus with gunicorn and drive it: the search and practice mix
    uncached at each concurrency, then each scenario at `scenario_concurrency`."""
    if shutil.which("wrk") is None:
        raise LoadTestUnavailable("wrk is not installed (make bench installs Debian's wrk)")
    directory = Path(directory)
    mix = urls["search"] + urls["practice"]
    peaks = {"resident": {}, "private": {}}
    with serve(database, environment, directory) as (process, port):
        runs = _drive(process, port, mix, concurrencies, seconds, directory / "mix.txt", peaks)
    scenarios = []
    for name, cache_seconds, kinds in SCENARIOS:
        paths = [path for kind in kinds for path in urls.get(kind, [])]
        served = {**environment, "PAGE_CACHE_SECONDS": cache_seconds}
        with serve(database, served, directory) as (process, port):
            (found,) = _drive(
                process, port, paths, [scenario_concurrency], seconds,
                directory / "scenario.txt", peaks,
            )  # fmt: skip
        scenarios.append({"name": name, "urls": len(paths), **found})
    return {
        "workers": WORKERS,
        "urls": len(mix),
        "runs": runs,
        "scenarios": scenarios,
        "worker_peak_memory_mb": peaks["resident"],
        "worker_peak_private_memory_mb": peaks["private"],
    }


def _drive(process, port, paths, concurrencies, seconds, paths_file, peaks):
    """wrk over `paths` at each concurrency; the workers' peak memory joins `peaks`
    ({"resident": {pid: MB}, "private": {pid: MB}})."""
    paths_file.write_text("\n".join(paths) + "\n")
    sampler = MemorySampler(process.pid)
    sampler.start()
    warm_up(port, paths)
    runs = [run_wrk(port, paths_file, concurrency, seconds) for concurrency in concurrencies]
    peaks["resident"].update(sampler.stop())
    peaks["private"].update({str(pid): mb for pid, mb in sorted(sampler.private_peaks.items())})
    return runs
