"""The lab's one notebook runner: lessons executed through Jupyter's client (nbclient) and the lab's kernel.
`./lab run`, the tests (editions, the Colab bridge) and the memory benchmark all run notebooks through it.

    python3 notebook_runner.py OUT NOTEBOOK...   execute each notebook in its own kernel, in order, into OUT
                                                 (OUT/NAME.log holds the kernel's own output); print the seconds
                                                 each took; stop at the first failing cell with the end of its log
"""
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

KERNEL = "mlm-lab"
# A kernel that misses Jupyter's first handshake, or dies before it, is started again (a failing cell fails at
# once). rapaio did so in about 1 start in 5 until the library's RapaioLauncher; the retry stays as a guard and
# says so whenever it is used.
STARTS = 3


def errors(cell):
    """The text of a cell's error outputs, colour codes removed."""
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "error":
            out.append(re.sub(r"\x1b\[[0-9;]*m", "", o["evalue"] + "\n" + "\n".join(o.get("traceback", []))))
    return "\n".join(out)


class Kernel:
    """One kernel for one notebook, as a context: started (again, when it misses the first handshake), or given
    already started (`manager`, e.g. over another transport); its own output goes to `log`."""

    def __init__(self, nb, path, log=None, kernel=KERNEL, manager=None, starts=STARTS):
        self.log = log
        self.starts = starts if manager is None else 1
        self.client = NotebookClient(nb, km=manager, kernel_name=kernel, timeout=None, startup_timeout=60, allow_errors=True,
                                     resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        self.given = manager is not None

    def __enter__(self):
        if self.given:
            self.client.start_new_kernel_client()
            return self
        for attempt in range(1, self.starts + 1):
            try:
                self.client.km = self.client.create_kernel_manager()
                self.client.start_new_kernel(stdout=self.log, stderr=self.log)
                self.client.start_new_kernel_client()
                return self
            except RuntimeError as e:
                if self.client.km is not None:   # nbclient cleans up itself when the client does not start
                    self.client._cleanup_kernel()
                if attempt == self.starts:
                    raise
                print(f"  (the kernel did not start: {e}; starting it again)", file=sys.stderr, flush=True)

    @property
    def pid(self):
        return self.client.km.provisioner.process.pid

    def run(self, cell, index):
        """Executes one cell (its outputs replaced); returns the text of its errors, empty when it ran."""
        cell.outputs = []
        self.client.execute_cell(cell, index)
        return errors(cell)

    def run_all(self, nb):
        """Executes the notebook's code cells in order; returns the first error's text, empty when all ran."""
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                error = self.run(cell, index)
                if error:
                    return f"cell {index + 1} failed:\n{error}"
        return ""

    def __exit__(self, *exc):
        if self.given:
            self.client.kc.stop_channels()
        elif self.client.km is not None:
            self.client._cleanup_kernel()


def execute(path, out):
    """Executes the notebook at `path` into folder `out` (with its log); returns the seconds it took, or raises
    RuntimeError with the failure and the end of the kernel's log."""
    nb = nbformat.read(path, as_version=4)
    name = os.path.splitext(os.path.basename(path))[0]
    log_path = os.path.join(out, name + ".log")
    began = time.time()
    with open(log_path, "w") as log, Kernel(nb, path, log) as kernel:
        error = kernel.run_all(nb)
    nbformat.write(nb, os.path.join(out, os.path.basename(path)))
    if error:
        with open(log_path) as log:
            tail = "".join(log.readlines()[-25:])
        raise RuntimeError(f"{os.path.basename(path)}: {error}\n--- the end of the kernel's log ({log_path}):\n{tail}")
    return time.time() - began


def main(out, notebooks):
    os.makedirs(out, exist_ok=True)
    total = time.time()
    print(f"{'notebook':28s} {'seconds':>8s}", flush=True)
    for path in notebooks:
        try:
            seconds = execute(path, out)
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 1
        print(f"{os.path.basename(path):28s} {seconds:8.1f}", flush=True)
    print(f"Executed notebooks (with their outputs) are in {out} ({time.time() - total:.0f} s in all).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
