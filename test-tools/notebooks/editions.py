"""The lessons' two editions through Jupyter and the real kernel (nbclient), as a student and a
teacher would meet them.

    python3 editions.py student DIR LOGS    Execute every student notebook in DIR. Each check cell must
                                        fail with "not written yet"; any other failure must be a stub
                                        saying "your turn"; nothing else may fail.
    python3 editions.py mistakes DIR LOGS   For each lesson of the teacher edition in DIR: run it up to its
                                        checks, then put deliberately wrong solutions in place: each
                                        check must fail with the hint that fits (and pass again after).

The kernel is the lab's ("mlm-lab"); a kernel that misses Jupyter's first handshake is started again.
Each kernel's own output goes to LOGS/NAME.log.
"""
import glob
import os
import re
import sys

import nbformat
from nbclient import NotebookClient

KERNEL = "mlm-lab"
STARTS = 8

# Deliberately wrong solutions: (solution cell, check cell, code to replace, wrong code, hint the check must give).
MISTAKES = {
    "01-dataset.ipynb": [
        ("clean-text", "clean-text-check", "Character.isWhitespace(c) || Character.isSpaceChar(c)", "c == ' '",
         "every kind of whitespace"),
        ("clean-text", "clean-text-check", "kept.add(clean);", "kept.add(clean.toLowerCase());", "keep the case"),
        ("split", "split-check", "Collections.shuffle(shuffled, new Random(seed));", "",
         "Collections.shuffle(copy, new Random(seed))"),
    ],
    "02-tokenizer.ipynb": [
        ("merge-loop", "merge-loop-check", 'right.replaceFirst("^##", "")', "right", "without its ##"),
        ("merge-loop", "merge-loop-check", "start.counts()[w]", "1", "times that word's count"),
    ],
    "03-masking.ipynb": [
        ("seed-rule", "seed-rule-check", "if (!vocab.special()[ids[i]]) {", "if (true) {", "did you mask padding?"),
        ("seed-rule", "seed-rule-check", "Arrays.fill(labels, -100);", "", "labels are -100 wherever nothing is hidden"),
    ],
    "04-model.ipynb": [
        ("attention-head", "attention-head-check", ".div(Math.sqrt(d))", "", "1/sqrt(d) scale"),
        ("attention-head", "attention-head-check", "scores.add(mask).softmax(-1)", "scores.softmax(-1)", "did you add the mask?"),
    ],
    "05-training.ipynb": [
        ("masked-loss", "masked-loss-check", ".div(weights.sum())", ".div(weights.size())", "not by all positions"),
        ("training-step", "training-step-check", "NDArray g = w.getGradient().mul(clip);",
         "NDArray g = w.getGradient().mul(Math.min(1, config.clipNorm() / Math.sqrt(w.getGradient().square().sum().getFloat())));",
         "did you clip each tensor on its own?"),
        ("training-step", "training-step-check", "if (decays.contains(e.getValue())) {", "if (true) {",
         "not to norms, biases or embeddings"),
    ],
    "06-prediction.ipynb": [
        ("predict-by-hand", "predict-by-hand-check", "best = maskScores(text).softmax(-1)", "best = maskScores(text)",
         "softmax(-1)"),
        ("predict-by-hand", "predict-by-hand-check", 'out.get(":, " + position + ", :")', 'out.get(":, 0, :")',
         "[MASK]'s position"),
    ],
    "07-token-recovery.ipynb": [
        ("band-accuracy", "band-accuracy-check", "return 100.0 * recovered / tokens;", "return (double) recovered / tokens;",
         "multiply the share by 100"),
    ],
}


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_check(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade", False)


def errors(cell):
    """The text of the cell's error outputs (colour codes removed)."""
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "error":
            out.append(re.sub(r"\x1b\[[0-9;]*m", "", o["evalue"] + "\n" + "\n".join(o.get("traceback", []))))
    return "\n".join(out)


class Kernel:
    """One started kernel for a notebook, started again when it misses the first handshake."""

    def __init__(self, nb, path, logs):
        self.log = open(os.path.join(logs, os.path.basename(path).replace(".ipynb", ".log")), "w")
        self.client = NotebookClient(nb, kernel_name=KERNEL, timeout=None, startup_timeout=30, allow_errors=True,
                                     resources={"metadata": {"path": os.path.dirname(path)}})

    def __enter__(self):
        for attempt in range(1, STARTS + 1):
            try:
                self.client.km = self.client.create_kernel_manager()
                self.client.start_new_kernel(stdout=self.log, stderr=self.log)
                self.client.start_new_kernel_client()
                return self
            except RuntimeError as e:
                if self.client.km is not None:   # nbclient cleans up itself when the client does not start
                    self.client._cleanup_kernel()
                if attempt == STARTS:
                    raise
                print(f"  (the kernel did not start: {e}; starting it again)", flush=True)

    def run(self, cell, index):
        cell.outputs = []
        self.client.execute_cell(cell, index)
        return errors(cell)

    def __exit__(self, *exc):
        if self.client.km is not None:
            self.client._cleanup_kernel()
        self.log.close()


def student(folder, logs):
    failures = []
    for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        name = os.path.basename(path)
        checks = stubs = 0
        with Kernel(nb, path, logs) as kernel:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                error = kernel.run(cell, index)
                if is_check(cell):
                    checks += 1
                    if "not written yet" not in error:
                        failures.append(f"{name}: check {grade_id(cell)} did not say 'not written yet':\n{error[:600]}")
                elif error:
                    stubs += 1
                    if "your turn" not in error:
                        failures.append(f"{name}: cell {index + 1} failed, and not on a stub:\n{error[:600]}")
        print(f"{name:28s} {checks} checks say 'not written yet'; {stubs} other cells stop at a stub", flush=True)
    return failures


def mistakes(folder, logs):
    failures = []
    for name, cases in MISTAKES.items():
        path = os.path.join(folder, name)
        nb = nbformat.read(path, as_version=4)
        cells = {grade_id(c): (i, c) for i, c in enumerate(nb.cells) if grade_id(c)}
        last_check = max(cells[check][0] for _, check, _, _, _ in cases)
        with Kernel(nb, path, logs) as kernel:
            for index, cell in enumerate(nb.cells[:last_check + 1]):
                if cell.cell_type == "code":
                    error = kernel.run(cell, index)
                    if error:
                        failures.append(f"{name}: cell {index + 1} failed in the teacher edition:\n{error[:600]}")
            for solution, check, right, wrong, hint in cases:
                s_index, s_cell = cells[solution]
                c_index, c_cell = cells[check]
                if right not in s_cell.source:
                    failures.append(f"{name}: '{right}' is not in solution {solution}: update the mistake")
                    continue
                broken = nbformat.v4.new_code_cell(s_cell.source.replace(right, wrong))
                error = kernel.run(broken, s_index) or kernel.run(nbformat.v4.new_code_cell(c_cell.source), c_index)
                verdict = "caught" if "FAIL" in error and hint in error else "MISSED"
                if verdict == "MISSED":
                    failures.append(f"{name}: {check} did not say '{hint}' for '{wrong}':\n{error[:600]}")
                first = next((l.strip() for l in error.splitlines() if "FAIL" in l), error.strip()[:100])
                print(f"{name:28s} {check:24s} {verdict}: {first[:110]}", flush=True)
                kernel.run(nbformat.v4.new_code_cell(s_cell.source), s_index)   # the right solution again
                if kernel.run(nbformat.v4.new_code_cell(c_cell.source), c_index):
                    failures.append(f"{name}: {check} failed with the right solution put back")
    return failures


if __name__ == "__main__":
    mode, folder, logs = sys.argv[1:4]
    os.makedirs(logs, exist_ok=True)
    problems = {"student": student, "mistakes": mistakes}[mode](folder, logs)
    for p in problems:
        print("FAILED: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)
