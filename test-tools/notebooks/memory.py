"""Peak memory of the lab's kernel, lesson by lesson: a benchmark, not a test.

    python3 memory.py DIR [KERNEL]      (default kernel: mlm-lab, the kernelspec ./lab setup installs)

Executes every notebook in DIR in order, each in a fresh kernel as `./lab run` does, and prints for each
the kernel's peak resident memory (VmHWM of the kernel process and its children: Java heap, JIT, PyTorch's
native arrays, everything) and the Java heap's peak use (the sum of the heap pools' peaks, an upper bound).
Binder gives a whole session about 2 GB; install the kernel with Binder's heap (MLM_LAB_HEAP=768m ./lab setup)
before measuring for it.
"""
import glob
import os
import sys
import time

import nbformat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib", "src", "main", "python"))
from notebook_runner import Kernel  # noqa: E402  (the lab's one notebook runner)

HEAP_PEAK = """long heapPeak = 0;
for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
    if (pool.getType() == java.lang.management.MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed();
}
System.out.println(heapPeak);"""


def process_tree(pid):
    """pid and all its descendants, from /proc."""
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = open(stat).read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += children.get(p, [])
    return tree


def peak_resident_mb(pid):
    total = 0
    for p in process_tree(pid):
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(path, kernel):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(HEAP_PEAK))
    began = time.time()
    with open(os.devnull, "w") as log, Kernel(nb, path, log, kernel=kernel) as running:
        error = running.run_all(nb)
        if error:
            raise RuntimeError(f"{os.path.basename(path)}: {error}")
        seconds = time.time() - began
        resident = peak_resident_mb(running.pid)
        heap = int("".join(o.get("text", "") for o in nb.cells[-1].outputs).strip()) / 2**20
    return seconds, resident, heap


def main(folder, kernel):
    print(f"{'notebook':28s} {'seconds':>8s} {'peak resident MB':>17s} {'heap peak MB':>13s}", flush=True)
    largest = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
        seconds, resident, heap = measure(path, kernel)
        largest = max(largest, resident)
        print(f"{os.path.basename(path):28s} {seconds:8.1f} {resident:17.0f} {heap:13.0f}", flush=True)
    print(f"largest peak resident memory of a lesson's kernel: {largest:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "mlm-lab")
