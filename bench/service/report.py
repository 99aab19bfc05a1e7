"""The results of run.py as a markdown table (stdout) and PNG charts (matplotlib, Agg)."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)

MIB = 1024.0


def _fmt_rate(value):
    return f"{value / 1000:.1f}k" if value >= 1000 else f"{value:.0f}"


def _fmt_ratio(value, spread=None):
    """A ratio, with its range over the runs when there were several."""
    if value is None:
        return ""
    text = f"{value:.2f}" if value < 10 else f"{value:.1f}"
    if spread and spread[0] != spread[1]:
        low, high = spread
        text += f" ({low:.2f}-{high:.2f})" if value < 10 else f" ({low:.1f}-{high:.1f})"
    return text


def markdown(results):
    lines = [f"Medians of {results.get('runs', 1)} run(s); ratios taken within each run, "
             "their range in parentheses; peak RSS: the largest of the runs.", "",
             "| scenario | requests/s | p50 | p99 | / floor | / FastAPI | peak RSS |",
             "|---|---|---|---|---|---|---|"]
    for s in results["scenarios"].values():
        spread = s.get("spread", {})
        lines.append("| {} | {} | {:.2f} ms | {:.2f} ms | {} | {} | {:.1f} MiB |".format(
            s["label"], _fmt_rate(s["requests_per_s"]), s["p50_ms"], s["p99_ms"],
            _fmt_ratio(s.get("to_floor"), spread.get("to_floor")),
            _fmt_ratio(s.get("to_fastapi"), spread.get("to_fastapi")),
            s["memory"]["peak_kib"] / MIB))
    a = results["argon2id"]
    lines += ["", "Argon2id (m={} KiB, t={}, p=1), raw verifications/s: {:.1f} on 1 thread, "
              "{:.1f} on {} threads; tessera logins/s: {:.1f} ({:.2f} of the raw rate)".format(
                  a["memory_kib"], a["iterations"], a["one_thread"]["per_second"],
                  a["pool"]["per_second"], a["pool"]["threads"],
                  results["scenarios"]["tessera_login"]["requests_per_s"],
                  results["ratios"]["login_to_raw_argon2id"])]
    m = results["memory"]
    lines += ["", "| memory | value | bound |", "|---|---|---|"]
    lines.append("| peak RSS, {} connections on /secure-endpoint (ES256) | {:.1f} MiB | < 64 MiB |"
                 .format(m["connections"]["connections"], m["connections"]["peak_kib"] / MIB))
    lines.append("| {} idle keep-alive connections add | {:.1f} MiB | < 32 MiB |".format(
        m["idle"]["connections"], m["idle"]["added_kib"] / MIB))
    lines.append("| login storm adds (peak over the peak under 64 connections without logins) | "
                 "{:.2f} MiB | <= {:.2f} MiB |".format(
        m["login_storm"]["added_kib"] / MIB, m["login_storm"]["bound_kib"] / MIB))
    if "exact_added_kib" in m["login_storm"]:
        lines.append("| the same, exact resident pages sampled every 10 ms (smaps_rollup) | "
                     "{:.2f} MiB | <= {:.2f} MiB |".format(
                         m["login_storm"]["exact_added_kib"] / MIB,
                         m["login_storm"]["bound_kib"] / MIB))
    if "first_logins" in m:
        lines.append("| a fresh server's first logins add (once: per-thread set-up) | {:.2f} MiB | "
                     "|".format(m["first_logins"]["added_kib"] / MIB))
    storm = results.get("ratio_spread", {}).get("storm_p99")
    if storm:
        lines += ["", "p99 during the storm / without, in each run: {:.2f}-{:.2f}".format(*storm)]
    if "login_p99_ms" in m["login_storm"]:
        lines += ["", "logins during the storm (the largest of the runs): {:.1f}/s, p99 {:.2f} s"
                  .format(m["login_storm"]["logins_per_s"], m["login_storm"]["login_p99_ms"] / 1000)]
    lines += ["", "| goal | measured | target | met |", "|---|---|---|---|"]
    for g in results["goals"]:
        lines.append(f"| {g['goal']} | {g['measured']} | {g['target']} | "
                     f"{'yes' if g['met'] else '**no**'} |")
    return "\n".join(lines)


def _bars(ax, labels, values, colors, fmt):
    bars = ax.barh(range(len(labels)), values, color=colors)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    for bar, value in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + fmt(value),
                va="center", fontsize=8)


def _color(name):
    if name.startswith("floor"):
        return "#888888"
    if name.startswith("fastapi"):
        return "#d95f02"
    return "#1b9e77"


def charts(results, out_dir, machine_note):
    paths = []
    scenarios = list(results["scenarios"].items())
    labels = [s["label"] for _, s in scenarios]
    colors = [_color(name) for name, _ in scenarios]

    fig, ax = plt.subplots(figsize=(9, 0.45 * len(labels) + 1.5))
    _bars(ax, labels, [s["requests_per_s"] for _, s in scenarios], colors, _fmt_rate)
    ax.set_xscale("log")
    ax.set_xlabel("requests/s (log scale; more is better)")
    ax.set_title("tessera serve, its floor and the FastAPI app under wrk -t1 -c32\n" + machine_note,
                 fontsize=9)
    fig.tight_layout()
    paths.append(os.path.join(out_dir, "service_throughput.png"))
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(9, 0.55 * len(labels) + 1.5))
    y = range(len(labels))
    ax.barh([i - 0.2 for i in y], [s["p50_ms"] for _, s in scenarios], height=0.4,
            label="p50", color="#7570b3")
    ax.barh([i + 0.2 for i in y], [s["p99_ms"] for _, s in scenarios], height=0.4,
            label="p99", color="#e7298a")
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(5, color="black", linestyle=":", linewidth=1)
    ax.text(5, len(labels) - 0.4, " 5 ms (p99 goal)", fontsize=8)
    ax.set_xlabel("latency, ms (log scale; less is better)")
    ax.set_title("Latency under wrk -t1 -c32 (storm: /secure-endpoint during wrk on /login)\n"
                 + machine_note, fontsize=9)
    ax.legend(loc="lower right")
    fig.tight_layout()
    paths.append(os.path.join(out_dir, "service_latency.png"))
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    m = results["memory"]
    items = [
        ("tessera at rest (ES256)", m["connections"]["rss_before_kib"], None),
        (f"tessera peak, {m['connections']['connections']} connections",
         m["connections"]["peak_kib"], 64 * 1024),
        (f"+ {m['idle']['connections']} idle keep-alive connections", m["idle"]["added_kib"],
         32 * 1024),
        ("+ login storm (peak over peak without)", m["login_storm"]["added_kib"],
         m["login_storm"]["bound_kib"]),
        ("floor peak (c32)", results["scenarios"]["floor"]["memory"]["peak_kib"], None),
        ("FastAPI peak (c32)", results["scenarios"]["fastapi_valid"]["memory"]["peak_kib"], None),
    ]
    fig, ax = plt.subplots(figsize=(9, 4))
    _bars(ax, [i[0] for i in items], [i[1] / MIB for i in items],
          ["#1b9e77"] * 4 + ["#888888", "#d95f02"], lambda v: f"{v:.1f} MiB")
    for index, (_, _, bound) in enumerate(items):
        if bound:
            ax.plot([bound / MIB, bound / MIB], [index - 0.4, index + 0.4], color="red")
    ax.set_xlabel("MiB (red marks: the memory bounds)")
    ax.set_title("Resident memory (VmRSS / VmHWM)\n" + machine_note, fontsize=9)
    fig.tight_layout()
    paths.append(os.path.join(out_dir, "service_memory.png"))
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)
    return paths
