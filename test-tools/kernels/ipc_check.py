"""The Colab bridge, tested here: a lesson executed through colab/ipc_bridge.py over Jupyter's IPC transport.

    python3 ipc_check.py KERNEL NOTEBOOK OUT

Starts KERNEL (a kernelspec that runs the bridge) the way Colab does, with transport "ipc", executes
NOTEBOOK through it with nbclient, writes the executed notebook to OUT, and checks that the connection
really was IPC, that the outputs came back (text and images), and that the Java kernel ends with the bridge.
"""
import json
import os
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib", "src", "main", "python"))
from notebook_runner import Kernel  # noqa: E402  (the lab's one notebook runner)


def children(pid):
    found = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            if open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == str(pid):
                found.append(p)
        except OSError:
            pass
    return found


def main(kernel, notebook, out):
    manager = KernelManager(kernel_name=kernel, transport="ipc")
    manager.start_kernel()
    with open(manager.connection_file) as f:
        transport = json.load(f)["transport"]
    assert transport == "ipc", f"the kernel was started with transport {transport}, not ipc"
    bridge_pid = manager.provisioner.process.pid
    nb = nbformat.read(notebook, as_version=4)
    try:
        with Kernel(nb, notebook, manager=manager) as kernel:
            error = kernel.run_all(nb)
        assert not error, f"{os.path.basename(notebook)} through the IPC bridge: {error}"
    finally:
        java = children(bridge_pid)
        manager.shutdown_kernel(now=False)
    nbformat.write(nb, out)
    kinds = {k for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", []) for k in o.get("data", {"text/plain": 0})}
    assert "image/png" in kinds, f"no image came back through the bridge: {kinds}"
    time.sleep(1)
    alive = [p for p in java if os.path.exists(f"/proc/{p}")]
    assert not alive, f"the Java kernel outlived the bridge: pids {alive}"
    cells = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"{os.path.basename(notebook)} through the IPC bridge: {cells} code cells executed, outputs {sorted(kinds)}; "
          f"the Java kernel ended with the bridge")


if __name__ == "__main__":
    main(*sys.argv[1:4])
