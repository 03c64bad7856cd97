"""Writes one text corpus in every local form the lab reads, for the tests that run the lessons on them.

    python3 samples.py SOURCE.txt OUT

SOURCE.txt: one text a line. OUT gets sample.txt (the same), sample.jsonl ({"text": ...} a line),
sample.csv (a header and an id and a text column, quoted where needed) and wikitext/ (wiki.train.raw
and wiki.valid.raw in WikiText's raw form: paragraphs of five sentences under " = Heading = " lines,
with the dataset's " @-@ " and " @,@ " tokenisation).
"""
import csv
import json
import os
import sys


def main(source, out):
    texts = [line.rstrip("\n") for line in open(source, encoding="utf-8") if line.strip()]
    os.makedirs(os.path.join(out, "wikitext"), exist_ok=True)
    with open(os.path.join(out, "sample.txt"), "w", encoding="utf-8") as f:
        f.writelines(t + "\n" for t in texts)
    with open(os.path.join(out, "sample.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    with open(os.path.join(out, "sample.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows((i, t) for i, t in enumerate(texts))
    paragraphs = [" ".join(texts[i:i + 5]).replace("-", " @-@ ").replace(",", " @,@ ") for i in range(0, len(texts), 5)]
    cut = len(paragraphs) * 9 // 10
    for name, part in (("wiki.train.raw", paragraphs[:cut]), ("wiki.valid.raw", paragraphs[cut:])):
        with open(os.path.join(out, "wikitext", name), "w", encoding="utf-8") as f:
            for i, p in enumerate(part):
                if i % 20 == 0:
                    f.write(f" \n = Section {i // 20} = \n \n")
                f.write(f" {p} \n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
