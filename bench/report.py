"""The results of a run as Markdown (JSON is the raw form)."""

from bench import goals


def _ms(summary):
    if not summary:
        return "–"
    if "timeout_s" in summary:
        return f"> {summary['timeout_s'] * 1000:.0f} (stopped)"
    # Two decimals below a millisecond (Tantivy's answers), one above.
    digits = 2 if summary["median_ms"] < 1 else 1
    return f"{summary['median_ms']:.{digits}f} / {summary['p95_ms']:.{digits}f}"


def _value(goal):
    measured = goal["measured"]
    unit = goal["unit"]
    if unit == "×":
        return f"{measured}×"
    return f"{measured} {unit}".strip()


def markdown(run):
    lines = [
        "# Benchmark results",
        "",
        f"- commit `{run['commit']}`, {run['started']} (UTC)",
        f"- machine: {run['cpus']} CPUs, {run['memory_gb']} GiB, Python {run['python']}, "
        f"{run['database']}; sizes {', '.join(str(s) for s in run['results'])} practices "
        "(each in English and French)",
        f"- command: `{run['command']}`",
        "",
    ]
    results = run["results"]
    goal_size = goals.GOAL_SIZE if goals.GOAL_SIZE in results else max(results)
    lines += [f"## Goals at {goal_size} practices", ""]
    lines += ["| goal | target | measured | met |", "|---|---|---|---|"]
    for goal in goals.judge(results[goal_size]):
        met = "yes" if goal["met"] else "**no**"
        lines.append(f"| {goal['goal']} | {goal['target']} | {_value(goal)} | {met} |")
    problems = goals.query_problems(results) + goals.correctness_problems(results)
    lines += [
        "",
        "Strict checks (query budgets, constant query counts, same answers, no "
        "error status): " + ("all pass." if not problems else ""),
    ]
    lines += [f"- **{problem}**" for problem in problems]
    for size, result in results.items():
        lines += _size_section(size, result)
    lines += _growth(results)
    return "\n".join(lines) + "\n"


def _size_section(size, result):
    lines = ["", f"## {size} practices ({result['pages']} pages)", ""]
    lines += [
        "### Search service (median / p95, ms)",
        "",
        "| engine | query | hits (plain) | ours | Tantivy | ours/Tantivy | plain Wagtail "
        "| plain/ours | Tantivy's answer |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["service"]:
        plain_ratio = "–"
        if "plain" in row:
            bound = "≥ " if "timeout_s" in row["plain"] else ""
            plain_ratio = f"{bound}{goals.plain_ratio(row):.1f}×"
        tantivy_ratio = goals.tantivy_ratio(row)
        same = "–"
        if "tantivy_differs" in row:
            same = f"**{row['tantivy_differs']}**" if row["tantivy_differs"] else "same"
        lines.append(
            f"| {row['engine']} | {row['query']} | {row['total']} ({row.get('plain_total', '–')}) "
            f"| {_ms(row['ours'])} | {_ms(row.get('tantivy'))} | "
            f"{f'{tantivy_ratio:.1f}×' if tantivy_ratio is not None else '–'} | "
            f"{_ms(row.get('plain'))} | {plain_ratio} | {same} |"
        )
    peer = result.get("tantivy_build")
    if peer:
        lines += [
            "",
            f"Tantivy peer ({peer['tantivy']}): {peer['documents']} documents indexed in "
            f"{peer['seconds']} s, in memory, from the same search documents and terms; "
            "its totals and facet counts are checked against each engine's "
            '("Tantivy\'s answer").',
        ]
    lines += [
        "",
        "### Pages (full Django stack, production settings)",
        "",
        "| engine | page | SQL queries | median ms | p95 ms | KB |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["page_timings"]:
        lines.append(
            f"| {row['engine']} | {row['page']} | {row['queries']} | {row['median_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['bytes'] / 1024:.0f} |"
        )
    indexing = result["indexing"]
    lines += ["", "### Indexing", ""]
    for rebuild in indexing["rebuilds"]:
        lines.append(
            f"- full rebuild ({rebuild['engine']}): {rebuild['documents']} documents in "
            f"{rebuild['seconds']} s, **{rebuild['practices_per_second']} practices/s**"
        )
    lines.append(
        f"- reindex one published practice (median / p95): {_ms(indexing['reindex_one'])} ms"
    )
    if indexing.get("publish_visible"):
        lines.append(
            "- an editor's publish found by another worker's search (median / p95): "
            f"{_ms(indexing['publish_visible'])} ms"
        )
    load = result.get("load")
    if load:
        peaks = ", ".join(f"{mb} MB" for mb in load["worker_peak_memory_mb"].values())
        lines += [
            "",
            f"### Under load (gunicorn, {load['workers']} workers; {load['urls']} URLs: "
            "search and practice pages)",
            "",
            "| concurrency | requests/s | p50 ms | p95 ms | p99 ms | errors | requests |",
            "|---|---|---|---|---|---|---|",
        ]
        for run in load["runs"]:
            lines.append(
                f"| {run['concurrency']} | {run['requests_per_second']} | {run['p50_ms']} | "
                f"{run['p95_ms']} | {run['p99_ms']} | {run['errors']} | {run['requests']} |"
            )
        for scenario in load.get("scenarios", []):
            lines.append(
                f"| {scenario['concurrency']}, {scenario['name']} ({scenario['urls']} URLs) | "
                f"{scenario['requests_per_second']} | {scenario['p50_ms']} | "
                f"{scenario['p95_ms']} | {scenario['p99_ms']} | {scenario['errors']} | "
                f"{scenario['requests']} |"
            )
        private = ", ".join(
            f"{mb} MB" for mb in load.get("worker_peak_private_memory_mb", {}).values()
        )
        lines += [
            "",
            f"Peak memory of each worker process: {peaks} (resident, with the pages of the "
            f"index files it maps, which every worker shares); private: {private or '–'}.",
        ]
    elif result.get("load_skipped"):
        lines += ["", f"Load test skipped: {result['load_skipped']}"]
    return lines


def _growth_figures(result):
    figures = {}
    pages = {
        row["page"]: row for row in result["page_timings"] if row["engine"] == goals.DEFAULT_ENGINE
    }
    service = {
        row["query"]: row for row in result["service"] if row["engine"] == goals.DEFAULT_ENGINE
    }
    for name, row in pages.items():
        figures[f"{name}: p95 ms"] = row["p95_ms"]
        figures[f"{name}: SQL queries"] = row["queries"]
    for name, row in service.items():
        figures[f"service, {name}: median ms"] = row["ours"]["median_ms"]
        if row.get("tantivy"):
            figures[f"Tantivy, {name}: median ms"] = row["tantivy"]["median_ms"]
    for rebuild in result["indexing"]["rebuilds"]:
        figures[f"rebuild ({rebuild['engine']}): practices/s"] = rebuild["practices_per_second"]
    figures["reindex one: median ms"] = result["indexing"]["reindex_one"]["median_ms"]
    if result["indexing"].get("publish_visible"):
        figures["publish visible: p95 ms"] = result["indexing"]["publish_visible"]["p95_ms"]
    for run in (result.get("load") or {}).get("runs", []):
        figures[f"load c={run['concurrency']}: requests/s"] = run["requests_per_second"]
        figures[f"load c={run['concurrency']}: p95 ms"] = run["p95_ms"]
    for scenario in (result.get("load") or {}).get("scenarios", []):
        figures[f"load, {scenario['name']}: requests/s"] = scenario["requests_per_second"]
    return figures


def _growth(results):
    if len(results) < 2:
        return []
    sizes = list(results)
    table = {size: _growth_figures(result) for size, result in results.items()}
    names = list(dict.fromkeys(name for figures in table.values() for name in figures))
    lines = ["", "## Growth", "", "| figure | " + " | ".join(str(s) for s in sizes) + " |"]
    lines.append("|---|" + "---|" * len(sizes))
    for name in names:
        cells = [str(table[size].get(name, "–")) for size in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines
