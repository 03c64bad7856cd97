"""The classroom server under load: N students at once through JupyterHub (./lab hub load-test --students N).

Each simulated student does what a student in class does, through the hub's proxy like a browser: logs in with
a password, gets a JupyterLab, opens lessons 3 and 5 of their own student edition, puts their solutions in (the
teacher edition's), saves, runs every cell in the real kernel, and keeps both kernels open. Lesson 5 trains for
--minutes instead of the preset's four (a short lesson 5, set in its Settings cell as a student would).
Then each student tries to read another's notebook and to write into the course: both must fail.

Prints one row per student (seconds to a ready server, seconds per lesson, checks passed, isolation) and the
machine's memory: the peak in use above what it used before the hub started, and each student's processes at
their peak. Exit status 1 when any check, cell or isolation test failed. Students are made as users
mlm-load-1..N (removed afterwards) with hub/jupyterhub_config.py's settings; run as root.
"""
import argparse
import json
import os
import pathlib
import pwd
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
import websocket

ROOT = pathlib.Path(__file__).resolve().parents[2]
LESSONS = ["03-masking", "05-training"]
SETTINGS = ".withLayout(BatchLayout.packed(Preset.MAX_LENGTH, false));"
CELL_TIMEOUT = 1800


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=0.5, help="lesson 5's training budget (the preset's: 4)")
    parser.add_argument("--threads", default=os.environ.get("MLM_LAB_THREADS", "1"), help="MLM_LAB_THREADS for every kernel")
    parser.add_argument("--port", type=int, default=0, help="the hub's port (default: a free one)")
    parser.add_argument("--browser", metavar="DIR", help="also open the first student's lesson 3 in JupyterLab through the hub in "
                        "Chromium (test-tools/browser/jupyterlab.mjs: Run All, charts, tables, token strips), screenshot in DIR")
    args = parser.parse_args()
    if args.students < 2:
        parser.error("--students must be 2 or more: each student tries to read the next one's files")
    if os.geteuid() != 0:
        sys.exit("load_test: run as root (sudo ./lab hub load-test): it adds the students' users and starts the hub")

    names = [f"mlm-load-{i}" for i in range(1, args.students + 1)]
    for name in names:
        if user_exists(name):
            remove_user(name)   # left by a run that was killed
    made = subprocess.run([str(ROOT / "lab"), "hub", "add-student", *names], check=True, capture_output=True, text=True).stdout
    passwords = dict(line.split() for line in made.splitlines() if line.strip())
    state = pathlib.Path(tempfile.mkdtemp(prefix="mlm-hub-"))
    base = f"http://127.0.0.1:{args.port or free_port()}"
    memory = MemorySampler(names)
    hub = None
    try:
        memory.start()
        env = dict(os.environ, MLM_LAB_HUB_URL=base, MLM_LAB_THREADS=str(args.threads))
        log = open(state / "hub.log", "w")
        # The browser check reads JupyterLab's state from the page, which JupyterLab shows only when asked.
        expose = ["--Spawner.args=['--LabApp.expose_app_in_browser=True']"] if args.browser else []
        # Ports of its own for the hub's internal API and the proxy's, beside any hub already serving a class here.
        ports = [f"--JupyterHub.hub_port={free_port()}", f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"]
        hub = subprocess.Popen(["jupyterhub", "-f", str(ROOT / "hub" / "jupyterhub_config.py"), *ports, *expose], cwd=state, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: requests.get(base + "/hub/api", timeout=2).ok, 60, "the hub did not answer (its log: %s)" % (state / "hub.log"))
        print(f"Hub up at {base}: {args.students} students, MLM_LAB_THREADS={args.threads}, lesson 5 for {args.minutes} min", flush=True)
        students = [Student(base, name, passwords[name], args.minutes) for name in names]
        threads = [threading.Thread(target=s.work) for s in students]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        for i, s in enumerate(students):
            s.isolation(students[(i + 1) % len(students)])
        report(students, memory.stop(), wall)
        ok = all(s.ok() for s in students)
        if args.browser and students[0].token:
            ok &= in_the_browser(students[0], pathlib.Path(args.browser))
    finally:
        for name in names:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        if hub:
            hub.terminate()
            hub.wait(30)
        for name in names:
            remove_user(name)
        shutil.rmtree(state, ignore_errors=True)
    print("PASS: every student's cells and checks ran, and no student could read another's files or change the course."
          if ok else "FAIL: see the rows above")
    sys.exit(0 if ok else 1)


class Student:
    """One simulated student: a session with the hub, their JupyterLab's API, what happened and how long it took."""

    def __init__(self, base, name, password, minutes):
        self.base, self.name, self.password, self.minutes = base, name, password, minutes
        self.seconds = {}
        self.checks = {}
        self.failures = []
        self.kernels = []
        self.token = None

    def work(self):
        try:
            started = time.monotonic()
            self.log_in()
            self.seconds["ready"] = time.monotonic() - started
            for lesson in LESSONS:
                started = time.monotonic()
                self.run_lesson(lesson)
                self.seconds[lesson] = time.monotonic() - started
        except Exception as e:  # one student's failure is reported in their row, the others go on
            self.failures.append(f"{type(e).__name__}: {e}")

    def log_in(self):
        """The login form with the student's password (PAM), a token for the API, then their server."""
        session = requests.Session()
        reply = session.post(self.base + "/hub/login", data={"username": self.name, "password": self.password}, allow_redirects=False)
        if reply.status_code != 302:
            raise RuntimeError(f"login refused ({reply.status_code})")
        reply = session.post(f"{self.base}/hub/api/users/{self.name}/tokens", json={"note": "load test"},
                             headers={"Referer": self.base + "/hub/"})
        reply.raise_for_status()
        self.token = reply.json()["token"]
        self.api("post", f"/hub/api/users/{self.name}/server", expect=(201, 202))
        wait_for(lambda: self.api("get", f"/hub/api/users/{self.name}").json()["servers"].get("", {}).get("ready"), 300,
                 "the student's server did not start")

    def api(self, method, path, expect=(200,), **kwargs):
        reply = requests.request(method, self.base + path, headers={"Authorization": "token " + self.token}, timeout=60, **kwargs)
        if reply.status_code not in expect:
            raise RuntimeError(f"{method.upper()} {path}: {reply.status_code} {reply.text[:200]}")
        return reply

    def run_lesson(self, lesson):
        """Their own copy of the lesson, with the solutions in and saved, run cell by cell in a new kernel."""
        path = f"/user/{self.name}/api/contents/{lesson}.ipynb"
        notebook = self.api("get", path).json()["content"]
        solve(notebook, lesson, self.minutes)
        self.api("put", path, json={"type": "notebook", "format": "json", "content": notebook})
        kernel = self.api("post", f"/user/{self.name}/api/kernels", expect=(201,), json={"name": "mlm-lab", "path": lesson + ".ipynb"}).json()
        self.kernels.append(kernel["id"])
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
                continue
            text, error = self.execute(kernel["id"], "".join(cell["source"]))
            grader = cell.get("metadata", {}).get("nbgrader", {})
            if grader.get("grade"):
                passed = error is None and any(line.startswith("PASS") for line in text.splitlines())
                self.checks[f"{lesson}:{grader['grade_id']}"] = passed
            if error:
                raise RuntimeError(f"{lesson}: a cell failed: {error}")

    def execute(self, kernel, code, timeout=CELL_TIMEOUT):
        """Runs code over the kernel's websocket, as JupyterLab does; its stream text, and its error or None."""
        url = f"{self.base.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/{kernel}/channels"
        ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=timeout)
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name, "session": uuid.uuid4().hex,
                           "date": "", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            text, error, replied, idle = [], None, False, False
            while not (replied and idle):
                message = json.loads(ws.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    text.append(content["text"])
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"[:300]
                elif kind == "execute_reply":
                    replied = True
                    if content["status"] != "ok" and error is None:
                        error = content.get("evalue", content["status"])
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
            return "".join(text), error
        finally:
            ws.close()

    def isolation(self, other):
        """From this student's kernel: another student's notebook cannot be read, the course cannot be changed; over
        HTTP, this student's token does not open the other's server."""
        if not self.kernels:
            return
        theirs = pathlib.Path(pwd.getpwnam(other.name).pw_dir) / "mlm-lab" / "03-masking.ipynb"
        course = ROOT / "data" / f"written-by-{self.name}"
        probe = (f'for (String p : new String[] {{"{theirs}", "{course}"}}) {{\n'
                 f'    try {{ if (p.endsWith("ipynb")) java.nio.file.Files.readString(java.nio.file.Path.of(p));'
                 f' else java.nio.file.Files.writeString(java.nio.file.Path.of(p), "x"); System.out.println("ALLOWED " + p); }}\n'
                 f'    catch (java.io.IOException e) {{ System.out.println("REFUSED " + p + " " + e.getClass().getSimpleName()); }}\n}}')
        text, error = self.execute(self.kernels[-1], probe, timeout=60)
        reply = requests.get(f"{self.base}/user/{other.name}/api/contents", headers={"Authorization": "token " + self.token},
                             allow_redirects=False, timeout=60)
        self.refused = {"read another's notebook": f"REFUSED {theirs}" in text,
                        "write into the course": f"REFUSED {course}" in text,
                        "open another's server": reply.status_code in (302, 403, 404)}
        if error or not all(self.refused.values()):
            self.failures.append(f"isolation: {error or text.strip()} | another's server answered {reply.status_code}")

    def ok(self):
        return not self.failures and self.checks and all(self.checks.values()) and all(getattr(self, "refused", {False: 0}).values())


def in_the_browser(student, folder):
    """The student's lesson 3 (solutions in, saved) as their browser shows it through the hub: Run All in JupyterLab."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"{student.base}/user/{student.name}/lab/tree/{LESSONS[0]}.ipynb?token={student.token}"
    shot = folder / f"hub-{LESSONS[0]}.png"
    print(f"  {student.name}'s {LESSONS[0]} in JupyterLab through the hub, in Chromium: ", end="", flush=True)
    done = subprocess.run(["node", str(ROOT / "test-tools" / "browser" / "jupyterlab.mjs"), url, str(shot)])
    return done.returncode == 0


def solve(notebook, lesson, minutes):
    """What a student who got every task right has: the teacher edition's solution cells in place of the stubs, and
    a short lesson 5 (its Settings cell given a smaller time budget)."""
    teacher = json.load(open(ROOT / "notebooks" / f"{lesson}.ipynb"))
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in teacher["cells"]
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    for cell in notebook["cells"]:
        grader = cell.get("metadata", {}).get("nbgrader", {})
        if grader.get("solution"):
            cell["source"] = solutions[grader["grade_id"]]
        source = "".join(cell["source"])
        if lesson == "05-training" and SETTINGS in source:
            cell["source"] = source.replace(SETTINGS, SETTINGS[:-1] + f"\n        .withMinutes({minutes});")


class MemorySampler(threading.Thread):
    """Every second: the machine's memory in use (MemTotal - MemAvailable) and each student's processes' resident memory."""

    def __init__(self, names):
        super().__init__(daemon=True)
        self.uids = {pwd.getpwnam(n).pw_uid: n for n in names}
        self.baseline = used_mb()
        self.peak = 0.0
        self.student_peak = {n: 0.0 for n in names}
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, used_mb())
            for name, mb in resident_by_user(self.uids).items():
                self.student_peak[name] = max(self.student_peak[name], mb)
            time.sleep(1)

    def stop(self):
        self.running = False
        self.join()
        return self


def used_mb():
    info = {line.split(":")[0]: int(line.split()[1]) for line in open("/proc/meminfo")}
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def resident_by_user(uids):
    """Resident MB of all processes of each of these users (their JupyterLab and kernels)."""
    total = {name: 0.0 for name in uids.values()}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
        except OSError:
            continue
        uid = int(status["Uid"].split()[0])
        if uid in uids and "VmRSS" in status:
            total[uids[uid]] += int(status["VmRSS"].split()[0]) / 1024
    return total


def report(students, memory, wall):
    print(f"\n| student | server ready s | lesson 3 s | lesson 5 s | checks | isolation | peak MB (server + 2 kernels) |")
    print("|---|---|---|---|---|---|---|")
    for s in students:
        passed = sum(s.checks.values())
        print(f"| {s.name} | {s.seconds.get('ready', float('nan')):.1f} | {s.seconds.get(LESSONS[0], float('nan')):.0f} "
              f"| {s.seconds.get(LESSONS[1], float('nan')):.0f} | {passed}/{len(s.checks)} "
              f"| {'ok' if all(getattr(s, 'refused', {0: False}).values()) else 'NO'} | {memory.student_peak[s.name]:,.0f} |")
        for failure in s.failures:
            print(f"    {s.name}: {failure}")
    per_student = [memory.student_peak[s.name] for s in students]
    print(f"\nAll {len(students)} students done in {wall:.0f} s. Memory in use: {memory.baseline:,.0f} MB before the hub, "
          f"peak {memory.peak:,.0f} MB (+{memory.peak - memory.baseline:,.0f} MB); a student's processes at their peak: "
          f"median {statistics.median(per_student):,.0f} MB, largest {max(per_student):,.0f} MB.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds, failure):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (requests.RequestException, KeyError):
            pass
        time.sleep(0.5)
    raise RuntimeError(failure)


def user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def remove_user(name):
    subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


if __name__ == "__main__":
    main()
