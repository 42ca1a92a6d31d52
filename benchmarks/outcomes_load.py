"""Load benchmark for outcome readings: concurrent caseworkers submitting readings to a real server on PostgreSQL.

    .venv/bin/python benchmarks/outcomes_load.py --users 50 --seconds 600

What it does
1. Creates a fresh PostgreSQL database (127.0.0.1:5432, user postgres) and migrates it.
2. Seeds one organisation, USERS caseworkers and people with consent.
3. Starts the Perthyn WSGI app under waitress on loopback.
4. USERS threads sign in through the login form and, for SECONDS, each opens a reading form (GET) and submits
   it (POST) with every question answered. Prints p50/p95/max latency of the submissions, errors, and checks
   that readings saved in the database == readings acknowledged, each with all its answers.
5. Kill test: starts the server again, fires submissions from every thread, SIGKILLs the server while they
   are in flight, and checks that no reading in the database is half-saved (every reading has all its answers).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_db(name: str) -> str:
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


SEED = r"""
import django, sys
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from perthyn.web.core.models import Membership, Organisation
from perthyn.web.outcomes import services
from perthyn.web.outcomes.models import Consent, Person
users, people = int(sys.argv[1]), int(sys.argv[2])
org = Organisation.objects.create(name="Bench org", slug="bench")
services.settings_for(org)
User = get_user_model()
first = User.objects.create_user("cw0", password=sys.argv[3])
hashed = first.password  # one PBKDF2 hash, reused: the benchmark measures submissions, not hashing
User.objects.bulk_create([User(username=f"cw{i}", password=hashed) for i in range(1, users)])
Membership.objects.bulk_create([Membership(user=u, organisation=org, role="caseworker") for u in User.objects.all()])
bank = services.bank_for(org)
for i in range(users * people):
    p = Person.objects.create(organisation=org, code=f"B-{i:06d}", language="en")
    Consent.objects.create(person=p, language="en", given_by="self", purpose_shown=bank.consent["purpose"].en)
print(len(bank.select(services.settings_for(org).profiles, "adult")))
"""


def env_for(db_url: str, data_dir: str) -> dict:
    env = dict(os.environ, DATABASE_URL=db_url, PERTHYN_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="perthyn.web.settings",
               PERTHYN_SECRET_KEY="bench-secret-key-not-for-production", PERTHYN_CONN_MAX_AGE="600",
               PERTHYN_LOGIN_FAILURE_LIMIT="1000")
    return env


def start_server(env: dict, port: int, threads: int) -> subprocess.Popen:
    proc = subprocess.Popen([PY, "-m", "waitress", f"--listen=127.0.0.1:{port}", f"--threads={threads}",
                             "--connection-limit=400", "perthyn.web.wsgi:application"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/health/", timeout=1)
            return proc
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def sign_in(base: str, username: str) -> requests.Session:
    s = requests.Session()
    r = s.get(base + "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(base + "/accounts/login/", data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
               headers={"Referer": base + "/accounts/login/"}, allow_redirects=False)
    if r.status_code != 302:
        raise RuntimeError(f"sign-in failed for {username}: {r.status_code}")
    return s


FIELD = re.compile(r'name="(token|version|organisation|csrfmiddlewaretoken)" value="([^"]*)"')
RADIO = re.compile(r'name="([a-z_]+)" value="(\d+)"')


def one_reading(s: requests.Session, base: str, code: str, timeout=30):
    """GET the form, POST every answer. Returns (post latency seconds, acknowledged, token)."""
    url = f"{base}/outcomes/o/bench/people/{code}/reading/"
    html = s.get(url, timeout=timeout).text
    fields = dict(FIELD.findall(html))
    answers = {}
    for name, value in RADIO.findall(html):
        answers[name] = value  # the last option of each question
    data = {**fields, **answers, "lang": "en", "taken_on": date.today().isoformat()}
    t0 = time.perf_counter()
    try:
        r = s.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=timeout)
    except requests.RequestException as e:
        raise PostFailed(repr(e)) from e
    return time.perf_counter() - t0, r.status_code == 302, fields.get("token")


class PostFailed(Exception):
    """The submission itself (not the form page) got no answer."""


def check_db(db_url: str, n_questions: int) -> tuple[int, int]:
    with psycopg.connect(db_url) as c:
        total = c.execute("SELECT count(*) FROM outcomes_reading").fetchone()[0]
        partial = c.execute(
            "SELECT count(*) FROM (SELECT r.id, count(a.id) k FROM outcomes_reading r LEFT JOIN outcomes_answer a "
            "ON a.reading_id = r.id GROUP BY r.id) x WHERE k <> %s", (n_questions,)).fetchone()[0]
    return total, partial


def load_phase(base, users, people, seconds, think):
    lat, errors, acked = [], [], []
    lock = threading.Lock()
    ready = threading.Barrier(users)  # everyone signs in first: sign-in hashing is not what is measured
    clock = {}

    def worker(i):
        try:
            s = sign_in(base, f"cw{i}")
        except Exception as e:  # noqa: BLE001
            with lock:
                errors.append(repr(e))
            s = None
        if ready.wait() == 0:
            clock["stop"] = time.monotonic() + seconds
            clock["start"] = time.monotonic()
        ready.wait()
        if s is None:
            return
        time.sleep(random.uniform(0, think))  # users do not all start at the same instant
        k = 0
        while time.monotonic() < clock["stop"]:
            code = f"B-{i * people + (k % people):06d}"
            k += 1
            try:
                dt, ok, token = one_reading(s, base, code)
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(("POST " if isinstance(e, PostFailed) else "GET ") + repr(e))
                continue
            with lock:
                lat.append(dt)
                (acked if ok else errors).append(token if ok else f"status != 302 for {code}")
            if think:
                time.sleep(random.uniform(0.5 * think, 1.5 * think))  # a caseworker between two submissions

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors, acked, time.monotonic() - clock["start"]


def kill_phase(base, users, people, proc, wait_for):
    results = {"acked": 0, "failed": 0}
    lock = threading.Lock()
    sessions = [sign_in(base, f"cw{i}") for i in range(users)]
    go = threading.Event()

    def worker(i):
        go.wait()
        for k in range(3):
            try:
                _dt, ok, _ = one_reading(sessions[i], base, f"B-{i * people + k:06d}", timeout=10)
                with lock:
                    results["acked" if ok else "failed"] += 1
            except Exception:  # noqa: BLE001
                with lock:
                    results["failed"] += 1
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    go.set()
    deadline = time.monotonic() + 60
    while results["acked"] < wait_for and time.monotonic() < deadline:  # kill once submissions are flowing
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)  # no clean shutdown: requests die mid-flight
    proc.wait()
    for t in threads:
        t.join()
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--people", type=int, default=20, help="people per caseworker")
    ap.add_argument("--server-threads", type=int, default=16)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds each user waits between submissions (0 = back to back, a saturation test)")
    ap.add_argument("--database", default="perthyn_outcomes_bench")
    args = ap.parse_args()

    db_url = make_db(args.database)
    data_dir = tempfile.mkdtemp(prefix="perthyn-bench-")
    env = env_for(db_url, data_dir)
    seeded = subprocess.run([PY, "-c", SEED, str(args.users), str(args.people), PASSWORD], env=env, check=True,
                            capture_output=True, text=True)
    n_questions = int(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(env, port, args.server_threads)
    try:
        lat, errors, acked, wall = load_phase(base, args.users, args.people, args.seconds, args.think)
    finally:
        proc.terminate()
        proc.wait()
    saved, partial = check_db(db_url, n_questions)

    proc = start_server(env, port, args.server_threads)
    before, _ = check_db(db_url, n_questions)
    killed = kill_phase(base, args.users, args.people, proc, wait_for=max(1, args.users // 3))
    after, partial_after_kill = check_db(db_url, n_questions)

    ms = sorted(x * 1000 for x in lat)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [float("nan")] * 99
    print()
    print(f"outcomes load benchmark: {args.users} concurrent caseworkers, {wall:.0f} s, PostgreSQL on loopback, "
          f"waitress {args.server_threads} threads, think time {args.think} s, {os.cpu_count()} CPUs (shared)")
    print(f"{'measure':<44}{'value':>14}")
    rows = [
        ("readings sent (POST)", len(lat) + sum(1 for e in errors if e.startswith("POST "))),
        ("readings acknowledged (302)", len(acked)),
        ("readings saved in PostgreSQL", saved),
        ("saved == acknowledged", saved == len(acked)),
        ("duplicate tokens acknowledged", len(acked) - len(set(acked))),
        ("half-saved readings", partial),
        ("errors", len(errors)),
        ("submissions per second", f"{len(lat) / wall:.1f}"),
        ("POST latency p50 (ms)", f"{q[49]:.0f}"),
        ("POST latency p95 (ms)", f"{q[94]:.0f}"),
        ("POST latency max (ms)", f"{max(ms) if ms else float('nan'):.0f}"),
        ("kill test: acknowledged before SIGKILL", killed["acked"]),
        ("kill test: cut off by SIGKILL", killed["failed"]),
        ("kill test: new readings in database", after - before),
        ("  (saved, answer lost with the server)", after - before - killed["acked"]),
        ("kill test: half-saved readings", partial_after_kill),
    ]
    for k, v in rows:
        print(f"{k:<44}{str(v):>14}")
    if errors:
        print("first errors:", *errors[:5], sep="\n  ")
    ok = saved == len(acked) and partial == 0 and partial_after_kill == 0 and after - before >= killed["acked"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
