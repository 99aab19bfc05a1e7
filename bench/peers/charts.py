"""PNG charts of one peer-comparison run (matplotlib, Agg backend: no display needed)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter  # noqa: E402

from report import ALGORITHMS, IMPLEMENTATIONS, LABELS  # noqa: E402

COLOURS = {"tessera": "#1f77b4", "floor": "#7f7f7f", "libjwt": "#ff7f0e", "cpp-jwt": "#2ca02c",
           "POCO": "#9467bd", "PyJWT": "#d62728"}
DPI = 80


def subtitle(results):
    kind = "SMOKE RUN, not a measurement" if results.get("smoke") else \
        f"medians of {results['repetitions']} repetitions"
    return f"{results['machine']['cpu']}, {results['machine']['cores']} cores; {kind}"


def grouped_bars(ax, results, op, value, xlabel, scale):
    """One horizontal bar per implementation, grouped by algorithm; n/a where unsupported."""
    height = 0.8 / len(IMPLEMENTATIONS)
    for i, impl in enumerate(IMPLEMENTATIONS):
        for j, alg in enumerate(ALGORITHMS):
            figure = results["operations"][f"{alg} {op}"][impl]
            y = j + (i - (len(IMPLEMENTATIONS) - 1) / 2) * height
            v = value(figure)
            if not v:  # no bar to see: say why at the left edge, whatever the scale
                note = "n/a" if "unsupported" in figure else "?" if v is None else "0"
                ax.text(0.01, y, note, va="center", fontsize=7, color=COLOURS[impl],
                        transform=ax.get_yaxis_transform())
                continue
            ax.barh(y, v, height, color=COLOURS[impl])
    ax.set_yticks(range(len(ALGORITHMS)), ALGORITHMS)
    ax.set_xscale(scale, **({"linthresh": 1} if scale == "symlog" else {}))
    ax.set_xlabel(xlabel)
    ax.set_title(op)
    ax.grid(axis="x", which="both", alpha=0.3)


def two_panels(results, value, xlabel, scale, title, path):
    """verify on the left, sign on the right, algorithms top to bottom."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 6), sharey=True)
    for ax, op in zip(axes, ["verify", "sign"]):
        grouped_bars(ax, results, op, value, xlabel, scale)
    axes[0].invert_yaxis()  # once: the axes share their y axis
    fig.legend(handles=[Patch(color=COLOURS[i], label=LABELS.get(i, i)) for i in IMPLEMENTATIONS],
               loc="lower center", ncol=len(IMPLEMENTATIONS), fontsize=8)
    fig.suptitle(title + "\n" + subtitle(results), fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def throughput(figure):
    return 1e9 / figure["ns"] if "ns" in figure else None


def allocations(figure):
    return figure.get("allocs")


def draw_throughput(results, path):
    two_panels(results, throughput, "operations per second, one thread (log)", "log",
               "JWT sign and verify: tessera, the OpenSSL floor and the peers", path)


def draw_allocations(results, path):
    two_panels(results, allocations, "heap allocations per operation (0, then log)", "symlog",
               "Heap allocations per operation (OpenSSL's included)", path)


def draw_ratios(results, path):
    names = list(results["comparisons"])
    comparisons = [results["comparisons"][n] for n in names]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5), sharey=True)
    ys = range(len(names))
    panels = [(left, "vs_floor", "floor_goal", "tessera against the OpenSSL floor",
               "floor time / tessera time (dashed: the floor; black: goal)"),
              (right, "vs_fastest_peer", "peer_goal", "tessera against the fastest peer",
               "fastest peer's time / tessera time (log; dashed: as fast; black: goal)")]
    for ax, key, goal, title, xlabel in panels:
        values = [c[key] or 0 for c in comparisons]
        ax.barh(ys, values, color=COLOURS["tessera"])
        for y, c, v in zip(ys, comparisons, values):
            label = f" {v:.2f}" + (f" {c['fastest_peer']}" if key == "vs_fastest_peer" else "")
            ax.text(v, y, label, va="center", fontsize=7)
            if c[goal]:
                ax.plot([c[goal]] * 2, [y - 0.4, y + 0.4], color="black", lw=2)
        ax.axvline(1.0, color=COLOURS["floor"], ls="--", lw=1)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", which="both", alpha=0.3)
    left.set_xlim(0, max(1.3, max(c["vs_floor"] or 0 for c in comparisons) * 1.15))
    right.set_xscale("log")
    right.set_xlim(0.5, max(10, max(c["vs_fastest_peer"] or 0 for c in comparisons) * 2))
    right.xaxis.set_major_locator(FixedLocator([0.5, 1, 2, 5, 10, 20, 50]))
    right.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}x"))
    right.xaxis.set_minor_formatter(NullFormatter())
    left.set_yticks(list(ys), names)
    left.invert_yaxis()
    fig.suptitle("Ratios from the same run\n" + subtitle(results), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def draw(results, out):
    """Writes the charts into `out`; returns their paths."""
    paths = [out / "library_peers.png", out / "library_ratios.png", out / "library_allocations.png"]
    draw_throughput(results, paths[0])
    draw_ratios(results, paths[1])
    draw_allocations(results, paths[2])
    return paths
