"""What a student meets in JupyterLab when a cell fails or is stopped, tested at the protocol level.

    python3 protocol_check.py KERNEL

Starts KERNEL (the lab's kernelspec) with jupyter_client and checks, request by request:
1. the kernel's status is known as soon as it answers kernel_info: an "idle" whose parent is not the
   kernel_info request (JupyterLab and Jupyter's server ignore the status of those);
2. Run All stops at the first error: three cells sent at once, the first failing, with stop_on_error
   (as JupyterLab sends them): the two behind it are answered "aborted" and do not run, and the next
   cell sent afterwards runs;
3. the stop button: a cell that waits (Thread.sleep) is interrupted after the kernel's grace time; a cell that
   ignores interrupts (a busy loop) is abandoned after twice the grace time; in both cases the
   interrupt is answered on the control channel and the next cell runs and prints, without a restart.
"""
import sys
import time

from jupyter_client.manager import KernelManager


def replies_to(client, ids, timeout):
    """The shell replies to the requests ids, by id."""
    replies, deadline = {}, time.time() + timeout
    while len(replies) < len(ids) and time.time() < deadline:
        msg = client.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") in ids:
            replies[msg["parent_header"]["msg_id"]] = msg
    missing = [i for i in ids if i not in replies]
    assert not missing, f"no reply within {timeout} s to {len(missing)} request(s)"
    return replies


def printed(client, msg_id):
    """What the request msg_id printed (its stream output), read from iopub until the kernel is idle."""
    text, deadline = "", time.time() + 30
    while time.time() < deadline:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return text
    raise AssertionError("the kernel never went idle after a cell")


def drain(client):
    while True:
        try:
            client.get_iopub_msg(timeout=0.5)
        except Exception:
            return


def main(kernel):
    manager = KernelManager(kernel_name=kernel)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)

        # 1. The status on opening.
        drain(client)
        info = client.kernel_info()
        statuses, deadline = [], time.time() + 10
        while time.time() < deadline:
            try:
                msg = client.get_iopub_msg(timeout=1)
            except Exception:
                break
            if msg["msg_type"] == "status":
                statuses.append((msg["content"]["execution_state"], msg["parent_header"].get("msg_type")))
        tracked = [s for s, parent in statuses if parent != "kernel_info_request"]
        assert "idle" in tracked, f"after kernel_info, no status a front end tracks: {statuses}"
        print(f"  status on opening: {tracked[-1]} (statuses after kernel_info {info[:8]}...: {statuses})")

        # 2. Run All stops at the first error.
        # A front end asks other things meanwhile (here kernel_info): they are answered, and the queue's cells still aborted.
        # The last in the queue is not a cell.
        ids = [client.execute('throw new IllegalStateException("the first cell fails");', stop_on_error=True),
               client.execute('System.out.println("second");', stop_on_error=True),
               client.execute('System.out.println("third");', stop_on_error=True), client.kernel_info()]
        replies = replies_to(client, ids, 60)
        statuses = [replies[i]["content"].get("status", replies[i]["msg_type"]) for i in ids]
        assert statuses == ["error", "aborted", "aborted", "kernel_info_reply"], f"Run All after an error: replies {statuses}"
        drain(client)
        after = client.execute('System.out.println("after the abort");')
        assert replies_to(client, [after], 60)[after]["content"]["status"] == "ok"
        assert "after the abort" in printed(client, after), "the cell after an aborted queue printed nothing"
        print(f"  Run All after an error: replies {statuses}; the next cell runs")

        # 3. The stop button.
        # The lab's own loops stop at the stop button's press (the browser test stops lesson 5's training); other
        # code is interrupted after the kernel's grace time (10 s), and abandoned after as long again.
        for code, within in [("Thread.sleep(120_000);", 20), ("long spins = 0; while (true) { spins++; }", 30)]:
            drain(client)
            cell = client.execute(code)
            time.sleep(3)
            pressed = time.time()
            client.control_channel.send(client.session.msg("interrupt_request", {}))
            control = client.get_control_msg(timeout=within)
            assert control["msg_type"] == "interrupt_reply", f"the interrupt was answered with {control['msg_type']}"
            ended = replies_to(client, [cell], within)[cell]
            took = time.time() - pressed
            assert ended["content"]["status"] == "error", f"a stopped cell replied {ended['content']['status']}"
            drain(client)
            nxt = client.execute('System.out.println("still here");')
            assert replies_to(client, [nxt], 30)[nxt]["content"]["status"] == "ok", "the cell after a stop failed"
            assert "still here" in printed(client, nxt), "the cell after a stop printed nothing"
            print(f"  stop button on `{code}`: the cell ended {took:.1f} s after the interrupt; the next cell runs and prints")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main(sys.argv[1])
