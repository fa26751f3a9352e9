"""The benchmark's targets, checked, and its figures as tables."""

from __future__ import annotations

WORKLOADS = ("kept", "fresh", "mixed")
# The targets of "Fast for everyone": every page under the mixed workload at 8 clients, a fresh page, the
# API's search (asked at region and national scale; checked at every scale, and the message says which).
MIXED_P95_MS = 150
MIXED_SHARE_OF_FLOOR = 0.25
FRESH_P95_MS = 250
SEARCH_P95_MS = 100
SEARCH_PATH = "/api/v1/findings/search"


def add_ratios(results: dict) -> None:
    """Each measurement's requests per second as a share of the floor measured just before the page."""
    for name, row in results.items():
        if name == "floor":
            continue
        beside = row.get("floor", {}).get("rps")
        for workload in (*WORKLOADS, "kept_c1"):
            figures = row.get(workload)
            if figures is not None:
                floor = row.get("floor_c1", {}).get("rps") if workload == "kept_c1" else beside
                figures["ratio_to_floor"] = figures["rps"] / floor if floor else 0.0


def missed(report: dict) -> list[str]:
    """Every target a page misses, and every measurement that went wrong, in words."""
    scale = report["scale"]
    seconds = report.get("seconds", "?")
    found = []
    for name, row in report["pages"].items():
        if name == "floor":
            continue
        for workload in (*WORKLOADS, "kept_c1"):
            figures = row.get(workload)
            if figures and not figures["requests"]:
                found.append(f"{name} ({workload}): no request was answered within {seconds} s")
            elif figures and (figures["errors"] or figures["non2xx"]):
                found.append(
                    f"{name} ({workload}): {figures['errors']} errors and {figures['non2xx']} answers other than "
                    f"2xx in {figures['requests']} requests"
                )
        mixed, fresh = row.get("mixed"), row.get("fresh")
        if mixed:
            if mixed["p95"] > MIXED_P95_MS:
                found.append(f"{name}: p95 {mixed['p95']:.0f} ms under the mixed workload (target {MIXED_P95_MS} ms)")
            if mixed["ratio_to_floor"] < MIXED_SHARE_OF_FLOOR:
                found.append(
                    f"{name}: {mixed['ratio_to_floor']:.2f} of the floor under the mixed workload "
                    f"(target {MIXED_SHARE_OF_FLOOR})"
                )
        for error in (mixed or {}).get("writer", {}).get("errors", []):
            found.append(f"{name}: the writer's {error}")
        if fresh and fresh["p95"] > FRESH_P95_MS:
            found.append(
                f"{name}: p95 {fresh['p95']:.0f} ms fresh, nothing kept (target {FRESH_P95_MS} ms at region scale; "
                f"this is {scale})"
            )
        if row["path"].startswith(SEARCH_PATH):
            for workload in WORKLOADS:
                if row.get(workload) and row[workload]["p95"] > SEARCH_P95_MS:
                    found.append(
                        f"{name}: p95 {row[workload]['p95']:.0f} ms {workload} (target {SEARCH_P95_MS} ms at "
                        f"national scale; this is {scale})"
                    )
        # More queries with more data is a query per row; fewer is a page whose data at this scale needs one
        # query less (no story to look up for a year, say), which no growth of the data can turn into more.
        if row.get("queries_tiny") is not None and (row.get("queries") or 0) > row["queries_tiny"]:
            found.append(
                f"{name}: {row.get('queries')} queries at this scale but {row['queries_tiny']} at the tiny scale "
                "(a query per row?)"
            )
    return found


def _cells(figures: dict | None, floor: float | None) -> str:
    if not figures:
        return f"{'':>7} {'':>7} {'':>7} {'':>7} {'':>7} {'':>6}"
    ratio = figures.get("ratio_to_floor")
    return (
        f"{figures['p50']:7.1f} {figures['p95']:7.1f} {figures['p99']:7.1f} {figures['rps']:7.0f} "
        f"{floor or 0:7.0f} {ratio if ratio is not None else 0:6.2f}"
    )


def table(report: dict) -> str:
    pages = {name: row for name, row in report["pages"].items() if name != "floor"}
    floor = report["pages"].get("floor", {})
    lines = [
        f"{report['database']} · {report['scale']} · {report['machine']['cores']} cores · cache "
        f"{report.get('cache', '?')} · {report['taken']}",
        f"floor (/health/): 1 client {_rps(floor.get('c1'))}/s, 8 clients {_rps(floor.get('c8'))}/s at the start",
    ]
    head = f"{'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'floor/s':>7} {'×floor':>6}"
    for workload, words in (
        ("kept", "kept: as served, after a warm-up request; 8 clients"),
        ("fresh", "fresh: a server with KEEP_PAGES=false; 8 clients"),
        ("mixed", "mixed: kept server, 8 clients reading while a writer makes one write a second"),
    ):
        lines += ["", words, f"{'page':34} {'role':11} {head}" + ("  writes err" if workload == "mixed" else "")]
        if workload == "kept":
            lines[-1] += f" {'queries':>9} {'fresh ms':>8}"
        for name, row in pages.items():
            line = f"{name[:34]:34} {row['role'][:11]:11} {_cells(row.get(workload), row.get('floor', {}).get('rps'))}"
            if workload == "kept":
                queries = f"{row.get('queries')}/{row.get('queries_tiny')}"
                fresh_ms = f"{row['fresh_ms']:8.1f}" if row.get("fresh_ms") is not None else ""
                line += f" {queries:>9} {fresh_ms:>8}"
            if workload == "mixed" and row.get("mixed"):
                writer = row["mixed"].get("writer", {})
                line += f"  {writer.get('writes', 0):>6} {len(writer.get('errors', [])):>3}"
            lines.append(line)
    keys = {name: row for name, row in pages.items() if row.get("kept_c1")}
    if keys:
        lines += ["", "kept, 1 client (the pages people open most)", f"{'page':34} {'role':11} {head}"]
        for name, row in keys.items():
            lines.append(
                f"{name[:34]:34} {row['role'][:11]:11} {_cells(row['kept_c1'], row.get('floor_c1', {}).get('rps'))}"
            )
    lines += ["", *offenders(pages), *_others(report)]
    lines.append(
        "\nfloor/s: /health/ measured just before the page at the same number of clients; ×floor: the page's "
        "requests per second over it. queries: with nothing kept, at this scale/the tiny scale (they must be "
        "equal). fresh ms: one request in-process with nothing kept, the median of 5."
    )
    if report["failures"]:
        lines.append(f"\nFAILED: {len(report['failures'])} target(s) missed or problem(s):")
        lines += [f"  - {failure}" for failure in report["failures"]]
    return "\n".join(lines)


def _rps(figures: dict | None) -> str:
    return f"{figures['rps']:.0f}" if figures else "?"


def offenders(pages: dict, count: int = 8) -> list[str]:
    """The pages furthest from their targets, by each measure: where the work is."""
    lines = []
    for title, key in (
        ("mixed p95 ms", lambda row: (row.get("mixed") or {}).get("p95")),
        ("fresh p95 ms (8 clients)", lambda row: (row.get("fresh") or {}).get("p95")),
        ("fresh ms (one request)", lambda row: row.get("fresh_ms")),
        ("queries", lambda row: row.get("queries")),
    ):
        ranked = sorted(((key(row), name) for name, row in pages.items() if key(row) is not None), reverse=True)
        shown = ", ".join(f"{name} {value:.0f}" for value, name in ranked[:count])
        lines.append(f"biggest {title}: {shown}")
    return lines


def _others(report: dict) -> list[str]:
    lines = []
    imported = report.get("import") or {}
    if "rows_per_second" in imported:
        lines.append(
            f"\nimport: {imported['rows']:,} rows in {imported['seconds']} s = {imported['rows_per_second']:,} rows/s"
        )
    elif imported:
        lines.append(f"\nimport: failed: {imported.get('error')}")
    pdf = report.get("local_account_pdf")
    if pdf:
        lines.append(
            f"Local Account PDF ({pdf['board']}, {pdf['year']}, {pdf['activities']:,} activities): "
            f"{pdf['pdf_seconds']} s to write, after {pdf['figures_seconds']} s gathering its figures"
        )
    if report.get("minutes"):
        lines.append(f"the run took {report['minutes']:.1f} minutes")
    return lines
