"""The figures of one peer-comparison run: gathered from Google Benchmark's JSON and PyJWT's,
compared (ratios to the floor and to the fastest peer, goals) and written as markdown."""

ALGORITHMS = ["HS256", "RS256", "PS256", "ES256", "EdDSA"]
OPERATIONS = ["verify", "sign"]
IMPLEMENTATIONS = ["tessera", "floor", "libjwt", "cpp-jwt", "POCO", "PyJWT"]
PEERS = ["libjwt", "cpp-jwt", "POCO", "PyJWT"]
# HS256's floor does the whole JWT job with the fastest means (jwt_floor_bench.cpp); the other
# algorithms' floors are OpenSSL's signature calls, which is where their time goes.
LABELS = {"floor": "floor"}

# What each C++ peer cannot do at all; their benchmarks exist for everything else.
UNSUPPORTED = {
    "libjwt": {"PS256": "libjwt 1.10 has no PS256", "EdDSA": "libjwt 1.10 has no EdDSA"},
    "cpp-jwt": {"PS256": "cpp-jwt 1.4 has no PS256", "EdDSA": "cpp-jwt 1.4 has no EdDSA"},
    "POCO": {"PS256": "POCO 1.11 has no PS256", "EdDSA": "POCO 1.11 has no EdDSA"},
}

# The goals: (operation, against, at least).
FLOOR_GOALS = {"HS256 verify": 0.8, "HS256 sign": 0.6,
               **{f"{a} {o}": 0.9 for a in ALGORITHMS[1:] for o in OPERATIONS}}
PEER_GOALS = {"HS256 verify": 5.0}

NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def benchmark_name(implementation, alg, op):
    """The Google Benchmark name of one figure."""
    if alg == "HS256":
        return {"tessera": f"tessera_hs256_{op}", "floor": f"floor_jwt_hs256_{op}",
                "libjwt": f"libjwt_{op}/HS256", "cpp-jwt": f"cppjwt_{op}/HS256",
                "POCO": f"poco_{op}/HS256"}.get(implementation)
    prefix = {"tessera": "tessera", "floor": "floor", "libjwt": "libjwt", "cpp-jwt": "cppjwt",
              "POCO": "poco"}.get(implementation)
    return f"{prefix}_{op}/{alg}" if prefix else None


def medians(benchmarks):
    """name -> the run's median (or its only run), with errors kept apart."""
    runs, errors, spread = {}, {}, {}
    for b in benchmarks.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            errors[name] = b.get("error_message", "error")
            continue
        if b["run_type"] == "aggregate" and b.get("aggregate_name") == "cv":
            spread[name] = b["real_time"]  # the coefficient of variation, as a fraction
        if b["run_type"] == "aggregate" and b.get("aggregate_name") != "median":
            continue
        scale = NS_PER_UNIT[b.get("time_unit", "ns")]
        runs[name] = {"ns": b["real_time"] * scale, "allocs": b.get("allocs/op"),
                      "items_per_second": b.get("items_per_second")}
    for name, cv in spread.items():
        if name in runs:
            runs[name]["cv"] = cv
    return runs, errors


def collect(benchmarks, pyjwt_times, pyjwt_allocations):
    runs, errors = medians(benchmarks)
    problems = [f"{name}: {message}" for name, message in errors.items()]
    operations = {}
    for alg in ALGORITHMS:
        for op in OPERATIONS:
            row = {}
            for impl in IMPLEMENTATIONS:
                if alg in UNSUPPORTED.get(impl, {}):
                    row[impl] = {"unsupported": UNSUPPORTED[impl][alg]}
                    continue
                if impl == "PyJWT":
                    key = f"{op}/{alg}"
                    seconds = (pyjwt_times or {}).get("results", {}).get(key)
                    allocs = (pyjwt_allocations or {}).get("results", {}).get(key)
                    figure = None if seconds is None else {"ns": seconds * 1e9, "allocs": allocs}
                else:
                    figure = runs.get(benchmark_name(impl, alg, op))
                    if figure is not None:
                        figure = {k: figure[k] for k in ("ns", "allocs", "cv") if k in figure}
                if figure is None:
                    problems.append(f"no result for {impl} {alg} {op}")
                    row[impl] = {"missing": True}
                else:
                    row[impl] = figure
            operations[f"{alg} {op}"] = row
    references = {name: runs[name] for name in
                  ["floor_hs256_sha256_state", "floor_hs256_evp_mac_dup", "openssl_hs256_oneshot",
                   "tessera_verify/ES256K",
                   "floor_verify/ES256K", "tessera_sign/ES256K", "floor_sign/ES256K"]
                  if name in runs}
    one = runs.get("tessera_hs256_verify", {}).get("items_per_second")
    two = runs.get("tessera_hs256_verify/real_time/threads:2", {}).get("items_per_second")
    if two is None:
        problems.append("no result for tessera HS256 verify with 2 threads")
    scaling = {"threads_1_per_second": one, "threads_2_per_second": two,
               "speedup": two / one if one and two else None}
    return {"operations": operations, "references": references, "scaling": scaling,
            "comparisons": compare(operations), "problems": problems}


def fastest_peer(row):
    timed = [(row[p]["ns"], p) for p in PEERS if "ns" in row.get(p, {})]
    return min(timed) if timed else (None, None)


def reached(value, goal):
    return None if value is None or goal is None else value >= goal


def compare(operations):
    """Per operation: floor time / tessera time, and the fastest peer's time / tessera time."""
    comparisons = {}
    for name, row in operations.items():
        ours = row["tessera"].get("ns")
        floor = row["floor"].get("ns")
        peer_ns, peer = fastest_peer(row)
        entry = {"vs_floor": floor / ours if ours and floor else None,
                 "fastest_peer": peer,
                 "vs_fastest_peer": peer_ns / ours if ours and peer_ns else None,
                 "floor_goal": FLOOR_GOALS.get(name), "peer_goal": PEER_GOALS.get(name)}
        entry["floor_goal_met"] = reached(entry["vs_floor"], entry["floor_goal"])
        entry["peer_goal_met"] = reached(entry["vs_fastest_peer"], entry["peer_goal"])
        comparisons[name] = entry
    return comparisons


def time_cell(figure):
    if "unsupported" in figure:
        return "n/a"
    if "ns" not in figure:
        return "missing"
    us = figure["ns"] / 1e3
    return f"{us:.2f}" if us < 10 else f"{us:.1f}" if us < 100 else f"{us:.0f}"


def allocs_cell(figure):
    if "unsupported" in figure:
        return "n/a"
    allocs = figure.get("allocs")
    if allocs is None:
        return "?"
    return f"{allocs:.0f}" if allocs >= 10 else f"{allocs:.1f}".removesuffix(".0")


def goal_cell(value, goal, met, unit=""):
    if value is None:
        return "-"
    text = f"{value:.2f}{unit}"
    if goal is None:
        return text
    return f"**{text}** (goal >= {goal:g}{unit}: {'met' if met else 'missed'})"


def markdown(results):
    names = [LABELS.get(i, i) for i in IMPLEMENTATIONS]
    lines = []
    if results.get("smoke"):
        lines += ["Smoke run: the figures below come from a moment of running, not a measurement.",
                  ""]
    lines += [f"Time per operation, µs (median of {results['repetitions']} repetitions; "
              "PyJWT: timeit, median of as many):", "",
              "| operation | " + " | ".join(names) + " |",
              "|---" * (len(names) + 1) + "|"]
    for name, row in results["operations"].items():
        lines.append(f"| {name} | " + " | ".join(time_cell(row[i]) for i in IMPLEMENTATIONS) + " |")
    notes = sorted({n for peer in UNSUPPORTED.values() for n in peer.values()})
    lines += ["", "n/a: " + "; ".join(notes) + ".", ""]

    lines += ["tessera against the floor (floor time / tessera time) and against the fastest peer "
              "(its time / tessera time):", "",
              "| operation | vs floor | fastest peer | vs fastest peer |", "|---|---|---|---|"]
    for name, c in results["comparisons"].items():
        lines.append(f"| {name} | {goal_cell(c['vs_floor'], c['floor_goal'], c['floor_goal_met'])} "
                     f"| {c['fastest_peer'] or '-'} "
                     f"| {goal_cell(c['vs_fastest_peer'], c['peer_goal'], c['peer_goal_met'], 'x')}"
                     " |")

    lines += ["", "Heap allocations per operation (OpenSSL's and the JSON libraries' included; "
              "PyJWT's counted with PYTHONMALLOC=malloc):", "",
              "| operation | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for name, row in results["operations"].items():
        cells = " | ".join(allocs_cell(row[i]) for i in IMPLEMENTATIONS)
        lines.append(f"| {name} | {cells} |")

    spreads = sorted((f["cv"], f"{impl} {name}") for name, row in results["operations"].items()
                     for impl, f in row.items() if "cv" in f)
    if spreads:
        cv, worst = spreads[-1]
        lines += ["", f"Spread over the repetitions (coefficient of variation): median "
                      f"{spreads[len(spreads) // 2][0]:.1%}, largest {cv:.1%} ({worst})."]
    s = results["scaling"]
    if s["speedup"]:
        lines += ["", f"tessera HS256 verify, one verifier shared by 2 threads: "
                      f"{s['threads_2_per_second'] / 1e6:.2f} M/s against "
                      f"{s['threads_1_per_second'] / 1e6:.2f} M/s with 1 thread "
                      f"({s['speedup']:.2f}x on {results['machine']['cores']} cores)."]
    refs = results["references"]
    names = {"floor_hs256_sha256_state": "SHA-256 state-copy MAC",
             "floor_hs256_evp_mac_dup": "EVP_MAC_CTX_dup MAC", "openssl_hs256_oneshot": "one-shot HMAC()"}
    known = [f"{label} {refs[name]['ns'] / 1e3:.2f} µs" for name, label in names.items() if name in refs]
    if known:
        lines += ["", "HS256 references (the MAC alone, no JWT work): " + ", ".join(known) + "."]
    return "\n".join(lines)
