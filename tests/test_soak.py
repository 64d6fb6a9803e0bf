"""The soak test's own parts (bench/soak.py, `make soak`): the open-loop
schedule, the figures and the verdict on synthetic requests and memory
samples, the paced client against a small standard-library server on
127.0.0.1, the refusal of any other host, and the search URLs of the mix.
The soak itself (minutes of load on gunicorn) is run by `make soak`, not by
`make test`; docs/benchmarks.md has its last figures."""

import http.server
import threading
import time

import pytest

from bench import soak
from practices.models import TargetGroup

# The request figures ----------------------------------------------------------


def test_the_schedule_is_open_loop_and_evenly_spaced():
    due = soak.schedule(12, 180)
    assert len(due) == 2160
    assert due[0] == 0
    assert due[12] == pytest.approx(1.0)
    assert due[-1] == pytest.approx(179 + 11 / 12)
    assert soak.schedule(5, 3) == pytest.approx([i / 5 for i in range(15)])
    with pytest.raises(ValueError):
        soak.schedule(0, 10)


def steady(rate, duration, latency, outcome=200, lag=0.0):
    """Records of a server that answers every request `latency` after it
    was sent, `lag` after it was due."""
    return [(due, due + lag, due + lag + latency, outcome) for due in soak.schedule(rate, duration)]


def test_a_server_that_keeps_up_reaches_the_target_rate_whatever_its_latency():
    for latency in (0.01, 0.5, 2.0):
        figures = soak.request_figures(steady(10, 60, latency), 10, 60)
        assert figures["sent"] == figures["completed"] == 600
        assert figures["achieved_rate"] == 10.0
        assert figures["statuses"] == {"200": 600}
        assert figures["errors"] == 0
        assert figures["latency_ms"]["p50"] == pytest.approx(latency * 1000)
        assert soak.problems(figures, {"processes": [], "replaced_workers": []}, soak.LIMITS) == []


def test_latency_counts_from_when_the_request_was_due_not_when_it_was_sent():
    # The client sent every request 300 ms late (all its connections were
    # busy): the visitor waited 300 ms more than the server's own time.
    figures = soak.request_figures(steady(10, 10, 0.05, lag=0.3), 10, 10)
    assert figures["latency_ms"]["p50"] == pytest.approx(350)
    assert figures["send_lag_ms"]["max"] == pytest.approx(300)


def test_a_server_that_falls_behind_misses_the_rate():
    # Each answer comes 20 ms later than the one before: the server serves
    # fewer requests per second than it is sent.
    records = [
        (due, due, due + 0.05 + index * 0.02, 200)
        for index, due in enumerate(soak.schedule(10, 60))
    ]
    figures = soak.request_figures(records, 10, 60)
    assert figures["achieved_rate"] == pytest.approx(10 / 1.2, abs=0.01)
    found = soak.problems(figures, {"processes": [], "replaced_workers": []}, soak.LIMITS)
    assert found == ["achieved 8.33 requests/s, below 9.50 (target 10 − 5%)"]


def test_errors_are_counted_by_kind_and_any_error_fails_the_run():
    records = steady(10, 10, 0.05)
    records[3] = (*records[3][:3], 500)
    records[4] = (*records[4][:3], 404)
    records[5] = (*records[5][:3], "timeout")
    records[6] = (*records[6][:3], "socket")
    records[7] = (*records[7][:3], "protocol")
    figures = soak.request_figures(records, 10, 10)
    assert figures["sent"] == 100
    assert figures["completed"] == 97
    assert figures["statuses"] == {"200": 95, "404": 1, "500": 1}
    assert figures["error_kinds"] == {"status": 2, "timeout": 1, "socket": 1, "protocol": 1}
    assert figures["errors"] == 5
    found = soak.problems(figures, {"processes": [], "replaced_workers": []}, soak.LIMITS)
    assert found == [
        "5 errors (2 status, 1 timeout, 1 socket, 1 protocol); "
        "statuses {'200': 95, '404': 1, '500': 1}"
    ]


# Memory -----------------------------------------------------------------------


def test_least_squares_slope():
    assert soak.least_squares_slope([(0, 5), (1, 7), (2, 9)]) == pytest.approx(2)
    assert soak.least_squares_slope([(0, 1), (1, 3), (2, 2), (3, 4)]) == pytest.approx(0.8)
    assert soak.least_squares_slope([(0, 5), (1, 5)]) == 0
    assert soak.least_squares_slope([(0, 5)]) == 0
    assert soak.least_squares_slope([(1, 5), (1, 6)]) == 0


def series(pid, role, start, minutes, rss, every=5 / 60):
    """Samples of one process every 5 s from `start` (seconds) for
    `minutes`, its resident memory rss(minute)."""
    count = round(minutes / every) + 1
    return [(start + i * every * 60, pid, role, rss(i * every)) for i in range(count)]


def judge(samples, start=100.0, workers=(11, 12)):
    memory = soak.memory_figures(samples, start, list(workers))
    figures = soak.request_figures(steady(10, 60, 0.05), 10, 60)
    return memory, soak.problems(figures, memory, soak.LIMITS)


def test_steady_memory_passes_and_the_warm_up_is_not_counted():
    # Workers grow by 40 MB while warming up (imports, templates, caches),
    # then stay within a megabyte of noise for three minutes.
    warm_up = [(90.0, 11, "worker", 95.0), (90.0, 12, "worker", 96.0)]
    noise = [0.0, 0.6, -0.3, 0.8, 0.2, -0.5]
    samples = (
        warm_up
        + series(10, "master", 100, 3, lambda m: 26.0)
        + series(11, "worker", 100, 3, lambda m: 135.0 + noise[round(m * 12) % 6])
        + series(12, "worker", 100, 3, lambda m: 136.0 + noise[round(m * 12 + 3) % 6])
    )
    memory, found = judge(samples)
    assert found == []
    worker = next(p for p in memory["processes"] if p["pid"] == 11)
    assert worker["start_mb"] == 135.0
    assert worker["samples"] == 37
    assert worker["minutes"] == pytest.approx(3)
    assert abs(worker["slope_mb_per_min"]) < 0.5
    assert memory["replaced_workers"] == []


def test_a_leaking_worker_fails_on_its_slope_and_its_growth():
    samples = (
        series(10, "master", 100, 3, lambda m: 26.0)
        + series(11, "worker", 100, 3, lambda m: 135.0)
        + series(12, "worker", 100, 3, lambda m: 135.0 + 5 * m)
    )
    memory, found = judge(samples)
    leaking = next(p for p in memory["processes"] if p["pid"] == 12)
    assert leaking["growth_mb"] == 15.0
    assert leaking["peak_mb"] == 150.0
    assert leaking["slope_mb_per_min"] == pytest.approx(5)
    assert found == [
        "worker 12: resident memory grew by 15.0 MB (limit 10.0 MB)",
        "worker 12: resident memory slope 5.0 MB/min (limit 2.0 MB/min)",
    ]


def test_a_slow_leak_fails_on_its_slope_before_it_reaches_the_growth_limit():
    samples = series(11, "worker", 100, 3, lambda m: 135.0 + 3 * m)
    _memory, found = judge(samples, workers=[11])
    assert found == ["worker 11: resident memory slope 3.0 MB/min (limit 2.0 MB/min)"]


def test_the_slope_of_a_run_shorter_than_a_minute_is_not_judged():
    samples = series(11, "worker", 100, 0.1, lambda m: 135.0 + 30 * m, every=1 / 60)
    memory, found = judge(samples, workers=[11])
    assert memory["processes"][0]["slope_mb_per_min"] == pytest.approx(30)
    assert found == []


def test_a_worker_replaced_during_the_run_fails_it():
    samples = series(11, "worker", 100, 3, lambda m: 135.0) + series(
        13, "worker", 160, 2, lambda m: 120.0
    )
    memory, found = judge(samples, workers=[11, 12])
    assert memory["replaced_workers"] == [13]
    assert found == ["workers replaced during the run: [13]"]


# The paced client -------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(0.5)
        if self.path == "/drop":
            self.close_connection = True
            return  # closes the connection without an answer
        status = 500 if self.path == "/fail" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_paced_client_sends_every_scheduled_request_and_classifies_answers(local_server):
    paths = ["/search", "/fail", "/search", "/drop"]
    client = soak.PacedClient(local_server, paths, rate=40, duration=0.5, connections=3)
    _start, records = client.run()
    assert [due for due, *_ in records] == soak.schedule(40, 0.5)
    assert all(sent >= due for due, sent, _done, _outcome in records)
    outcomes = [outcome for *_times, outcome in records]
    assert outcomes == [200, 500, 200, "socket"] * 5
    figures = soak.request_figures(records, 40, 0.5)
    assert figures["sent"] == 20
    assert figures["error_kinds"] == {"status": 5, "timeout": 0, "socket": 5, "protocol": 0}


def test_a_server_far_behind_gets_timeouts_and_the_run_stays_bounded(local_server):
    # Each answer takes longer than the client's timeout, so one connection
    # cannot keep up: what is sent times out, and requests whose turn comes
    # more than a timeout late are not sent at all.
    client = soak.PacedClient(
        local_server, ["/slow"], rate=20, duration=0.5, connections=1, timeout=0.1
    )
    _start, records = client.run()
    outcomes = [outcome for *_times, outcome in records]
    assert len(outcomes) == 10
    assert "unsent" in outcomes
    assert set(outcomes) <= {"timeout", "unsent"}
    figures = soak.request_figures(records, 20, 0.5)
    assert figures["sent"] + figures["unsent"] == 10
    assert figures["error_kinds"]["timeout"] == figures["sent"]
    found = soak.problems(figures, {"processes": [], "replaced_workers": []}, soak.LIMITS)
    assert (
        f"{figures['unsent']} requests not sent: every connection was still busy "
        "a full timeout after they were due"
    ) in found


def test_a_closed_port_is_a_socket_error():
    client = soak.PacedClient(soak.load.free_port(), ["/"], rate=20, duration=0.1, connections=1)
    _start, records = client.run()
    assert [outcome for *_times, outcome in records] == ["socket", "socket"]


# Host and URLs ----------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "localhost", "192.168.1.10", "::1", ""])  # noqa: S104
def test_any_host_but_127_0_0_1_is_refused(host, capsys):
    with pytest.raises(SystemExit) as exit_:
        soak.parse_args(["--host", host])
    assert exit_.value.code == 2
    assert "the soak test runs on 127.0.0.1 only" in capsys.readouterr().err
    assert soak.parse_args(["--host", "127.0.0.1"]).host == "127.0.0.1"


def test_the_smoke_run_is_short_and_the_defaults_are_a_steady_few_minutes():
    args = soak.parse_args([])
    assert (args.size, args.rate, args.duration) == (1000, 8.0, 600.0)
    smoke = soak.parse_args(["--smoke"])
    assert (smoke.size, smoke.rate, smoke.duration) == (100, 5.0, 3.0)


@pytest.fixture
def soak_catalogue(make_practice, themes, countries, locales):
    """Five English practices about children and one French one, all with
    a target group (the mix filters on the most frequent of each facet)."""
    young = TargetGroup.objects.create(
        name="Young people", slug="young-people", locale=locales["en"]
    )
    practices = [
        make_practice(
            f"Peer mentoring for children {number}",
            slug=f"mentoring-{number}",
            summary="Home visits and peer mentoring support children and their families.",
            themes_=[themes["child-protection"]],
            countries_=[countries["IT"]],
        )
        for number in range(5)
    ]
    practices.append(
        make_practice(
            "Visites à domicile",
            locale="fr",
            slug="visites",
            summary="Le mentorat entre pairs et l'accompagnement des enfants.",
            themes_=[themes["child-protection"]],
            countries_=[countries["IT"]],
        )
    )
    for practice in practices:
        practice.target_groups = [young]
        practice.save_revision().publish()
    return practices


@pytest.mark.django_db
def test_every_search_url_of_the_mix_answers_with_results_pages_that_exist(
    soak_catalogue, client, settings
):
    settings.PRACTICES_PER_PAGE = 2
    paths = soak.search_paths()
    assert {path.split("/")[1] for path in paths} == {"en", "fr"}
    assert any("/fr/search/?q=enfants" in path for path in paths)
    # "children": five English practices and the French one, two a page:
    # pages 1, 2 and 3, and no fourth.
    children = [path for path in paths if path.startswith("/en/search/?q=children")]
    assert children == [
        "/en/search/?q=children",
        "/en/search/?q=children&page=2",
        "/en/search/?q=children&page=3",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"This page of results does not exist" not in response.content


def test_the_report_states_the_figures_and_the_verdict():
    samples = series(11, "worker", 100, 3, lambda m: 135.0 + 5 * m)
    memory = soak.memory_figures(samples, 100.0, [11])
    memory["anonymous"] = [
        {key: value for key, value in process.items() if key != "points"}
        for process in memory["processes"]
    ]
    requests = soak.request_figures(steady(10, 60, 0.05), 10, 60)
    run = {
        "commit": "abc1234",
        "started": "2026-11-23 01:00",
        "cpus": 2,
        "memory_gb": 24,
        "python": "3.11.7",
        "command": "python -m bench.soak --rate 10 --duration 60",
        "size": 1000,
        "workers": 2,
        "connections": 8,
        "sample_interval": 5.0,
        "urls": 42,
        "requests": requests,
        "memory": memory,
        "limits": soak.LIMITS,
        "problems": soak.problems(requests, memory, soak.LIMITS),
    }
    text = soak.markdown(run)
    assert "| requests sent / completed / not sent | 600 / 600 / 0 |" in text
    assert "| achieved rate | 10.0 requests/s |" in text
    assert "| worker 11 | 37 | 135.0 | 150.0 | 150.0 | 15.0 | 5.0 |" in text
    assert "**Failed:**" in text
    assert "- worker 11: resident memory grew by 15.0 MB (limit 10.0 MB)" in text
    run["problems"] = []
    assert soak.markdown(run).rstrip().endswith("**Passed.**")
