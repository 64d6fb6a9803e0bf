"""python -m bench.soak [--size 1000] [--rate 8] [--duration 600] [--smoke] … (see --help).

The soak test of issue #8: the search page held at a steady request rate for minutes by an
open-loop paced client, on 127.0.0.1 only, failing on any error or memory growth. The plan, the
verdict and why not wrk are in docs/benchmarks.md ("Soak").
"""

import argparse
import datetime
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import corpus, load
from bench.__main__ import (
    RESULTS,
    ROOT,
    collect_static,
    for_database,
    machine,
    production_environment,
)
from bench.stats import percentile

HOST = "127.0.0.1"
LANGUAGES = ("en", "fr")
PAGES = (1, 2, 3)
# The French words of the mix (bench/queries.py has the English ones);
# bench/synthetic/vocabulary.py writes them.
FRENCH_TEXT = {
    "one word": "enfants",
    "two words": "mentorat pairs",
    "phrase": '"visites à domicile"',
    "words, three filters": "accompagnement",
    "no match": "xylophoniste",
}
DEFAULTS = {
    "size": 1000,
    # 8 requests/s was held with a CI run beside it (12 was not); 10 minutes
    # let the workers' caches fill (about 5 minutes) before memory is judged.
    "rate": 8.0,
    "duration": 600.0,
    "connections": 8,
    "sample_interval": 5.0,
}
SMOKE = {"size": 100, "rate": 5.0, "duration": 3.0, "sample_interval": 1.0}
LIMITS = {
    "rate_tolerance": 0.05,
    "max_growth_mb": 10.0,
    "max_slope_mb_per_min": 2.0,
}
# A slope over less than this (the smoke run) says nothing: not judged.
SLOPE_MIN_MINUTES = 1.0
TIMEOUT = 10.0


class RefusedHost(ValueError):
    pass


def check_host(host):
    """The soak test only ever serves and loads 127.0.0.1."""
    if host != HOST:
        raise RefusedHost(f"the soak test runs on {HOST} only, not {host!r}")
    return host


# The URLs ---------------------------------------------------------------------


def search_paths():
    """The search URLs of the soak mix, against the corpus DATABASE_URL
    names (in a Django process: see write_paths)."""
    from bench.queries import as_querydict, query_mix
    from search import service

    paths = []
    for language in LANGUAGES:
        for query in query_mix(language):
            params = query.params()
            if language == "fr" and query.text:
                params["q"] = FRENCH_TEXT[query.name]
            last = max(1, service.run(as_querydict(params), language).page_count)
            for page in sorted({page for page in PAGES if page <= last} | {last}):
                page_params = {**params, **({"page": str(page)} if page > 1 else {})}
                paths.append(f"/{language}/search/?" + as_querydict(page_params).urlencode())
    return paths


def write_paths(out):
    sys.path.insert(0, str(ROOT / "site"))
    import django

    django.setup()
    Path(out).write_text(json.dumps(search_paths(), indent=1))


def paths_for(database, environment, directory, log):
    out = Path(directory) / "soak-urls.json"
    subprocess.run(
        [sys.executable, "-m", "bench.soak", "--write-paths", str(out)],
        cwd=ROOT,
        env=for_database(environment, database, directory),
        check=True,
        stdout=log,
        stderr=log,
    )
    return json.loads(out.read_text())


# The paced client -------------------------------------------------------------


def schedule(rate, duration):
    """When each request is due, in seconds from the start: an open-loop
    schedule of round(rate × duration) requests, 1 / rate apart."""
    if rate <= 0 or duration <= 0:
        raise ValueError("rate and duration must be positive")
    return [index / rate for index in range(round(rate * duration))]


def outcome_kind(outcome):
    """'ok', 'status' (not 2xx), or the error's own kind."""
    if isinstance(outcome, int):
        return "ok" if 200 <= outcome < 300 else "status"
    return outcome


def fetch(connection, path):
    """The status of GET path, or the kind of error: 'timeout', 'socket'
    (refused, reset, closed early) or 'protocol' (a malformed answer)."""
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.will_close:
            connection.close()
        return response.status
    except TimeoutError:
        connection.close()
        return "timeout"
    except OSError:
        connection.close()
        return "socket"
    except http.client.HTTPException:
        connection.close()
        return "protocol"


class PacedClient:
    """Sends the requests of `schedule(rate, duration)` in turn over `paths`
    from `connections` threads; records (due, sent, done, outcome), in
    seconds from the start. A request whose turn comes more than `timeout`
    after it was due is not sent (outcome "unsent")."""

    def __init__(self, port, paths, rate, duration, connections, timeout=TIMEOUT):
        self.port, self.paths, self.timeout = port, paths, timeout
        self.due = schedule(rate, duration)
        self.connections = connections
        self.records = []
        self._next = 0
        self._lock = threading.Lock()

    def _take(self):
        with self._lock:
            index = self._next
            self._next += 1
        return index if index < len(self.due) else None

    def _work(self, start):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        records = []
        while (index := self._take()) is not None:
            due = self.due[index]
            wait = start + due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            sent = time.monotonic() - start
            if sent - due > self.timeout:
                # Every connection has been busy for longer than a request
                # may take: the server is far behind. Not sending keeps the
                # run bounded (duration + twice the timeout at most).
                records.append((due, None, None, "unsent"))
                continue
            outcome = fetch(connection, self.paths[index % len(self.paths)])
            records.append((due, sent, time.monotonic() - start, outcome))
        connection.close()
        with self._lock:
            self.records.extend(records)

    def run(self):
        start = time.monotonic()
        threads = [
            threading.Thread(target=self._work, args=(start,), daemon=True)
            for _ in range(self.connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.records.sort()
        return start, self.records


def request_figures(records, rate, duration):
    """Requests sent, not sent (see PacedClient) and completed, the achieved
    rate, statuses, errors by kind, and latencies (from when each request
    was due: a request sent late because the server was slow counts its
    wait)."""
    unsent = [record for record in records if record[3] == "unsent"]
    records = [record for record in records if record[3] != "unsent"]
    statuses, errors = {}, {"status": 0, "timeout": 0, "socket": 0, "protocol": 0}
    for _due, _sent, _done, outcome in records:
        if isinstance(outcome, int):
            statuses[str(outcome)] = statuses.get(str(outcome), 0) + 1
        kind = outcome_kind(outcome)
        if kind != "ok":
            errors[kind] += 1
    completed = sum(1 for record in records if isinstance(record[3], int))
    done = sorted(done for _due, _sent, done, outcome in records if isinstance(outcome, int))
    # The rate of answers between the first and the last: (n − 1) intervals.
    # It equals the target when the server keeps up, whatever its latency
    # (dividing by the duration would count the last answer's latency as a
    # shortfall), and falls when answers come later and later.
    achieved = (
        (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else 0.0
    )
    latencies = [(done - due) * 1000 for due, _sent, done, _outcome in records]
    lags = [(sent - due) * 1000 for due, sent, _done, _outcome in records]

    def ms(values, fraction):
        value = percentile(values, fraction)
        return None if value is None else round(value, 1)

    return {
        "target_rate": rate,
        "duration_s": duration,
        "sent": len(records),
        "unsent": len(unsent),
        "completed": completed,
        "achieved_rate": round(achieved, 2),
        "statuses": dict(sorted(statuses.items())),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "latency_ms": {
            "p50": ms(latencies, 0.50),
            "p95": ms(latencies, 0.95),
            "p99": ms(latencies, 0.99),
            "max": ms(latencies, 1.0),
        },
        "send_lag_ms": {"p99": ms(lags, 0.99), "max": ms(lags, 1.0)},
    }


# Memory -----------------------------------------------------------------------


class ResidentMemorySampler(load.MemorySampler):
    """MemorySampler (each worker's peak) that also keeps a time series of
    the resident memory of the master and of each worker: VmRSS (judged),
    and its anonymous part RssAnon (the heap, without the pages of mapped
    files such as shared libraries, which grow as code is first run)."""

    def __init__(self, master, interval):
        super().__init__(master, interval)
        self.series = []  # (monotonic time, pid, role, VmRSS in MB)
        self.anonymous = []  # (monotonic time, pid, role, RssAnon in MB)

    def sample(self):
        super().sample()
        now = time.monotonic()
        try:
            workers = load.worker_pids(self.master)
        except OSError:
            return
        for pid, role in [(self.master, "master")] + [(pid, "worker") for pid in workers]:
            rss, anonymous = load.memory_mb(pid, "VmRSS"), load.memory_mb(pid, "RssAnon")
            if rss is not None:
                self.series.append((now, pid, role, rss))
            if anonymous is not None:
                self.anonymous.append((now, pid, role, anonymous))


def least_squares_slope(points):
    """The slope of the least-squares line through (x, y) points; 0 with
    fewer than two distinct x."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def memory_figures(series, start, workers_at_start):
    """Per process: resident memory at the start of the paced run (the
    first sample from `start` on), at its end, the peak, end minus start,
    the slope of the least-squares line over the run's samples (MB per
    minute) and the samples themselves ([minute, MB]); and the workers that
    appeared during the run (replacements)."""
    processes = {}
    for at, pid, role, rss in series:
        if at >= start:
            processes.setdefault((role, pid), []).append(((at - start) / 60, rss))
    figures = []
    for (role, pid), points in sorted(processes.items(), key=lambda item: (item[0][0], item[0][1])):
        figures.append(
            {
                "pid": pid,
                "role": role,
                "samples": len(points),
                "start_mb": points[0][1],
                "end_mb": points[-1][1],
                "peak_mb": max(rss for _, rss in points),
                "growth_mb": round(points[-1][1] - points[0][1], 1),
                "slope_mb_per_min": round(least_squares_slope(points), 2),
                "minutes": round(points[-1][0] - points[0][0], 2),
                "points": [[round(minute, 2), rss] for minute, rss in points],
            }
        )
    seen = {pid for _at, pid, role, _rss in series if role == "worker" and _at >= start}
    return {
        "processes": figures,
        "replaced_workers": sorted(seen - set(workers_at_start)),
    }


def problems(requests, memory, limits):
    """Why the run fails; empty when it passes."""
    found = []
    if requests["errors"]:
        kinds = ", ".join(f"{n} {kind}" for kind, n in requests["error_kinds"].items() if n)
        found.append(f"{requests['errors']} errors ({kinds}); statuses {requests['statuses']}")
    if requests["unsent"]:
        found.append(
            f"{requests['unsent']} requests not sent: every connection was still busy "
            "a full timeout after they were due"
        )
    floor = requests["target_rate"] * (1 - limits["rate_tolerance"])
    if requests["achieved_rate"] < floor:
        found.append(
            f"achieved {requests['achieved_rate']} requests/s, below {floor:.2f} "
            f"(target {requests['target_rate']} − {limits['rate_tolerance']:.0%})"
        )
    if memory["replaced_workers"]:
        found.append(f"workers replaced during the run: {memory['replaced_workers']}")
    for process in memory["processes"]:
        name = f"{process['role']} {process['pid']}"
        if process["growth_mb"] > limits["max_growth_mb"]:
            found.append(
                f"{name}: resident memory grew by {process['growth_mb']} MB "
                f"(limit {limits['max_growth_mb']} MB)"
            )
        if (
            process["minutes"] >= SLOPE_MIN_MINUTES
            and process["slope_mb_per_min"] > limits["max_slope_mb_per_min"]
        ):
            found.append(
                f"{name}: resident memory slope {process['slope_mb_per_min']} MB/min "
                f"(limit {limits['max_slope_mb_per_min']} MB/min)"
            )
    return found


# Report -----------------------------------------------------------------------


def markdown(run):
    requests, memory, limits = run["requests"], run["memory"], run["limits"]
    latency = requests["latency_ms"]
    lines = [
        "# Soak test",
        "",
        f"- commit `{run['commit']}`, {run['started']} (UTC)",
        f"- machine: {run['cpus']} CPUs, {run['memory_gb']} GiB, Python {run['python']}, SQLite; "
        f"{run['size']} practices (each in English and French)",
        f"- command: `{run['command']}`",
        f"- gunicorn: {run['workers']} sync workers on {HOST}, max_requests disabled; "
        f"{run['urls']} search URLs (English and French, pages 1–3 and the last); "
        f"{run['connections']} client connections",
        "",
        "| figure | value |",
        "|---|---|",
        f"| target rate | {requests['target_rate']} requests/s for {requests['duration_s']} s |",
        f"| requests sent / completed / not sent | {requests['sent']} / "
        f"{requests['completed']} / {requests['unsent']} |",
        f"| achieved rate | {requests['achieved_rate']} requests/s |",
        f"| statuses | {', '.join(f'{k}: {v}' for k, v in requests['statuses'].items()) or '–'} |",
        f"| errors | {requests['errors']} "
        f"({', '.join(f'{k} {v}' for k, v in requests['error_kinds'].items())}) |",
        f"| latency from due time p50 / p95 / p99 / max | {latency['p50']} / {latency['p95']} / "
        f"{latency['p99']} / {latency['max']} ms |",
        f"| send lag p99 / max | {requests['send_lag_ms']['p99']} / "
        f"{requests['send_lag_ms']['max']} ms |",
        f"| workers replaced | {len(memory['replaced_workers'])} |",
        "",
        "Resident memory (VmRSS, sampled every "
        f"{run['sample_interval']} s from the end of the warm-up):",
        "",
        "| process | samples | start MB | end MB | peak MB | end − start MB | slope MB/min |",
        "|---|---|---|---|---|---|---|",
    ]
    for process in memory["processes"]:
        lines.append(
            f"| {process['role']} {process['pid']} | {process['samples']} | "
            f"{process['start_mb']} | {process['end_mb']} | {process['peak_mb']} | "
            f"{process['growth_mb']} | {process['slope_mb_per_min']} |"
        )
    if memory.get("anonymous"):
        lines += [
            "",
            "Of which anonymous memory (RssAnon: the heap, without mapped files; "
            "reported, not judged):",
            "",
            "| process | start MB | end MB | end − start MB | slope MB/min |",
            "|---|---|---|---|---|",
        ]
        for process in memory["anonymous"]:
            lines.append(
                f"| {process['role']} {process['pid']} | {process['start_mb']} | "
                f"{process['end_mb']} | {process['growth_mb']} | {process['slope_mb_per_min']} |"
            )
    lines += [
        "",
        f"Limits: no error; achieved rate ≥ target − {limits['rate_tolerance']:.0%}; "
        f"no worker replaced; per process end − start ≤ {limits['max_growth_mb']} MB and "
        f"slope ≤ {limits['max_slope_mb_per_min']} MB/min (judged over {SLOPE_MIN_MINUTES:g} "
        "minute or more).",
        "",
    ]
    if run["problems"]:
        lines += ["**Failed:**", ""] + [f"- {problem}" for problem in run["problems"]]
    else:
        lines.append("**Passed.**")
    return "\n".join(lines) + "\n"


# Main -------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=" ".join(__doc__.split("\n\n")[1].split())
    )
    parser.add_argument("--size", type=int, default=DEFAULTS["size"], help="Corpus (practices).")
    parser.add_argument("--rate", type=float, default=DEFAULTS["rate"], help="Requests/s.")
    parser.add_argument(
        "--duration", type=float, default=DEFAULTS["duration"], help="Seconds of paced load."
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=DEFAULTS["connections"],
        help="Client threads (most requests outstanding at once).",
    )
    parser.add_argument(
        "--sample-interval",
        type=float,
        default=DEFAULTS["sample_interval"],
        help="Seconds between memory samples.",
    )
    parser.add_argument("--host", default=HOST, help=f"Only {HOST} is accepted.")
    parser.add_argument(
        "--rate-tolerance",
        type=float,
        default=LIMITS["rate_tolerance"],
        help="Largest shortfall of the achieved rate, as a fraction of the target.",
    )
    parser.add_argument(
        "--max-growth-mb",
        type=float,
        default=LIMITS["max_growth_mb"],
        help="Largest growth of a process's resident memory over the run (MB).",
    )
    parser.add_argument(
        "--max-slope-mb-per-min",
        type=float,
        default=LIMITS["max_slope_mb_per_min"],
        help="Largest least-squares slope of a process's resident memory (MB/min).",
    )
    parser.add_argument(
        "--smoke", action="store_true", help=f"A few seconds on a small corpus: {SMOKE}."
    )
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="Use an existing corpus of the size even if the code that shapes it changed.",
    )
    parser.add_argument("--out", default=str(RESULTS), help="Directory of the results.")
    parser.add_argument("--write-paths", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    try:
        check_host(args.host)
    except RefusedHost as error:
        parser.error(str(error))
    if args.rate <= 0 or args.duration <= 0 or args.connections < 1:
        parser.error("--rate, --duration and --connections must be positive")
    return args


def soak(args, log):
    began = time.monotonic()

    def echo(text):
        print(f"[{time.monotonic() - began:5.0f} s] {text}", flush=True)

    environment = production_environment()
    paths = corpus.build([args.size], log=log, echo=echo, reuse=args.reuse_corpus, prune=False)
    collect_static(environment, log)
    echo("static files collected")
    with tempfile.TemporaryDirectory(prefix="soak-") as directory:
        database = corpus.working_copy(paths[args.size], directory)
        urls = paths_for(database, environment, directory, log)
        echo(f"{len(urls)} search URLs; serving {args.size} practices…")
        with load.serve(database, environment, directory, ["--max-requests=0"]) as (process, port):
            sampler = ResidentMemorySampler(process.pid, args.sample_interval)
            sampler.start()
            load.warm_up(port, urls)
            workers_at_start = load.worker_pids(process.pid)
            sampler.sample()
            echo(f"warmed up; {args.rate:g} requests/s for {args.duration:g} s…")
            client = PacedClient(port, urls, args.rate, args.duration, args.connections)
            start, records = client.run()
            sampler.sample()
            sampler.stop()
            echo("done")
        log.write((Path(directory) / "gunicorn.log").read_text())
    memory = memory_figures(sampler.series, start, workers_at_start)
    memory["anonymous"] = [
        {key: value for key, value in process.items() if key != "points"}
        for process in memory_figures(sampler.anonymous, start, workers_at_start)["processes"]
    ]
    return urls, request_figures(records, args.rate, args.duration), memory


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.write_paths:
        write_paths(args.write_paths)
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    log_path = out / "soak.log"
    print(f"Soak test: {args.size} practices; details in {log_path}", flush=True)
    with log_path.open("w") as log:
        urls, requests, memory = soak(args, log)
    limits = {
        "rate_tolerance": args.rate_tolerance,
        "max_growth_mb": args.max_growth_mb,
        "max_slope_mb_per_min": args.max_slope_mb_per_min,
    }
    run = {
        **machine(started),
        "command": "python -m bench.soak " + " ".join(argv),
        "size": args.size,
        "workers": load.WORKERS,
        "connections": args.connections,
        "sample_interval": args.sample_interval,
        "urls": len(urls),
        "url_list": urls,
        "requests": requests,
        "memory": memory,
        "limits": limits,
        "problems": problems(requests, memory, limits),
    }
    text = markdown(run)
    stem = f"soak-{started:%Y%m%d-%H%M}-{run['commit']}"
    for name in (stem, "soak-latest"):
        (out / f"{name}.json").write_text(json.dumps(run, indent=2))
        (out / f"{name}.md").write_text(text)
    print(text)
    return 1 if run["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
