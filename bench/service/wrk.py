"""Runs wrk and reads its report: requests/s, latency percentiles, errors, non-2xx answers."""

import os
import re
import statistics
import subprocess

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}  # to milliseconds

LOGIN_LUA = """wrk.method = "POST"
wrk.body = '{"username":"test","password":"password"}'
wrk.headers["Content-Type"] = "application/json"
"""

# A new token on every request: the list is read once per Lua state and walked in order, so a
# token comes back only after every other one was sent.
TOKENS_LUA = """local tokens = {}
for line in io.lines("%s") do tokens[#tokens + 1] = line end
local next_token = 0
request = function()
  next_token = next_token %% #tokens + 1
  return wrk.format("GET", "/secure-endpoint", {["Authorization"] = "Bearer " .. tokens[next_token]})
end
"""


class WrkError(RuntimeError):
    pass


def _milliseconds(text):
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not match:
        raise WrkError(f"unreadable latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse(output):
    """The figures of one `wrk --latency` report."""
    result = {}
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ([0-9.]+)(us|ms|s|m)", output, re.M)
    if not rps or not total:
        raise WrkError("no requests/s in wrk's output:\n" + output)
    result["requests_per_s"] = float(rps.group(1))
    result["requests"] = int(total.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
        if not m:
            raise WrkError(f"no {pct}th percentile in wrk's output:\n" + output)
        result[f"p{pct}_ms"] = _milliseconds(m.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    result["socket_errors"] = sum(int(g) for g in errors.groups()) if errors else 0
    return result


def combine(turns):
    """One figure from several runs of the same scenario: requests/s over all of them (their
    requests over their time), latency percentiles the medians of theirs, errors summed."""
    seconds = sum(t["requests"] / t["requests_per_s"] for t in turns if t["requests_per_s"])
    result = {"requests": sum(t["requests"] for t in turns)}
    result["requests_per_s"] = result["requests"] / seconds if seconds else 0.0
    for pct in ("50", "75", "90", "99"):
        result[f"p{pct}_ms"] = statistics.median(t[f"p{pct}_ms"] for t in turns)
    for key in ("non_2xx", "socket_errors"):
        result[key] = sum(t[key] for t in turns)
    result["turns_requests_per_s"] = [t["requests_per_s"] for t in turns]
    result["command"] = f"{turns[0]['command']} ({len(turns)} turns)"
    return result


def command(url, seconds, connections=32, header=None, script=None, timeout_s=5):
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout",
            f"{timeout_s}s"]
    if header:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    return args + [url]


def run(url, seconds, connections=32, header=None, script=None):
    """Runs wrk to completion (bounded by a timeout) and returns the parsed figures."""
    args = command(url, seconds, connections, header, script)
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30,
                          check=False)
    if done.returncode != 0:
        raise WrkError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    result = parse(done.stdout)
    result["command"] = " ".join(args)
    return result


def start(url, seconds, connections=32, header=None, script=None, timeout_s=5):
    """Starts wrk in the background; finish() waits for it and parses its report."""
    args = command(url, seconds, connections, header, script, timeout_s)
    return args, subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(started, seconds):
    args, process = started
    try:
        out, err = process.communicate(timeout=seconds + 30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise WrkError(f"{' '.join(args)} did not finish")
    if process.returncode != 0:
        raise WrkError(f"{' '.join(args)} exited {process.returncode}:\n{err}")
    result = parse(out)
    result["command"] = " ".join(args)
    return result


def write_scripts(directory, tokens_file=None):
    """The Lua scripts, written into `directory`; returns their paths by name."""
    paths = {"login": os.path.join(directory, "login.lua")}
    with open(paths["login"], "w") as f:
        f.write(LOGIN_LUA)
    if tokens_file:
        paths["tokens"] = os.path.join(directory, "tokens.lua")
        with open(paths["tokens"], "w") as f:
            f.write(TOKENS_LUA % tokens_file)
    return paths
