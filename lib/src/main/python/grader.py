"""./lab grade: submitted notebooks graded with the teacher edition's own checks, for autograders and teachers
without nbgrader.

    python3 grader.py TEACHER_DIR OUT [--timeout SECONDS] SUBMISSION...   (notebooks, or folders of them)

Each submission is matched to its lesson by the solution cells it holds (nbgrader's grade_id), whatever its
file name. A notebook is built from the teacher's cells with the submission's solution cells in their place:
any other edit, a check cell changed included, does not count (the report says when a check cell was edited).
It runs in a fresh kernel up to its last check, within the time limit (an endless loop fails the checks it did
not reach). Each check's result goes into OUT/gradebook.csv (notebook, lesson, check, points, result, message),
and a summary is printed; the exit status is 1 when any check failed, 0 when all passed, 2 when nothing
could be graded.
"""
import csv
import glob
import os
import sys
import time

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from notebook_runner import Kernel, errors


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def solutions(nb):
    return {nbgrader(c)["grade_id"]: c for c in nb.cells if nbgrader(c).get("solution")}


def lessons(teacher_dir):
    """The teacher edition's lessons that have checks, by file name."""
    out = {}
    for path in sorted(glob.glob(os.path.join(teacher_dir, "*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        if any(nbgrader(c).get("grade") for c in nb.cells):
            out[os.path.basename(path)] = nb
    return out


def submissions(paths):
    found = []
    for p in paths:
        if os.path.isdir(p):
            found += sorted(glob.glob(os.path.join(p, "*.ipynb")))
        elif p.endswith(".ipynb"):
            found.append(p)
        else:
            raise SystemExit(f"grade: {p} is not a notebook (.ipynb) or a folder of them")
    return found


def graded_notebook(teacher, submission):
    """The teacher's cells, each solution cell replaced by the submission's cell of the same grade_id."""
    theirs = solutions(submission)
    nb = nbformat.from_dict(teacher)
    for i, cell in enumerate(nb.cells):
        grade_id = nbgrader(cell).get("grade_id")
        if nbgrader(cell).get("solution") and grade_id in theirs:
            replacement = nbformat.from_dict(theirs[grade_id])
            replacement.outputs = []
            replacement.execution_count = None
            nb.cells[i] = replacement
    return nb


def verdict(cell):
    """PASS or FAIL and the check's first line."""
    error = errors(cell)
    if error:
        first = next((line for line in error.splitlines() if line.strip()), "the check failed")
        return "FAIL", first
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o["output_type"] == "stream")
    passed = next((line for line in text.splitlines() if line.startswith("PASS")), None)
    return ("PASS", passed) if passed else ("FAIL", "the check printed no verdict")


def grade_one(path, lesson, teacher, submission, timeout, logs):
    nb = graded_notebook(teacher, submission)
    edited = {nbgrader(c)["grade_id"] for c in submission.cells if nbgrader(c).get("grade") and nbgrader(c).get("grade_id")
              and "".join(c.source) != "".join(next((t.source for t in teacher.cells if nbgrader(t).get("grade_id") == nbgrader(c)["grade_id"]), ""))}
    checks = [i for i, c in enumerate(nb.cells) if nbgrader(c).get("grade")]
    results = {}
    deadline = time.time() + timeout
    stopped = None
    log_path = os.path.join(logs, os.path.splitext(os.path.basename(path))[0] + ".log")
    with open(log_path, "w") as log, Kernel(nb, path, log) as kernel:
        for index, cell in enumerate(nb.cells[: checks[-1] + 1]):
            if cell.cell_type != "code":
                continue
            kernel.client.timeout = max(1, int(deadline - time.time()))
            try:
                kernel.run(cell, index)
            except (CellTimeoutError, DeadKernelError, TimeoutError) as e:
                stopped = (f"not reached: cell {index + 1} ran past the notebook's time limit of {timeout} s"
                           if not isinstance(e, DeadKernelError) else f"not reached: the kernel died in cell {index + 1}")
                break
            if index in checks:
                results[index] = verdict(cell)
    rows = []
    for index in checks:
        cell = nb.cells[index]
        result, message = results.get(index, ("FAIL", stopped or "not reached"))
        grade_id = nbgrader(cell)["grade_id"]
        if grade_id in edited:
            message += " (this check cell was edited in the submission; the teacher's was run)"
        points = nbgrader(cell).get("points", 1)
        rows.append({"notebook": os.path.basename(path), "lesson": lesson, "check": grade_id,
                     "points": points if result == "PASS" else 0, "of": points, "result": result, "message": message})
    return rows


def main(argv):
    timeout = 600
    if "--timeout" in argv:
        i = argv.index("--timeout")
        timeout = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    teacher_dir, out, paths = argv[0], argv[1], argv[2:]
    teachers = lessons(teacher_dir)
    logs = os.path.join(out, "logs")
    os.makedirs(logs, exist_ok=True)
    rows = []
    for path in submissions(paths):
        try:
            submission = nbformat.read(path, as_version=4)
        except Exception as e:   # not JSON, not a notebook
            print(f"grade: {path} is not a readable notebook ({e}); skipped", file=sys.stderr)
            continue
        ids = set(solutions(submission))
        lesson = next((name for name, nb in teachers.items() if ids & set(solutions(nb))), None)
        if lesson is None:
            print(f"grade: {path} holds none of the lessons' solution cells; skipped", file=sys.stderr)
            continue
        began = time.time()
        graded = grade_one(path, lesson, teachers[lesson], submission, timeout, logs)
        rows += graded
        passed = sum(r["result"] == "PASS" for r in graded)
        print(f"{os.path.basename(path):32s} {lesson:28s} {passed}/{len(graded)} checks passed ({time.time() - began:.0f} s)", flush=True)
    if not rows:
        print("grade: nothing to grade", file=sys.stderr)
        return 2
    book = os.path.join(out, "gradebook.csv")
    with open(book, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["notebook", "lesson", "check", "points", "of", "result", "message"])
        writer.writeheader()
        writer.writerows(rows)
    earned = sum(r["points"] for r in rows)
    total = sum(r["of"] for r in rows)
    failed = [r for r in rows if r["result"] != "PASS"]
    print(f"{earned} of {total} points; {len(failed)} of {len(rows)} checks failed. Gradebook: {book}")
    for r in failed:
        print(f"  FAIL {r['notebook']} {r['check']}: {r['message'][:160]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
