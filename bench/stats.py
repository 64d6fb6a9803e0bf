"""Summaries of timings, in milliseconds."""

import statistics
import time


def percentile(values, fraction):
    """The nearest-rank percentile of values (fraction in [0, 1])."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary(seconds):
    """{median, p95, min} in milliseconds of a list of durations in seconds."""
    milliseconds = [value * 1000 for value in seconds]
    return {
        "median_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "min_ms": round(min(milliseconds), 2),
        "runs": len(milliseconds),
    }


def timed(function, runs, warmup=2):
    """Durations in seconds of `runs` calls of function, after a warm-up."""
    for _ in range(warmup):
        function()
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations
