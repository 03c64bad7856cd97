"""The share of plumbing in each lesson's code: a measure for the readability of the lessons, not a test.

    python3 plumbing.py DIR     (DIR: notebooks/, or a folder of an older version's notebooks)

A line of code counts as plumbing when it is an import, makes or closes an engine manager or parameter store,
handles file paths, or is a solution cell's Exercise.X.begin()/end() line; lines inside solution regions (what the
student writes) are counted apart; blank lines and comments are not counted.
"""
import glob
import json
import os
import re
import sys


def kind(line):
    s = line.strip()
    if not s or s.startswith(("//", "/**", "*")):
        return None
    if (s.startswith(("import ", "Exercise.")) or "NDManager.newBaseManager" in s or re.search(r"\.close\(\);", s)
            or "java.nio" in s or re.search(r"(?<![A-Za-z])Files\.", s) or "Path.of" in s
            or re.match(r"(NDManager|ParameterStore) \w+ = ", s)):
        return "plumbing"
    return "code"


def main(folder):
    for path in sorted(glob.glob(os.path.join(folder, "0*.ipynb"))):
        counts = {"plumbing": 0, "code": 0, "student": 0}
        for cell in json.load(open(path))["cells"]:
            if cell["cell_type"] != "code":
                continue
            inside = False
            for line in "".join(cell["source"]).split("\n"):
                if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                    inside = "BEGIN" in line
                    continue
                k = kind(line)
                if k:
                    counts["student" if inside else k] += 1
        total = sum(counts.values())
        print(f"{os.path.basename(path):26s} lines {total:4d}  plumbing {counts['plumbing']:3d} ({100 * counts['plumbing'] / total:4.1f}%)"
              f"  student {counts['student']:3d} ({100 * counts['student'] / total:4.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1])
