"""A login storm on a tessera server and what it adds to the server's memory: run.py measures
one per run, storm_memory.py one after another on the same server."""

import http.client
import time

import servers
import wrk


def logins_done(server):
    """The service's count of finished logins, from /metrics."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", "/metrics")
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("tessera_logins_total"))


def wait_for_logins_to_drain(server, timeout=60):
    """Waits until the logins a wrk run left queued have all finished (none for 0.5 s)."""
    deadline = time.time() + timeout
    last = logins_done(server)
    while time.time() < deadline:
        time.sleep(0.5)
        now = logins_done(server)
        if now == last:
            return
        last = now
    raise RuntimeError(f"{server.name}: logins still finishing after {timeout} s")


def memory_added(server, login_script, header, warmup_s, seconds, measured_run):
    """One login storm, measured warm, and what it adds to the server's memory.

    The storm is 64 connections: 32 logging in (each login waits behind up to 31 others while
    the hashing threads give way to the token checks: seconds, at times more than wrk's usual
    5 s timeout, which would drop it from the latencies, so it gets 30 s) and 32 on
    /secure-endpoint, `measured_run()`, started a second in with both hashing threads busy.
    First a warm-up storm of the same shape (`warmup_s`, none when 0) and a wait for the logins
    it left queued. The storm's peak is compared with this server's peak under 64 connections
    without logins, so that the figure is what logins add on top of that load; read twice:
    VmHWM, and the exact resident pages sampled every 10 ms (servers.ExactPeak).

    Returns (the memory figures, the /login run's wrk result)."""
    if warmup_s:
        warm = wrk.start(server.url + "/login", warmup_s + 1, script=login_script, timeout_s=30)
        wrk.run(server.url + "/secure-endpoint", warmup_s, 32, header)
        wrk.finish(warm, warmup_s + 1)
    wait_for_logins_to_drain(server)

    servers.reset_peak(server.pid)
    exact = servers.ExactPeak(server.pid)
    wrk.run(server.url + "/secure-endpoint", max(warmup_s, 1), 64, header)
    without = server.memory()["VmHWM"]
    exact_without = exact.stop()

    logins = wrk.start(server.url + "/login", seconds + 2, script=login_script, timeout_s=30)
    time.sleep(1)
    servers.reset_peak(server.pid)
    exact = servers.ExactPeak(server.pid)
    measured_run()
    login_result = wrk.finish(logins, seconds + 2)
    exact_peak = exact.stop()
    # The peak was reset a second into the storm; it covers the rest of the storm too.
    peak = server.memory()["VmHWM"]
    return ({"peak_without_logins_kib": without, "peak_kib": peak,
             "added_kib": peak - without, "exact_added_kib": exact_peak - exact_without},
            login_result)
