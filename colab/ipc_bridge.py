"""A Jupyter kernel that stands in front of the lab's Java kernel and speaks IPC to the frontend.

Colab starts kernels with transport "ipc" (Unix sockets); the Java kernels' ZeroMQ (JeroMQ) speaks
only TCP. This bridge is the kernel Colab starts: it binds the five channels where the connection
file says (IPC or TCP), starts the real kernel on free TCP ports of 127.0.0.1 with the same key, and
forwards every message both ways, unchanged (so the signatures stay valid).

    python3 ipc_bridge.py REAL_KERNEL_JSON CONNECTION_FILE          (what Jupyter runs)
    python3 ipc_bridge.py --install REAL_KERNEL_JSON KERNELSPEC_DIR    (writes the bridge's kernel.json there)

REAL_KERNEL_JSON is the Java kernel's kernelspec (./lab setup writes build/kernelspec/mlm-lab/kernel.json).
The bridge ends when the real kernel ends, and ends it when it is told to stop.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading

import zmq

CHANNELS = ("shell", "control", "stdin", "iopub", "hb")


def address(connection, channel):
    port = connection[f"{channel}_port"]
    if connection["transport"] == "ipc":
        return f"ipc://{connection['ip']}-{port}"
    return f"tcp://{connection['ip']}:{port}"


def free_tcp_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def start_real_kernel(spec, connection):
    """The Java kernel on TCP, with the frontend's key and signature scheme."""
    inner = dict(connection, transport="tcp", ip="127.0.0.1")
    inner.update({f"{c}_port": p for c, p in zip(CHANNELS, free_tcp_ports(len(CHANNELS)))})
    handle, path = tempfile.mkstemp(prefix="mlm-lab-bridge-", suffix=".json")
    with os.fdopen(handle, "w") as f:
        json.dump(inner, f)
    argv = [path if a == "{connection_file}" else a for a in spec["argv"]]
    env = dict(os.environ, **spec.get("env", {}))
    return subprocess.Popen(argv, env=env), inner, path


def bridge(context, front_type, back_type, front_address, back_address, identity=None):
    """Binds the frontend's side, connects to the kernel's side, and forwards both ways in a thread."""
    front = context.socket(front_type)
    front.bind(front_address)
    back = context.socket(back_type)
    if identity is not None:
        back.setsockopt(zmq.IDENTITY, identity)
    back.connect(back_address)
    threading.Thread(target=zmq.proxy, args=(front, back), daemon=True).start()


def main(spec_path, connection_path):
    with open(spec_path) as f:
        spec = json.load(f)
    with open(connection_path) as f:
        connection = json.load(f)
    kernel, inner, inner_path = start_real_kernel(spec, connection)
    context = zmq.Context()
    # A kernel sends stdin's input requests to the identity that sent the execute request: the bridge's
    # shell and stdin sockets share one, as a Jupyter client's do.
    identity = os.urandom(8).hex().encode()
    for channel in ("shell", "control", "stdin"):
        bridge(context, zmq.ROUTER, zmq.DEALER, address(connection, channel), address(inner, channel),
               identity if channel in ("shell", "stdin") else None)
    bridge(context, zmq.XPUB, zmq.XSUB, address(connection, "iopub"), address(inner, "iopub"))
    bridge(context, zmq.ROUTER, zmq.DEALER, address(connection, "hb"), address(inner, "hb"))

    def stop(signum, frame):
        kernel.terminate()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # interrupts arrive as messages (interrupt_mode "message")
    code = kernel.wait()
    os.unlink(inner_path)
    sys.exit(code)


def install(spec_path, folder):
    """A kernelspec that runs this bridge in front of the real kernel, under the real one's name and language."""
    with open(spec_path) as f:
        spec = json.load(f)
    os.makedirs(folder, exist_ok=True)
    bridge_spec = {
        "argv": [sys.executable, os.path.abspath(__file__), os.path.abspath(spec_path), "{connection_file}"],
        "display_name": spec["display_name"],
        "language": spec["language"],
        "interrupt_mode": "message",
    }
    with open(os.path.join(folder, "kernel.json"), "w") as f:
        json.dump(bridge_spec, f, indent=2)
    print(f"kernelspec written to {folder}: {spec['display_name']} through the IPC bridge")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--install":
        install(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
