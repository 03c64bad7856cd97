# The classroom server: JupyterHub (Debian's jupyterhub 3.0) in front of one JupyterLab per student.
# Started by `sudo ./lab hub` from the course's checkout, which must be built (./lab setup) and is only
# read by the students. Every setting a teacher may change is an environment variable named below.
#
# Who is who: students are this machine's users in the group mlm-lab-students (`./lab hub add-student NAME`
# makes one), logging in with their password (PAM). Each student's server runs as that user, so the
# system keeps students apart: homes are private (mode 700), the course checkout is read-only to them.
import os
import pathlib

COURSE = pathlib.Path(__file__).resolve().parent.parent
GROUP = os.environ.get("MLM_LAB_HUB_GROUP", "mlm-lab-students")

c = get_config()  # noqa: F821 (JupyterHub defines it)

c.JupyterHub.bind_url = os.environ.get("MLM_LAB_HUB_URL", "http://:8000")
# The hub's database and cookie secret live in the folder it starts in (build/hub, root's only).
c.JupyterHub.db_url = "sqlite:///jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "jupyterhub_cookie_secret"
# The proxy from npm (hub/proxy, installed by ./lab hub): Debian's own package runs only on Debian's Node.js.
c.ConfigurableHTTPProxy.command = [str(COURSE / "hub" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")]

c.Authenticator.admin_users = set(os.environ.get("MLM_LAB_HUB_ADMINS", "").split())
c.LocalAuthenticator.allowed_groups = {GROUP}

# Each student's JupyterLab, started as the student by hub/start-student: it copies the student edition into
# ~/mlm-lab the first time (work already there is kept) and points the kernel at the course's library.
c.Spawner.cmd = [str(COURSE / "hub" / "start-student")]
c.Spawner.notebook_dir = "~/mlm-lab"
c.Spawner.default_url = "/lab/tree/00-setup-check.ipynb"
# Threads per kernel: with many students on few cores, more threads than a student's share of the cores only
# make every kernel wait (./lab doctor --students N says what fits). 1 unless the teacher sets MLM_LAB_THREADS.
# It caps PyTorch's threads; the same number caps the JVM's own (garbage collector, parallel streams) and
# HuggingFace's tokenizers' (Rust).
THREADS = os.environ.get("MLM_LAB_THREADS", "1")
c.Spawner.environment = {"MLM_LAB_THREADS": THREADS, "JAVA_TOOL_OPTIONS": f"-XX:ActiveProcessorCount={THREADS}",
                         "RAYON_NUM_THREADS": THREADS}
# The class's preset and corpus, when the teacher picks others than the lab's (README, Settings).
for setting in ("MLM_LAB_PRESET", "MLM_LAB_CORPUS"):
    if os.environ.get(setting):
        c.Spawner.environment[setting] = os.environ[setting]
# A whole class logging in at once starts many Java kernels on few cores: give servers time to come up.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
