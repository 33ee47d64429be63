"""Load benchmark: the portal's pages beside a bare Flask page, both under gunicorn.

It starts two gunicorn servers on 127.0.0.1 (the portal, and bench/bare_app.py),
then for each page runs a closed loop: --concurrency client threads, each
sending its next GET as soon as the previous answer is read, for --duration
seconds after --warmup seconds not counted.

Each request comes on a new connection, as a reverse proxy without upstream
keep-alive (nginx's default) sends them. A kept-alive connection stays with the
gunicorn process that accepted it, so with eight of them the chance split of
connections between processes, more than the pages, would decide the p95.

How to read the table:
- requests/s is throughput at that concurrency; p50/p95/p99 are per-request
  latencies in milliseconds seen by the client, so queueing is included.
- "x bare" is a page's requests/s as a fraction of the bare page's in the same run.
- "bare Flask /" is the ceiling for this machine, these gunicorn settings and
  this Python client (which shares the CPU with the servers): read the portal's
  rows against it, not against numbers from another machine.
- errors counts failed requests and answers outside 2xx; a redirect counts
  too, so give pages as their final URL. Any error makes the exit status 1.

Matching: before the servers start it times `flask portal rematch` on the same
database (which also stores the suggestions), and the recomputing of one need's
suggestions in-process, as the job after a change does, for --matching-sample
published needs. To the pages it adds the project catalogue, the page of the
best-scored suggestion's project and need, and that need's suggestions from the
API, sent with an officer's API token created for the run.
"""
import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000  # per page, so a very fast page cannot exhaust memory with latencies
STARTUP_TIMEOUT = 30
BENCH_OFFICER = "officer@demo.isesco.org"  # from `flask portal seed-demo`
NET_ERRORS = (OSError, http.client.HTTPException)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--app", default="portal:create_app()", help="gunicorn app spec of the portal")
    # The README's production advice: two processes per core, since threads of one process
    # share the interpreter lock while rendering, and two threads each to cover database waits.
    p.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers per server")
    p.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    p.add_argument("--concurrency", type=int, default=8, help="client threads")
    p.add_argument("--duration", type=float, default=10, help="seconds measured per page")
    p.add_argument("--warmup", type=float, default=2, help="seconds of uncounted load per page")
    p.add_argument("--pages", default="/ar/,/en/,/ar/organizations/", help="comma-separated portal paths")
    p.add_argument("--health-path", default="/healthz", help="portal path that must answer 200 first")
    p.add_argument("--port", type=int, default=5099, help="portal port")
    p.add_argument("--bare-port", type=int, default=5098, help="bare Flask app port")
    p.add_argument("--matching-sample", type=int, default=200, help="published needs matched one by one")
    args = p.parse_args()
    args.pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    if not args.pages or not all(page.startswith("/") for page in args.pages):
        p.error("--pages must be paths starting with /")
    return args


def start_server(spec, port, args):
    # Whatever already listens there would answer our polls in gunicorn's place.
    with socket.socket() as s:
        if s.connect_ex((HOST, port)) == 0:
            sys.exit(f"port {port} is already in use on {HOST}")
    # No --access-logfile, so gunicorn keeps no access log. --no-control-socket, because
    # both servers (and any other gunicorn of this user) would share the default socket path.
    cmd = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--worker-class", "gthread",
           "--workers", str(args.workers), "--threads", str(args.threads), "--log-level", "warning",
           "--graceful-timeout", "5", "--no-control-socket", spec]
    return subprocess.Popen(cmd, cwd=ROOT)  # cwd: gunicorn imports `portal` and `bench` from here


def wait_ready(proc, port, path, name):
    deadline, last = time.monotonic() + STARTUP_TIMEOUT, "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{name} exited with status {proc.returncode} before answering")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            if (status := get(conn, path)) == 200:
                return
            last = f"HTTP {status}"
        except NET_ERRORS as exc:
            last = repr(exc)
        finally:
            conn.close()
        time.sleep(0.2)
    sys.exit(f"{name} did not answer 200 on {path} within {STARTUP_TIMEOUT} s (last: {last})")


def stop_server(proc):
    proc.terminate()  # gunicorn finishes in-flight requests on SIGTERM (a no-op if it has exited)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def get(conn, path, headers=None):
    try:
        conn.request("GET", path, headers={"Connection": "close", **(headers or {})})
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()  # http.client connects again on the next request


def client(port, path, headers, deadline, cap, results):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    latencies, requests, errors = [], 0, 0
    try:
        while requests < cap and time.perf_counter() < deadline:
            requests += 1
            start = time.perf_counter()
            try:
                status = get(conn, path, headers)
                latencies.append(time.perf_counter() - start)
            except NET_ERRORS:
                status = None  # no answer, so no latency to record
            errors += not (status and 200 <= status < 300)
    finally:
        conn.close()
        results.append((latencies, requests, errors))


def load(port, path, headers, seconds, concurrency):
    """Closed-loop load; returns (requests, errors, requests/s, latencies in seconds)."""
    results, cap = [], -(-MAX_REQUESTS // concurrency)
    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(port, path, headers, start + seconds, cap, results),
                                daemon=True)  # daemon: Ctrl-C must not wait for them
               for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    requests, errors = sum(r for _, r, _ in results), sum(e for _, _, e in results)
    return requests, errors, requests / elapsed, [x for lat, _, _ in results for x in lat]


def rematch_seconds():
    """Wall-clock time of `flask portal rematch` on the bench database (the DATABASE_URL
    this script runs with), start-up included, as an operator sees it."""
    start = time.perf_counter()
    # Its progress goes to stderr with ours, so that stdout keeps only the results.
    subprocess.run([sys.executable, "-m", "flask", "--app", "portal", "portal", "rematch"], cwd=ROOT, check=True,
                   stdout=sys.stderr)
    return time.perf_counter() - start


def matching_pages_and_times(sample):
    """In the portal's app context, after the rematch: the matching pages to load, as (path,
    headers), and the seconds taken to recompute the suggestions of each of `sample`
    published needs, spread over their ids."""
    from portal import create_app
    from portal.accounts.services import find_user_by_email
    from portal.accounts.tokens import create_token
    from portal.extensions import db
    from portal.projects.matching import refresh_needs, suggestible_need_ids
    from portal.projects.models import Suggestion

    with create_app().app_context():
        best = db.session.execute(
            db.select(Suggestion.need_id, Suggestion.project_id)
            .order_by(Suggestion.score.desc(), Suggestion.need_id, Suggestion.project_id).limit(1)
        ).first()
        if best is None:
            sys.exit("no suggestions stored after `flask portal rematch`: run `flask portal seed-demo` first")
        need_id, project_id = best
        # A new token each run: only its hash is stored, so an earlier run's cannot be reused.
        _token, secret = create_token(find_user_by_email(BENCH_OFFICER), "bench")
        pages = [("/en/projects/", {}), (f"/en/projects/{project_id}", {}), (f"/ar/needs/{need_id}", {}),
                 (f"/api/v1/needs/{need_id}/suggestions", {"Authorization": f"Bearer {secret}"})]
        need_ids = suggestible_need_ids()
        seconds = []
        for one_need in need_ids[::max(len(need_ids) // max(sample, 1), 1)][:sample]:
            start = time.perf_counter()
            refresh_needs([one_need])
            db.session.commit()  # part of the work: the job commits what it stored
            seconds.append(time.perf_counter() - start)
    return pages, seconds


def percentiles_ms(seconds, points=(50, 95, 99)):
    """The given percentiles of durations in seconds, in milliseconds."""
    if len(seconds) >= 2:
        cuts = statistics.quantiles(seconds, n=100, method="inclusive")
        return [cuts[point - 1] * 1000 for point in points]
    return [seconds[0] * 1000 if seconds else float("nan")] * len(points)


def print_table(rows):
    head = ("page", "requests", "errors", "requests/s", "x bare", "p50 ms", "p95 ms", "p99 ms")
    width = max(len(label) for label, *_ in [head, *rows])
    print(f"{head[0]:<{width}}" + "".join(f"{h:>12}" for h in head[1:]))
    bare_rate = rows[-1][3]  # the bare Flask page is measured last
    for label, requests, errors, rate, lats in rows:
        p50, p95, p99 = percentiles_ms(lats)
        share = rate / bare_rate if bare_rate else float("nan")
        print(f"{label:<{width}}{requests:>12}{errors:>12}{rate:>12.1f}{share:>12.3f}"
              f"{p50:>12.2f}{p95:>12.2f}{p99:>12.2f}")


def main():
    args = parse_args()
    # Turn `kill` (or make being stopped) into SystemExit, so the finally below still runs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print("  flask portal rematch ...", file=sys.stderr, flush=True)
    rematch = rematch_seconds()
    print(f"  matching {args.matching_sample} needs one by one ...", file=sys.stderr, flush=True)
    matching_pages, matching_seconds = matching_pages_and_times(args.matching_sample)
    servers, rows = [], []
    try:
        servers.append(start_server(args.app, args.port, args))
        servers.append(start_server("bench.bare_app:app", args.bare_port, args))
        wait_ready(servers[0], args.port, args.health_path, f"portal ({args.app})")
        wait_ready(servers[1], args.bare_port, "/", "bare Flask app")
        print(f"gunicorn gthread, {args.workers} workers x {args.threads} threads; {args.concurrency} "
              f"client threads; {args.warmup:g} s warm-up + {args.duration:g} s per page", file=sys.stderr)
        pages = [(page, {}) for page in args.pages]
        pages += [(path, headers) for path, headers in matching_pages if path not in args.pages]
        targets = [(path, args.port, path, headers) for path, headers in pages]
        targets.append(("bare Flask /", args.bare_port, "/", {}))
        for label, port, path, headers in targets:
            print(f"  {label} ...", file=sys.stderr, flush=True)
            load(port, path, headers, args.warmup, args.concurrency)
            rows.append((label, *load(port, path, headers, args.duration, args.concurrency)))
            if any(proc.poll() is not None for proc in servers):
                sys.exit(f"a gunicorn server exited while {label} was measured")
        # What one person waits for a need's suggestions when the portal is not under load.
        suggestions_path, suggestions_headers = matching_pages[-1]
        print(f"  {suggestions_path}, one client ...", file=sys.stderr, flush=True)
        alone = load(args.port, suggestions_path, suggestions_headers, args.duration, 1)
    finally:
        for proc in servers:
            stop_server(proc)
    print_table(rows)
    (alone_p95,) = percentiles_ms(alone[3], (95,))
    print(f"suggestions for one need, one client: p95 {alone_p95:.1f} ms ({alone[0]} requests, {alone[1]} errors)")
    print(f"rematch all needs: {rematch:.1f} s")
    if matching_seconds:  # --matching-sample 0 skips the timing of single needs
        mean_ms, (p95_ms,) = statistics.fmean(matching_seconds) * 1000, percentiles_ms(matching_seconds, (95,))
        print(f"matching time per need: mean {mean_ms:.1f} ms, p95 {p95_ms:.1f} ms ({len(matching_seconds)} needs)")
    if alone[1] or any(errors for _, _, errors, _, _ in rows):
        sys.exit("some pages had errors (failed requests or answers outside 2xx)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers are already stopped; a traceback would only be noise
        sys.exit("interrupted")
