"""Ratios and goals of one run, and the medians of several runs (the machines are noisy: ratios
are taken within a run, where every server met the same conditions, then their median)."""

import copy
import statistics

# A tessera /secure-endpoint figure is divided by the floor; these by the FastAPI figure.
TO_FASTAPI = {"tessera_hs256_valid": "fastapi_valid", "tessera_hs256_invalid": "fastapi_invalid",
              "tessera_es256_warm": "fastapi_valid", "tessera_es256_cold": "fastapi_valid",
              "tessera_login": "fastapi_login"}
FIGURES = ("requests_per_s", "p50_ms", "p75_ms", "p90_ms", "p99_ms", "to_floor", "to_fastapi")


def _ratio(a, b):
    return a / b if b else None


def add_ratios(results, pool_threads):
    """Each tessera figure against the floor and against the FastAPI app, in one run."""
    s = results["scenarios"]
    floor = s["floor"]["requests_per_s"]
    for name, entry in s.items():
        if name.startswith("tessera") and "login" not in name:
            entry["to_floor"] = _ratio(entry["requests_per_s"], floor)
    for name, other in TO_FASTAPI.items():
        s[name]["to_fastapi"] = _ratio(s[name]["requests_per_s"], s[other]["requests_per_s"])
    results["ratios"] = {
        "login_to_raw_argon2id": _ratio(s["tessera_login"]["requests_per_s"],
                                        results["argon2id"]["pool"]["per_second"]),
        "storm_p99": _ratio(s["tessera_hs256_during_storm"]["p99_ms"],
                            s["tessera_hs256_valid"]["p99_ms"]),
    }
    results["memory"]["login_storm"]["bound_kib"] = pool_threads * argon2id_memory_kib(
        results["argon2id"]["memory_kib"])


def argon2id_memory_kib(memory_kib):
    """What one Argon2id verification holds in libsodium: its blocks, `memory_kib` in one mapping,
    and its index array, 8 bytes for each block of a segment (a quarter of the blocks, with one
    lane). The service's allocator policy gives the array a mapping of its own: whole pages, with
    malloc's 16-byte chunk header."""
    index_bytes = memory_kib // 4 * 8 + 16
    return memory_kib + -(-index_bytes // 4096) * 4


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def merge(runs):
    """Medians over runs of every figure and ratio, with their range; memory is the largest
    seen in any run, since its goals are bounds."""
    merged = copy.deepcopy(runs[0])
    merged["runs"] = len(runs)
    for name, entry in merged["scenarios"].items():
        spread = {}
        for key in FIGURES:
            if key in entry:
                values = [r["scenarios"][name][key] for r in runs]
                entry[key] = _median(values)
                spread[key] = [min(values), max(values)]
        entry["spread"] = spread
        for key in entry["memory"]:
            entry["memory"][key] = max(r["scenarios"][name]["memory"][key] for r in runs)
    for key in merged["ratios"]:
        values = [r["ratios"][key] for r in runs]
        merged["ratios"][key] = _median(values)
        merged.setdefault("ratio_spread", {})[key] = [min(values), max(values)]
    for part in ("one_thread", "pool"):
        merged["argon2id"][part]["per_second"] = _median(
            [r["argon2id"][part]["per_second"] for r in runs])
    for part, figures in merged["memory"].items():
        for key in figures:
            if key.endswith("_kib") and key != "bound_kib":
                figures[key] = max(r["memory"][part][key] for r in runs)
    return merged


def add_goals(results):
    s, m, ratios = results["scenarios"], results["memory"], results["ratios"]
    hs, es = s["tessera_hs256_valid"], s["tessera_es256_warm"]
    goals = [
        ("HS256 /secure-endpoint / floor", hs["to_floor"], ">= 0.8", hs["to_floor"] >= 0.8),
        ("HS256 /secure-endpoint / FastAPI", hs["to_fastapi"], ">= 30", hs["to_fastapi"] >= 30),
        ("HS256 /secure-endpoint p99 (ms)", hs["p99_ms"], "< 5", hs["p99_ms"] < 5),
        ("HS256 p99 during a login storm / without", ratios["storm_p99"], "< 2",
         ratios["storm_p99"] < 2),
        ("ES256 warm / floor", es["to_floor"], ">= 0.8", es["to_floor"] >= 0.8),
        ("ES256 warm / FastAPI", es["to_fastapi"], ">= 25", es["to_fastapi"] >= 25),
        ("peak RSS, 64 connections (MiB)", m["connections"]["peak_kib"] / 1024, "< 64",
         m["connections"]["peak_kib"] < 64 * 1024),
        (f"{m['idle']['connections']} idle connections add (MiB)",
         m["idle"]["added_kib"] / 1024, "< 32", m["idle"]["added_kib"] < 32 * 1024),
        ("login storm adds (MiB)", m["login_storm"]["added_kib"] / 1024,
         f"<= {m['login_storm']['bound_kib'] / 1024:.2f} (Argon2id pool)",
         m["login_storm"]["added_kib"] <= m["login_storm"]["bound_kib"]),
    ]
    results["goals"] = [{"goal": g, "measured": round(v, 2), "target": t, "met": bool(ok)}
                        for g, v, t, ok in goals]
