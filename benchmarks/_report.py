"""Render one benchmark run (the dict of ``run_all.py``) as a dated RESULTS.md section."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _util import BENCH

RESULTS = BENCH / "RESULTS.md"

HEADER = """# Benchmark results

Measured by `python benchmarks/run_all.py` (see its docstring for what each number is);
each run appends one dated section below and writes its raw JSON to
`benchmarks/results/`. These are measurements on a shared machine, not guarantees: no test
asserts a time. Goals from issue 7: (a) `huaian-forecast assess` no slower than a
statsmodels ETS fit + simulate of one series, as whole processes; (b) `import
huaian_forecast` < 0.5 s without statsmodels / matplotlib / openpyxl; (c) `simulate` of
1,000,000 paths x 2024-2035 within 3x numpy's raw draw time, memory bounded; (d)
`required_lever` at 10,000 paths < 1 s, 6-factor Sobol < 30 s. Goals from issue 16
(from the 2026-11-29 sections on): Sobol at the README setting <= 3x the ETS peer process;
`report` with the four built-in scenarios at 2,000 paths <= 1.5x the ETS peer process;
`simulate` 1,000,000 paths to 2035 <= 3x numpy drawing 4 x 1M x 12 normals in the same
process, peak memory <= 1.5x the returned arrays; one-lever re-run at 10,000 paths <=
0.05 s warm; `assess` <= 1.0x the ETS peer.
"""


def _s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _process_table(procs: dict[str, Any]) -> list[str]:
    lines = ["| process | median wall s | min s | max s | median CPU s | n | peak RSS MiB "
             "| command |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for key, rec in procs.items():
        w = rec["wall_s"]
        lines.append(f"| {key} | {_s(w['median'])} | {_s(w['min'])} | {_s(w['max'])} | "
                     f"{_s(rec['cpu_s']['median'])} | {w['n']} | {rec['peak_rss_mib']:.0f} | "
                     f"`{_short(rec['command'])}` |")
    return lines


def _short(cmd: str) -> str:
    exe_dir = str(Path(sys.executable).parent) + "/"
    return cmd.replace(exe_dir, "").replace(str(BENCH.parent) + "/", "").replace("\n", " ")


def _machine(m: dict[str, Any], json_path: Path) -> list[str]:
    v = m["versions"]
    env = ", ".join(f"{k}={val}" for k, val in m["env"].items())
    return [
        f"Machine: nproc {m['nproc']} (affinity {m['sched_affinity']}), {m['cpu_model']}, "
        f"{m['mem_total_gib']} GiB; {m['platform']}; Python {m['python']}; numpy "
        f"{v['numpy']}, scipy {v['scipy']}, pandas {v['pandas']}, statsmodels "
        f"{v['statsmodels']}; BLAS {m['blas']}. Code: commit {m['git_commit']}.",
        "",
        f"Environment left as is (not changed for the measurement): {env}.",
        "",
        *([f"Bytecode: {m['bytecode']} (before 2026-11-30 the children compiled the "
           "package from source each run, about 0.1 s a process, because this environment "
           "sets PYTHONDONTWRITEBYTECODE=1).", ""] if "bytecode" in m else []),
        f"Load average (1/5/15 min) at start {m['loadavg_start']}, at end "
        f"{m['loadavg_end']}; the machine is shared with other engineers running test "
        f"suites, so every figure is a median of interleaved repetitions, and CPU time "
        f"(user + system of the process) is shown beside wall time: with a load above the "
        f"2 cores, wall time overstates what the code costs. Whole run took "
        f"{m['benchmark_wall_s']} s. Raw JSON: `{json_path.relative_to(BENCH.parent)}`.",
    ]


def _section_a(a: dict[str, Any]) -> list[str]:
    ets, ari = a["peer_split"]["statsmodels_ets"], a["peer_split"]["statsmodels_arima"]
    return [
        "### (a) Whole process: `huaian-forecast assess` vs statsmodels on one series", "",
        *_process_table(a["processes"]), "",
        f"**Ratio assess / ETS (median wall) = {a['ratio_assess_over_ets']:.2f}** (goal <= 1); "
        f"in CPU time {a['ratio_assess_over_ets_cpu']:.2f}. "
        f"Load average {a['loadavg'][0]} -> {a['loadavg'][1]}.", "",
        f"Peer split (one extra run each): ETS import {_s(ets['import_s'])} s, fit "
        f"{_s(ets['fit_s'])} s, simulate {_s(ets['simulate_s'])} s; ARIMA import "
        f"{_s(ari['import_s'])} s, fit {_s(ari['fit_s'])} s, simulate "
        f"{_s(ari['simulate_s'])} s. Series: Jiangsu rd_intensity 2014-2023 from "
        "`data/observations.csv` (2018 interpolated), 12 years ahead, 10,000 paths.", "",
        f"Prophet: {a['prophet']}.",
    ]


def _section_b(b: dict[str, Any]) -> list[str]:
    procs = b["processes"]
    own = procs["import_huaian_forecast"]["wall_s"]["median"]
    base = procs["python_startup"]["wall_s"]["median"]
    top = b["importtime"]["top_cumulative"][:10]
    mods = b["modules"]
    lines = ["### (b) `import huaian_forecast`", "", *_process_table(procs), "",
             f"**`import huaian_forecast` median {own:.3f} s** (goal < 0.5 s); bare "
             f"interpreter start-up {base:.3f} s. Heavy packages in "
             f"`sys.modules` after the import: {', '.join(mods['heavy_imported']) or 'none'}; "
             f"not imported: {', '.join(mods['heavy_not_imported']) or 'none'}.", "",
             "`import_then_touch_simulate` is the bare import plus the first access to "
             "`hf.simulate` and `hf.assess`, which imports their modules (pandas, scipy): the "
             "cost a first real use pays.", "",
             f"`python -X importtime -c \"{b['importtime']['code']}\"` (one run), largest "
             "cumulative entries:", "",
             "| module | cumulative ms | self ms |", "|---|---:|---:|"]
    lines += [f"| {'  ' * r['depth']}{r['module']} | {r['cumulative_ms']:.1f} | "
              f"{r['self_ms']:.1f} |" for r in top]
    return lines


def _section_c(c: dict[str, Any]) -> list[str]:
    count, numpy = c["count"], c["numpy"]
    draws = ", ".join(f"{k}: {v['count']:,} in {v['calls']} calls"
                      for k, v in count["draws"].items())
    sim = c["simulate_s"]
    return [
        f"### (c) `hf.simulate` of {c['n_paths']:,} paths x 2024-2035", "",
        f"Indicators simulated: {', '.join(c['runs'][0]['indicators'])}. Draws made "
        f"(instrumented run, {count['generators_created']} generators): {draws}.", "",
        "| quantity | value |", "|---|---:|",
        f"| simulate, median of {sim['n']} fresh processes (s) | {_s(sim['median'])} |",
        f"| simulate min / max (s) | {_s(sim['min'])} / {_s(sim['max'])} |",
        f"| simulate CPU time, median (s) | {_s(c['simulate_cpu_s']['median'])} |",
        f"| numpy draws CPU time, median (s) | {_s(numpy['draw_cpu_s_median'])} |",
        f"| ratio in CPU time | {c['ratio_cpu_simulate_over_numpy_draws']:.2f} |",
        f"| numpy drawing the same counts, median of 5 (s) | {_s(numpy['draw_s_median'])} |",
        f"| **ratio simulate / numpy draws** (goal <= 3) | "
        f"**{c['ratio_simulate_over_numpy_draws']:.2f}** |",
        f"| time inside the draw calls during simulate (s) | "
        f"{_s(count['seconds_inside_draw_calls'])} |",
        f"| ratio simulate / time inside draws | "
        f"{c['ratio_simulate_over_time_inside_draws']:.2f} |",
        f"| peak RSS of the simulate process (MiB) | {c['peak_rss_mib']:.0f} |",
        f"| RSS before simulate, after import + load_history (MiB) | "
        f"{c['runs'][0]['rss_before_simulate_mib']:.0f} |",
        f"| size of the returned path arrays (MiB) | {c['output_mib']:.0f} |",
        f"| peak RSS of the numpy-only process (MiB) | {numpy['peak_rss_mib']:.0f} |",
        *_issue16_c(c),
        "", f"Load average {c['loadavg'][0]} -> {c['loadavg'][1]}.",
    ]


def _issue16_c(c: dict[str, Any]) -> list[str]:
    if "ratio_over_four_normals_same_process" not in c:
        return []
    run = c["runs"][0]
    return [
        f"| numpy drawing 4 x {c['n_paths']:,} x {len(range(*run['years'])) + 1} standard "
        f"normals, same process (s) | {_s(run['four_normals_s'])} |",
        f"| **ratio simulate / those 4 draws, same process** (issue 16 goal <= 3) | "
        f"**{c['ratio_over_four_normals_same_process']:.2f}** (CPU "
        f"{c['ratio_over_four_normals_cpu']:.2f}) |",
        f"| **peak RSS / returned arrays** (issue 16 goal <= 1.5) | "
        f"**{c['peak_over_output']:.2f}** (growth during simulate / arrays: "
        f"{c['growth_over_output']:.2f}) |",
    ]


def _section_d(d: dict[str, Any]) -> list[str]:
    lines = ["### (d) Inverse solver and sensitivity", ""]
    for kind, label in (("required_lever", "`required_lever`, 10,000 paths"),
                        ("sobol", "Sobol sensitivity")):
        rec = d[kind]
        if rec["status"] == "ok":
            lines.append(f"- {label}: median {rec['median_s']:.3f} s wall "
                         f"({rec.get('median_cpu_s', float('nan')):.3f} s CPU) over "
                         f"{len(rec['samples_s'])} calls (`{rec['function']}` with "
                         f"{rec['kwargs']}); peak RSS {rec['peak_rss_mib']:.0f} MiB.")
            if "stability" in rec:
                lines.append(_stability(rec["stability"]))
        elif rec["status"] == "error":
            lines.append(f"- {label}: call failed, no number recorded (`{rec['function']}`: "
                         f"{rec['error']}).")
        else:
            lines.append(f"- {label}: not yet available (looked for "
                         f"{', '.join(rec['looked_for'])}).")
    return lines + _issue16_d(d)


def _issue16_d(d: dict[str, Any]) -> list[str]:
    ets, pool = d.get("ets_peer_s"), d.get("sobol_pool", {})
    lines = []
    if ets and d["sobol"].get("status") == "ok":
        cpu, ets_cpu = d["sobol"].get("median_cpu_s"), d.get("ets_peer_cpu_s")
        in_cpu = (f"; in CPU time {cpu / ets_cpu:.2f} ({cpu:.3f} s / {ets_cpu:.3f} s)"
                  if cpu and ets_cpu else "")
        lines.append(f"- **Sobol (README setting) / ETS peer process = "
                     f"{d['sobol']['median_s'] / ets:.2f}** (issue 16 goal <= 3; ETS peer "
                     f"{ets:.3f} s from (a){in_cpu}).")
    if pool.get("status") == "ok":
        pp = pool["process_pool_2"]
        lines.append(f"- Same Sobol run, one process: {pool['serial_s']:.3f} s wall "
                     f"({pool['serial_cpu_s']:.3f} s CPU); on a `ProcessPoolExecutor(2)` "
                     f"(spawn; starting the workers and importing the package there took "
                     f"{pool.get('process_pool_startup_s', float('nan')):.2f} s beforehand, "
                     f"not counted): {pp['wall_s']:.3f} s wall, "
                     f"speed-up {pool['serial_s'] / pp['wall_s']:.2f}x, same table as serial: "
                     f"{pp['same_as_serial']}.")
        dask = pool.get("dask_local_cluster_2", pool.get("dask"))
        if isinstance(dask, dict):
            lines.append(f"- dask `LocalCluster(2)` (a `Client` passed as `executor=`; "
                         f"starting the cluster and importing the package on its workers "
                         f"took {pool.get('dask_startup_s', float('nan')):.2f} s beforehand, "
                         f"not counted): {dask['wall_s']:.3f} s wall, speed-up "
                         f"{pool['serial_s'] / dask['wall_s']:.2f}x, same table as serial: "
                         f"{dask['same_as_serial']}.")
        else:
            lines.append(f"- dask: {dask}.")
    elif pool:
        lines.append(f"- Sobol on a process pool: failed ({pool.get('error', pool)}).")
    return lines


def _section_e(e: dict[str, Any]) -> list[str]:
    return ["### (e) `huaian-forecast report` (4 built-in scenarios, 2,000 paths) vs ETS", "",
            *_process_table(e["processes"]), "",
            f"**Ratio report / ETS (median wall) = {e['ratio_report_over_ets']:.2f}** (issue "
            f"16 goal <= 1.5); in CPU time {e['ratio_report_over_ets_cpu']:.2f}. Load "
            f"average {e['loadavg'][0]} -> {e['loadavg'][1]}."]


def _section_f(f: dict[str, Any]) -> list[str]:
    grow, rel = f["grow"], f["relever"]
    lines = ["### (f) Time grown with paths and horizon; one-lever re-run", "",
             "Warm process, median of 3; numpy = 4 x paths x simulated years standard "
             "normals in the same process (the models simulate to at least 2035).", "",
             "| paths | end year | simulated years | simulate s | numpy 4 draws s | ratio |",
             "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['n_paths']:,} | {r['end_year']} | {r['simulated_years']} | "
              f"{r['simulate_s']:.3f} | {r['four_normals_s']:.3f} | {r['ratio']:.1f} |"
              for r in grow["rows"]]
    lines += ["", f"**One-lever re-run at {rel['n_paths']:,} paths (warm; simulate + p_reach "
              f"of every target): median {rel['simulate_and_p_reach_s'] * 1000:.1f} ms** "
              f"(issue 16 goal <= 50 ms; CPU "
              f"{rel.get('simulate_and_p_reach_cpu_s', float('nan')) * 1000:.1f} ms; "
              f"simulate alone {rel['simulate_s'] * 1000:.1f} ms; "
              f"{rel['ratio_over_four_normals']:.1f}x numpy drawing 4 x {rel['n_paths']:,} "
              f"x 12 normals, {rel['four_normals_s'] * 1000:.1f} ms). Load average "
              f"{f['loadavg'][0]} -> {f['loadavg'][1]}."]
    return lines


def _stability(st: dict[str, Any]) -> str:
    def fmt(x: float | None) -> str:
        return "n/a (all NaN)" if x is None else f"{x:.3f}"

    return (f"  It varied {st['n_factors']} factors ({', '.join(st['factors'])}) over "
            f"{st['n_targets']} targets. Stability between "
            f"seeds 2024 and 2025: largest change of a first-order index "
            f"{fmt(st['max_abs_change_first_order'])}, of a total index "
            f"{fmt(st['max_abs_change_total_order'])}; share of NaN indices (metric "
            f"constant) {st['nan_share_first_order']:.2f}.")


def _render(render: Any, title: str, part: dict[str, Any]) -> list[str]:
    if "failed" in part:
        detail = part["failed"].strip().splitlines()
        return [f"### {title}", "", "Failed in this run, no number recorded: "
                f"`{detail[-1] if detail else 'unknown error'}` (full message in the JSON)."]
    return list(render(part))


def append_results(result: dict[str, Any], *, json_path: Path) -> None:
    """Append the dated section of ``result`` to RESULTS.md (created with a header)."""
    m = result["machine"]
    body = [f"## {m['utc']}", "", *_machine(m, json_path), ""]
    for render, title, key in ((_section_a, "(a) assess vs statsmodels", "a_assess_vs_peers"),
                               (_section_b, "(b) import", "b_import"),
                               (_section_c, "(c) simulate at scale", "c_simulate"),
                               (_section_d, "(d) solver and sensitivity", "d_analysis"),
                               (_section_e, "(e) report", "e_report"),
                               (_section_f, "(f) scaling", "f_scaling")):
        if key in result:
            body += [*_render(render, title, result[key]), ""]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + "\n".join(body), encoding="utf-8")
