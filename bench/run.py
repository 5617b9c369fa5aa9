"""Run the benchmark suite and write bench/RESULTS.md.

    python bench/run.py                      # N = 10k, 100k, 1M (≈ 15 min on 2 cores)
    python bench/run.py --sizes 10000,100000
    python bench/run.py --quick              # tiny N, one repetition: proves the suite works

Every measurement runs in a fresh subprocess (bench/child.py) so peak RSS is per stage; a stage
and its floor alternate (stage, floor, stage, floor, …) so load on the machine hits both alike;
the median of the repetitions is reported. A writer whose optional package is not installed is
reported as "not available" — never with a made-up number; a stage that fails is an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import RESULT_TAG  # noqa: E402

BIG = 1_000_000


@dataclass
class Row:
    stage: str
    n: int
    seconds: float | None = None
    floor: float | None = None
    ratio: float | None = None
    target: str = ""
    verdict: str = ""  # PASS / FAIL / "" (no target at this N) / n/a
    peak_mb: float | None = None
    cpu: float | None = None
    note: str = ""


@dataclass
class Suite:
    quick: bool
    rows: list[Row] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def child(self, module: str, mode: str, n: int, timeout: float = 900) -> dict[str, Any]:
        cmd = [sys.executable, str(ROOT / "bench" / "child.py"), module, mode, str(n)]
        if self.quick:
            cmd.append("--quick")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout:.0f}s"}
        for line in proc.stdout.splitlines():
            if line.startswith(RESULT_TAG):
                result = json.loads(line[len(RESULT_TAG) :])
                self.raw.append(result)
                return result
            if line.strip():
                self.log.append(line)
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {proc.returncode}: {' | '.join(tail)}"}


def _median(results: list[dict[str, Any]], key: str = "seconds") -> float | None:
    values = [r[key] for r in results if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else None


def _problem(results: list[dict[str, Any]]) -> str | None:
    for r in results:
        if "unavailable" in r:
            return f"not available: {r['unavailable']}"
        if "error" in r:
            return f"error: {r['error']}"
    return None


def _peak(results: list[dict[str, Any]]) -> float | None:
    values = [r["peak_mb"] for r in results if isinstance(r.get("peak_mb"), (int, float))]
    return max(values) if values else None


def paired(
    suite: Suite, stage: str, module: str, app_mode: str, floor_mode: str | None, n: int, reps: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``reps`` × (stage, floor), interleaved; stops early once one of them is unavailable."""
    apps: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    for _ in range(reps):
        apps.append(suite.child(module, app_mode, n))
        if floor_mode:
            floors.append(suite.child(module, floor_mode, n))
        if _problem(apps) or _problem(floors):
            break
    return apps, floors


def add_pair(
    suite: Suite,
    stage: str,
    n: int,
    apps: list[dict[str, Any]],
    floors: list[dict[str, Any]],
    *,
    target: str,
    check: Any,
    note: str = "",
    ratio_inverse: bool = False,
) -> Row:
    row = Row(stage, n, target=target, note=note)
    problem = _problem(apps) or _problem(floors)
    if problem:
        row.verdict, row.note = "n/a", problem
        suite.rows.append(row)
        return row
    row.seconds = _median(apps)
    row.floor = _median(floors) if floors else None
    row.cpu = _median(apps, "cpu_seconds")
    row.peak_mb = _peak(apps)
    if row.seconds and row.floor:
        row.ratio = row.floor / row.seconds if ratio_inverse else row.seconds / row.floor
    if check is not None:
        row.verdict = "PASS" if check(row) else "FAIL"
    row.note = (note + f" [{len(apps)} rep]").strip()
    suite.rows.append(row)
    return row


def print_row(row: Row) -> None:
    def f(v: float | None, fmt: str) -> str:
        return "—" if v is None else format(v, fmt)

    print(
        f"{row.stage:<28} {row.n:>9,} {f(row.seconds, '8.3f')} {f(row.floor, '8.3f')} "
        f"{f(row.ratio, '6.2f')} {row.target:<26} {row.verdict:<5} {f(row.peak_mb, '7.0f')}  {row.note}",
        flush=True,
    )


def reps_for(n: int, cheap: bool, quick: bool) -> int:
    if quick:
        return 1
    if n >= BIG:
        return 2 if cheap else 1
    if n >= 100_000:
        return 2 if cheap else 1
    return 3


def run(
    suite: Suite,
    sizes: list[int],
    stages: set[str],
    report_writers: list[str],
    after_size: Any = None,
) -> None:
    from bench.generate import ensure_files
    from bench.ledger import ensure_ledger

    top = max(sizes)
    best_writer: str | None = None
    print(
        f"{'stage':<28} {'N':>9} {'seconds':>8} {'floor':>8} {'ratio':>6} {'target':<26} {'ok':<5} "
        f"{'peak MB':>7}  note",
        flush=True,
    )
    for n in sizes:
        t0 = time.perf_counter()
        ensure_files(n, xlsx=n <= 100_000 or "xlsx_1m" in stages)
        ensure_ledger(n)
        print(f"  (data for N={n:,} ready in {time.perf_counter() - t0:.1f}s)", flush=True)
        at_big = n >= BIG  # targets are stated for these N; smaller N only show growth

        if "import" in stages:
            apps, floors = paired(
                suite,
                "import CSV",
                "importing",
                "csv",
                "csv_floor",
                n,
                reps_for(n, True, suite.quick),
            )
            print_row(
                add_pair(
                    suite,
                    "import CSV (CP949)",
                    n,
                    apps,
                    floors,
                    target="≤ 2× floor" if at_big else "",
                    check=(lambda r: r.ratio <= 2.0) if at_big else None,
                )
            )
            if n <= 100_000 or "xlsx_1m" in stages:
                apps, floors = paired(
                    suite,
                    "import XLSX",
                    "importing",
                    "xlsx",
                    "xlsx_floor",
                    n,
                    reps_for(n, True, suite.quick),
                )
                is_target = n == 100_000
                print_row(
                    add_pair(
                        suite,
                        "import XLSX",
                        n,
                        apps,
                        floors,
                        target="≤ 1.5× calamine raw" if is_target else "",
                        check=(lambda r: r.ratio <= 1.5) if is_target else None,
                    )
                )

        if "reconcile" in stages:
            apps, floors = paired(
                suite, "reconcile", "reconciling", "app", "floor", n, reps_for(n, True, suite.quick)
            )
            row = add_pair(
                suite,
                "reconcile month",
                n,
                apps,
                floors,
                target="≤ 5 s and ≤ 3× floor" if at_big else "",
                check=(lambda r: r.seconds <= 5.0 and r.ratio <= 3.0) if at_big else None,
            )
            if row.verdict != "n/a":
                parts = [a.get("extra", {}) for a in apps]
                if parts and parts[0]:
                    row.note += " app split " + ", ".join(
                        f"{k} {v:.2f}s" for k, v in parts[0].items()
                    )
                mf = _median(floors, "merge_fee_seconds")
                if mf is not None:
                    row.note += f"; floor merge+fee alone {mf:.2f}s"
            print_row(row)
            mem = Row(
                "reconcile peak memory",
                n,
                target="≤ 1.5 GB" if at_big else "",
                peak_mb=row.peak_mb,
                verdict=("PASS" if (row.peak_mb or 1e9) <= 1536 else "FAIL")
                if at_big and row.peak_mb
                else "",
                note="peak RSS of the reconcile process",
            )
            suite.rows.append(mem)
            print_row(mem)
            if n == top:
                v = suite.child("reconciling", "verify", n)
                vr = Row(
                    "exact = per-row rules", n, seconds=v.get("seconds"), target="0 differences"
                )
                if _problem([v]):
                    vr.verdict, vr.note = "n/a", _problem([v]) or ""
                else:
                    vr.verdict = "PASS" if v["mismatches"] == 0 else "FAIL"
                    vr.note = (
                        f"{v['rows']:,} rows compared (status, amounts, fee, VAT, settlement, "
                        f"difference): {v['mismatches']} differ; {v['not_as_generated']} orders "
                        f"not in the status they were generated for; seconds = per-row reference"
                    )
                    if v["examples"]:
                        vr.note += "; e.g. " + " | ".join(v["examples"][:3])
                    suite.rows.append(
                        Row("  statuses at this N", n, note=json.dumps(v["status_counts"]))
                    )
                suite.rows.append(vr)
                print_row(vr)

        if "report" in stages:
            if n == min(sizes):  # compare the writers once, at the smallest N
                writers = [w for w in report_writers if not (w == "openpyxl" and n > 10_000)]
                medians: dict[str, float] = {}
                apps: list[dict[str, Any]] = []
                floors_by: dict[str, list[dict[str, Any]]] = {w: [] for w in writers}
                for _ in range(reps_for(n, False, suite.quick)):
                    apps.append(suite.child("reporting", "app", n))
                    for w in writers:
                        floors_by[w].append(suite.child("reporting", w, n))
                    if _problem(apps):
                        break
                for w, res in floors_by.items():
                    m = _median(res)
                    if m is not None:
                        medians[w] = m
                        suite.rows.append(
                            Row(
                                f"  xlsx writer bare: {w}",
                                n,
                                seconds=m,
                                peak_mb=_peak(res),
                                cpu=_median(res, "cpu_seconds"),
                            )
                        )
                    elif res:
                        suite.rows.append(
                            Row(f"  xlsx writer bare: {w}", n, note=_problem(res) or "")
                        )
                if medians:
                    best_writer = min(medians, key=medians.__getitem__)
                floors = floors_by.get(best_writer, []) if best_writer else []
                row = add_pair(
                    suite,
                    "Excel report",
                    n,
                    apps,
                    floors,
                    target="",
                    check=None,
                    note=f"floor = fastest bare writer here: {best_writer}",
                )
                print_row(row)
                for r in suite.rows[-len(floors_by) - 1 : -1]:
                    print_row(r)
            else:
                writer = best_writer or "xlsxwriter"
                apps, floors = paired(
                    suite,
                    "Excel report",
                    "reporting",
                    "app",
                    writer,
                    n,
                    reps_for(n, False, suite.quick),
                )
                print_row(
                    add_pair(
                        suite,
                        "Excel report",
                        n,
                        apps,
                        floors,
                        target="≤ 1.3× fastest writer" if at_big else "",
                        check=(lambda r: r.ratio <= 1.3) if at_big else None,
                        note=f"floor = {writer} (fastest bare writer at N={min(sizes):,})",
                    )
                )

        if "sync" in stages and (n <= 100_000 or "sync_1m" in stages):
            is_target = n == 100_000
            apps, floors = paired(
                suite,
                "sync",
                "syncing",
                "app",
                "sequential",
                n,
                1 if n >= 100_000 else reps_for(n, False, suite.quick),
            )
            row = add_pair(
                suite,
                "sync (50 ms/request)",
                n,
                apps,
                floors,
                target="≥ 5× one page at a time" if is_target else "",
                check=(lambda r: r.ratio >= 5.0) if is_target else None,
                ratio_inverse=True,
                note="floor column = one page at a time; ratio = speed-up",
            )
            if apps and apps[0].get("extra"):
                e = apps[0]["extra"]
                row.note += f"; {e.get('payments', 0):,} payments, {e.get('requests', 0)} requests, concurrency {e.get('concurrency')}"
            print_row(row)
            if n == min(sizes):
                cap = suite.child("syncing", "capped", n)
                cr = Row(
                    "sync with rps cap", n, seconds=cap.get("seconds"), peak_mb=cap.get("peak_mb")
                )
                if _problem([cap]):
                    cr.verdict, cr.note = "n/a", _problem([cap]) or ""
                else:
                    e = cap["extra"]
                    cr.target = f"≤ {e['max_requests_per_second']:.0f} requests/s"
                    cr.verdict = (
                        "PASS" if e["rps"] <= e["max_requests_per_second"] * 1.02 else "FAIL"
                    )
                    cr.note = f"measured {e['rps']} requests/s over {e['requests']} requests"
                suite.rows.append(cr)
                print_row(cr)

        if "gui" in stages:
            results = [
                suite.child("gui", "all", n) for _ in range(1 if n >= 100_000 or suite.quick else 2)
            ]
            problem = _problem(results)
            for key, label, limit in (
                ("show_ms", "GUI show result", 300),
                ("sort_ms", "GUI sort (money col)", 300),
                ("sort_text_ms", "GUI sort (text col)", 300),
                ("filter_ms", "GUI filter by status", 300),
                ("stall_ms", "GUI stall during reconcile", 50),
            ):
                r = Row(label, n, target=f"≤ {limit} ms" if at_big else "")
                if problem:
                    r.verdict, r.note = "n/a", problem
                else:
                    ms = _median(results, key)
                    r.seconds = ms / 1000 if ms is not None else None
                    r.peak_mb = _peak(results)
                    if at_big and ms is not None:
                        r.verdict = "PASS" if ms <= limit else "FAIL"
                    r.note = f"{ms:.0f} ms [{len(results)} rep]"
                    if key == "stall_ms":
                        r.note += f"; reconcile+table prep in the worker {_median(results, 'reconcile_in_worker_s'):.1f}s"
                suite.rows.append(r)
                print_row(r)
        if after_size is not None:
            after_size(n)  # a partial RESULTS.md survives an interrupted run


# -- RESULTS.md ----------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    try:
        cpu = [
            l.split(":", 1)[1].strip()
            for l in Path("/proc/cpuinfo").read_text().splitlines()
            if l.startswith("model name")
        ]
        info["CPU"] = f"{cpu[0]} × {len(cpu)}" if cpu else platform.processor()
        mem = [
            l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")
        ]
        info["RAM"] = f"{int(mem[0].split()[1]) / 1024 / 1024:.1f} GiB" if mem else "?"
    except OSError:
        info["CPU"] = platform.processor()
    info["cores (os.cpu_count)"] = str(os.cpu_count())
    info["OS"] = platform.platform()
    info["Python"] = platform.python_version()
    from importlib.metadata import PackageNotFoundError, version

    pkgs = []
    for name in (
        "numpy",
        "pandas",
        "SQLAlchemy",
        "xlsxwriter",
        "openpyxl",
        "python-calamine",
        "rustpy-xlsxwriter",
        "pyexcelerate",
        "httpx",
        "msgspec",
        "PySide6-Essentials",
    ):
        try:
            pkgs.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pkgs.append(f"{name} (not installed)")
    info["packages"] = ", ".join(pkgs)
    info["SQLite"] = __import__("sqlite3").sqlite_version
    return info


def write_results(
    suite: Suite,
    path: Path,
    started: datetime,
    seconds: float,
    load: tuple[str, str],
    sizes: list[int],
) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min total, `python bench/run.py "
        f"--sizes {','.join(map(str, sizes))}`.",
        "",
    ]
    for k, v in machine().items():
        lines.append(f"- **{k}**: {v}")
    lines += [
        f"- **load average** at start / end: {load[0]} / {load[1]} (other work on the machine "
        "inflates wall-clock seconds; `cpu s` is the measured process's own CPU time)",
        "",
        "Each figure is the median of the repetitions shown in the note, each in a fresh process; "
        "the floor was measured in the same run, alternating with the stage. ratio = seconds / "
        "floor (for sync: one-page-at-a-time seconds / seconds, i.e. the speed-up). peak MB = "
        "peak RSS of the measuring process, reset after setup (Python + imports included).",
        "",
        "| stage | N | seconds | floor s | ratio | target | result | peak MB | cpu s | note |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|---|",
    ]

    def f(v: float | None, fmt: str) -> str:
        return "" if v is None else format(v, fmt)

    for r in suite.rows:
        lines.append(
            f"| {r.stage} | {r.n:,} | {f(r.seconds, '.3f')} | {f(r.floor, '.3f')} | {f(r.ratio, '.2f')} "
            f"| {r.target} | {r.verdict} | {f(r.peak_mb, '.0f')} | {f(r.cpu, '.2f')} | "
            f"{r.note.replace('|', '/')} |"
        )
    lines += [
        "",
        "## Growth with N",
        "",
        "| stage | "
        + " | ".join(f"{n:,}" for n in sizes)
        + " | × per 10× N (time) | peak MB by N |",
        "|---|" + "---:|" * len(sizes) + "---|---|",
    ]
    stages = []
    for r in suite.rows:
        if r.stage not in stages and not r.stage.startswith("  ") and r.seconds is not None:
            stages.append(r.stage)
    for st in stages:
        by_n = {r.n: r for r in suite.rows if r.stage == st}
        secs = [by_n[n].seconds if n in by_n else None for n in sizes]
        growth = []
        for a, b, na, nb in zip(secs, secs[1:], sizes, sizes[1:]):
            if a and b:
                growth.append(f"{b / a:.1f}× for {nb / na:.0f}× N")
        peaks = "/".join(f(by_n[n].peak_mb, ".0f") if n in by_n else "" for n in sizes)
        lines.append(
            f"| {st} | "
            + " | ".join(f(s, ".3f") for s in secs)
            + f" | {', '.join(growth)} | {peaks} |"
        )
    lines += [
        "",
        "Raw measurements (one JSON object per child process) are printed by "
        "`python bench/run.py --json`.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Recon benchmark suite")
    ap.add_argument(
        "--sizes", default=None, help="comma-separated N (default 10000,100000,1000000)"
    )
    ap.add_argument("--quick", action="store_true", help="tiny N, one repetition (CI smoke run)")
    ap.add_argument(
        "--stages",
        default="import,reconcile,report,sync,gui",
        help="any of import,reconcile,report,sync,gui (+ xlsx_1m, sync_1m)",
    )
    ap.add_argument("--writers", default="xlsxwriter,rustpy,pyexcelerate,openpyxl")
    ap.add_argument(
        "--out", default=None, help="results file (default bench/RESULTS.md; none with --quick)"
    )
    ap.add_argument("--json", action="store_true", help="also print every raw measurement")
    args = ap.parse_args(argv)
    sizes = [
        int(s)
        for s in (args.sizes or ("2000" if args.quick else "10000,100000,1000000")).split(",")
        if s
    ]
    sizes.sort()
    suite = Suite(quick=args.quick)
    started = datetime.now(UTC)
    load0 = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    t0 = time.perf_counter()
    out = Path(args.out) if args.out else (None if args.quick else ROOT / "bench" / "RESULTS.md")

    def partial(n: int) -> None:
        if out is not None and n != sizes[-1]:
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            write_results(
                suite,
                out,
                started,
                time.perf_counter() - t0,
                (load0, load + f" (partial: up to N={n:,})"),
                sizes,
            )

    run(suite, sizes, {s.strip() for s in args.stages.split(",")}, args.writers.split(","), partial)
    elapsed = time.perf_counter() - t0
    load1 = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    if out is not None:
        write_results(suite, out, started, elapsed, (load0, load1), sizes)
        print(f"\nwrote {out} ({elapsed / 60:.1f} min)")
    if args.json:
        for r in suite.raw:
            print(json.dumps(r, ensure_ascii=False))
    failed = [r for r in suite.rows if r.note.startswith("error:")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
