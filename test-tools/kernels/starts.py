"""Starts a Jupyter kernel many times and counts the starts that never answer: a benchmark, not a test.

    python3 starts.py [N] [KERNEL]        (default: 100 starts of mlm-lab, the kernelspec ./lab setup installs)

Each start: launch the kernel, wait up to 16 s for its answer to kernel_info (Jupyter's first request),
run `System.out.println(6 * 7);` and require "42", shut it down. Prints one line per start and a summary:
hangs, channel loops the launcher restarted (its log lines), wrong outputs, the logs that hold the
connection key (there should be none) and the other lines the kernel wrote to its log (noise).
"""
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def start_once(kernel, log_path):
    with open(log_path, "w") as log:
        manager = KernelManager(kernel_name=kernel)
        began = time.time()
        manager.start_kernel(stdout=log, stderr=log)
        client = manager.client()
        client.start_channels()
        ready, output = None, ""
        try:
            client.wait_for_ready(timeout=16)
            ready = time.time() - began
            messages = []
            client.execute_interactive("System.out.println(6 * 7);", timeout=60, output_hook=messages.append)
            output = "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream").strip()
        except RuntimeError:
            pass   # never ready: a hang
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    text = open(log_path).read()
    noise = [line for line in text.splitlines() if line.strip() and "restarted the" not in line]
    return ready, output, text.count("restarted the"), manager.session.key.decode() in text, noise


def main(n, kernel):
    hangs = restarts = wrong = leaks = 0
    noise = []
    ready_times = []
    with tempfile.TemporaryDirectory() as logs:
        for i in range(n):
            ready, output, restarted, leaked, other_lines = start_once(kernel, f"{logs}/start-{i}.log")
            hangs += ready is None
            wrong += ready is not None and output != "42"
            restarts += restarted
            leaks += leaked
            noise += other_lines
            if ready is not None:
                ready_times.append(ready)
            state = "HANG" if ready is None else f"ready in {ready:.1f} s, printed {output!r}"
            print(f"start {i + 1:3d}: {state}" + (f", {restarted} loop(s) restarted" if restarted else ""), flush=True)
    median = f"{statistics.median(ready_times):.1f} s" if ready_times else "-"
    print(f"{kernel}: {hangs} hangs in {n} starts; {restarts} channel loops restarted; {wrong} wrong outputs; "
          f"connection key in {leaks} logs; {len(noise)} other log lines; median time to ready {median}")
    for line in sorted(set(noise))[:10]:
        print("  other log line:", line)
    return 1 if hangs or wrong or leaks else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100, sys.argv[2] if len(sys.argv) > 2 else "mlm-lab"))
