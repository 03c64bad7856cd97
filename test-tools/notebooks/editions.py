"""The lessons' two editions through Jupyter and the real kernel (nbclient), as a student and a
teacher would meet them.

    python3 editions.py student DIR LOGS    Execute every student notebook in DIR. Each check cell must
                                        fail with "not written yet"; any other failure must be a stub
                                        saying "your turn"; nothing else may fail.
    python3 editions.py mistakes DIR LOGS   For each lesson of the teacher edition in DIR: run it up to its
                                        checks; then each check must pass the correct answers written
                                        unlike the teacher's (alternatives/), refuse a cell that stopped at
                                        a syntax error, and fail each deliberate mistake with the report
                                        that fits (and pass again after).

The kernel is the lab's ("mlm-lab"); a kernel that misses Jupyter's first handshake is started again.
Each kernel's own output goes to LOGS/NAME.log.
"""
import glob
import os
import sys

import nbformat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib", "src", "main", "python"))
from notebook_runner import Kernel  # noqa: E402  (the lab's one notebook runner)

STARTS = 8

EXERCISE = {"clean-text": "CLEANING", "split": "SPLIT", "merge-loop": "MERGES", "seed-rule": "MASKING",
            "attention-head": "ATTENTION", "masked-loss": "LOSS", "training-step": "TRAINING_STEP",
            "predict-by-hand": "PREDICTION", "band-accuracy": "RECOVERY", "classifier-head": "CLASSIFIER"}
CHECK = {solution: solution + "-check" for solution in EXERCISE}
ALTERNATIVES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "alternatives")

# Deliberate mistakes: (solution cell, [(code to replace, wrong code), ...], what the check's report must say).
# The teacher's solution with the replacements made is run, then its check, which must FAIL saying that.
MISTAKES = {
    "01-dataset.ipynb": [
        ("clean-text", [("Character.isWhitespace(c) || Character.isSpaceChar(c)", "c == ' '")], "only the plain space counts"),
        ("clean-text", [("kept.add(clean);", "kept.add(clean.toLowerCase());")], "keep the case"),
        ("clean-text", [("if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {",
                         "if (Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.FORMAT || type == Character.CONTROL || c == 0xFFFD) {")],
         "turns invisible characters into spaces"),
        ("clean-text", [("Set<String> kept = new LinkedHashSet<>();", "List<String> kept = new ArrayList<>();")], "more than once"),
        ("clean-text", [("Set<String> kept = new LinkedHashSet<>();", "Set<String> kept = new HashSet<>();")], "keep the texts in the order"),
        ("clean-text", [("space = out.length() > 0;", "space = true;")], 'yours gives " leading'),
        ("clean-text", [("return new ArrayList<>(kept);", "return TextCleaner.clean(texts).texts();")], "the library's own version"),
        ("split", [("Collections.shuffle(shuffled, new Random(seed));", "Collections.shuffle(shuffled, new Random(42));")], "gave only 1 different"),
        ("split", [("new Random(seed)", "new Random()")], "the same texts and seed gave two different splits"),
        ("split", [("Math.round(texts.size() * validationFraction)", "(long) Math.floor(texts.size() * validationFraction)")], "not down"),
        ("split", [("Math.max(1, Math.min(texts.size() - 1, Math.round(texts.size() * validationFraction)))",
                    "Math.round(texts.size() * validationFraction)")], "both parts need at least one text"),
        ("split", [("List<String> shuffled = new ArrayList<>(texts);", "List<String> shuffled = texts;")], "changes a list or array it was given"),
        ("split", [("shuffled.subList(n, shuffled.size())", "shuffled.subList(n - 1, shuffled.size())")], "more than once"),
        ("split", [("List<String> shuffled = new ArrayList<>(texts);", "if (true) return new Corpus(\"all\", texts).split(validationFraction, seed);\n    List<String> shuffled = new ArrayList<>(texts);")],
         "the library's own version"),
    ],
    "02-tokenizer.ipynb": [
        ("merge-loop", [('right.replaceFirst("^##", "")', "right")], "drops the right piece's ##"),
        ("merge-loop", [("start.counts()[w], Integer::sum", "1, Integer::sum")], "as many times as its word occurs"),
        ("merge-loop", [(".thenComparing(pair -> pair.get(0)).thenComparing(pair -> pair.get(1))",
                         ".thenComparing(pair -> -pair.get(0)).thenComparing(pair -> -pair.get(1))")], "SMALLER ids"),
        ("merge-loop", [("pairs.get(pair.get()) < minFrequency", "pairs.get(pair.get()) <= minFrequency")], "FEWER than minFrequency"),
        ("merge-loop", [("int[] pieces = words.get(w);", "int[] pieces = words.get(w);\n            Set<List<Integer>> seen = new HashSet<>();"),
                        ("pairs.merge(List.of(pieces[i], pieces[i + 1]), start.counts()[w], Integer::sum);",
                         "if (seen.add(List.of(pieces[i], pieces[i + 1]))) pairs.merge(List.of(pieces[i], pieces[i + 1]), start.counts()[w], Integer::sum);")],
         "once per word"),
        ("merge-loop", [("while (tokens.size() < vocabSize) {", "while (tokens.size() < vocabSize - 1) {")], "are expected; the first"),
        ("merge-loop", [("return merges;", "return WordPieceTrainer.train(HANDFUL, SMALL).merges();")], "the library's own version"),
    ],
    "03-masking.ipynb": [
        ("seed-rule", [("if (!vocab.special()[ids[i]]) {", "if (ids[i] != vocab.maskId()) {")], "padding is not text"),
        ("seed-rule", [("if (!vocab.special()[ids[i]]) {", "if (ids[i] != vocab.padId()) {")], "[PAD] is not the only special token"),
        ("seed-rule", [("Arrays.fill(labels, -100);", "")], "fill them with -100 first"),
        ("seed-rule", [("labels[p] = ids[p];", "labels[p] = vocab.maskId();")], "not [MASK]'s"),
        ("seed-rule", [("random.nextInt(i + 1)", "new Random(42).nextInt(i + 1)")], "draw from the random you are given"),
        ("seed-rule", [("random.nextInt(i + 1)", "new Random().nextInt(i + 1)")], "the same random stream gave two different masks"),
        ("seed-rule", [("0.15 * candidates.size()", "0.15 * ids.length")], "padding included"),
        ("seed-rule", [("0.15 * candidates.size()", "0.015 * candidates.size()")], "hides 15%"),
        ("seed-rule", [("int[] input = ids.clone();", "int[] input = ids;")], "changed the ids it was given"),
        ("seed-rule", [("return new int[][] {input, labels};", "MaskedSequence s = new Masker(MaskingConfig.seed(), vocab).mask(ids, random);\n    return new int[][] {s.input(), s.labels()};")],
         "the library's own version"),
    ],
    "04-model.ipynb": [
        ("attention-head", [(".div(Math.sqrt(d))", "")], "without the 1/sqrt(d) scale"),
        ("attention-head", [(".div(Math.sqrt(d))", ".div(d)")], "scaled by 1/d"),
        ("attention-head", [("scores.add(mask).softmax(-1)", "scores.softmax(-1)")], "without the mask"),
        ("attention-head", [("scores.add(mask)", "scores.sub(mask)")], "the mask subtracted"),
        ("attention-head", [(".softmax(-1);", ".softmax(1);")], "over the queries"),
        ("attention-head", [("return weights.matMul(v);", "return weights;")], "those are the weights"),
        ("attention-head", [("return weights.matMul(v);",
                             "return SelfAttention.attend(q.expandDims(1), k.expandDims(1), v.expandDims(1), mask.expandDims(1), 0, false).get(0).squeeze(1);")],
         "the library's own version"),
    ],
    "05-training.ipynb": [
        ("masked-loss", [(".div(weights.sum())", ".div(weights.size())")], "divided by all B x T positions"),
        ("masked-loss", [("return logP.mul(weights).sum().neg().div(weights.sum());", "return logP.mean().neg();")], "labelled -100 too"),
        ("masked-loss", [(".sum().neg().div(", ".sum().div(")], "MINUS log p"),
        ("masked-loss", [(".logSoftmax(-1)", ".softmax(-1)")], "averages -p"),
        ("masked-loss", [(".neg().div(weights.sum())", ".neg()")], "the sum over the hidden positions"),
        ("masked-loss", [("logits.reshape(-1, v).logSoftmax(-1)", "logits.logSoftmax(1).reshape(-1, v)")], "normalised over the positions"),
        ("masked-loss", [("return logP.mul(weights).sum().neg().div(weights.sum());", "return MaskedLoss.ignoringLabels(logits, labels);")],
         "the library's own version"),
        ("training-step", [("NDArray g = w.getGradient().mul(clip);",
                            "NDArray g = w.getGradient().mul(Math.min(1, config.clipNorm() / Math.sqrt(w.getGradient().square().sum().getFloat())));")],
         "clipping each tensor on its own"),
        ("training-step", [("if (decays.contains(e.getValue())) {", "if (true) {")], "decaying every parameter"),
        ("training-step", [("NDArray mHat = mean.div(1 - Math.pow(adam.beta1(), t));", "NDArray mHat = mean;"),
                           ("NDArray vHat = square.div(1 - Math.pow(adam.beta2(), t));", "NDArray vHat = square;")], "bias correction"),
        ("training-step", [("vHat.sqrt().add(adam.epsilon())", "vHat.add(adam.epsilon()).sqrt()")], "epsilon inside the square root"),
        ("training-step", [("w.mul(learningRate * adam.weightDecay())", "w.mul(adam.weightDecay())")], "not multiplied by the learning rate"),
        ("training-step", [("w.getGradient().subi(w.getGradient());", "")], "never set back to 0"),
        ("training-step", [("NDArray g = w.getGradient().mul(clip);", "NDArray g = w.getGradient();")], "no clipping gives"),
        ("training-step", [("double norm = Math.sqrt(squares);",
                            "double norm = 0;\n        for (Parameter p : parameters.values()) norm += Math.sqrt(p.getArray().getGradient().square().sum().getFloat());")],
         "sum of each tensor's norm"),
        ("training-step", [("double norm = Math.sqrt(squares);", "double norm = GradientClipping.globalNorm(parameters.values());")],
         "the library's own version"),
    ],
    "06-prediction.ipynb": [
        ("predict-by-hand", [("return scores.add(manager.create(penalty)).softmax(-1);", "return scores.add(manager.create(penalty));")],
         "the scores themselves"),
        ("predict-by-hand", [("penalty[id] = vocab.special()[id] ? -1e9f : 0;", "penalty[id] = 0;")], "includes the special tokens"),
        ("predict-by-hand", [("penalty[id] = vocab.special()[id] ? -1e9f : 0;",
                              "penalty[id] = id == vocab.padId() || id == vocab.maskId() ? -1e9f : 0;")], "but not the other special tokens"),
        ("predict-by-hand", [('out.get(":, " + position + ", :")', 'out.get(":, 0, :")')], "your probability of"),
        ("predict-by-hand", [("for (int r = 0; r < k; r++) {", "for (int r = 0; r < k - 1; r++) {")], "candidates, not"),
        ("predict-by-hand", [("return scores.add(manager.create(penalty)).softmax(-1);",
                              "return scores.softmax(-1).mul(manager.create(penalty).add(1e9f).div(1e9f));")], "after the softmax"),
        ("predict-by-hand", [("return scores.add(manager.create(penalty)).softmax(-1);",
                              "return manager.create(predictor.scores(text)).add(manager.create(penalty)).softmax(-1);")],
         "the library's own version"),
    ],
    "07-token-recovery.ipynb": [
        ("band-accuracy", [("return 100.0 * recovered / tokens;", "return (double) recovered / tokens;")], "100 times the share"),
        ("band-accuracy", [("return 100.0 * recovered / tokens;", "return 100 * recovered / tokens;")], "an integer division"),
        ("band-accuracy", [("if (rank[label] >= from && rank[label] < to) {", "if (true) {")], "over all probe tokens"),
        ("band-accuracy", [("if (rank[label] >= from && rank[label] < to) {", "if (label >= from && label < to) {")], "whose id is in"),
        ("band-accuracy", [("return 100.0 * recovered / tokens;", "return 100.0 * recovered / log.labels().length;")], "divide by all probe tokens"),
        ("band-accuracy", [("rank[label] < to", "rank[label] <= to")], "the chart draws"),
        ("band-accuracy", [("return 100.0 * recovered / tokens;", "return 100 * log.accuracy(i, t -> rank[log.labels()[t]] >= from && rank[log.labels()[t]] < to);")],
         "the library's own version"),
    ],
    "08-what-it-learned.ipynb": [
        ("classifier-head", [("hidden.mul(real.expandDims(2)).sum(new int[] {1}).div(real.sum(new int[] {1}, true))", "hidden.mean(new int[] {1})")],
         "includes the padding"),
        ("classifier-head", [(".div(real.sum(new int[] {1}, true));   // (B, D)", ";")], "instead of averaging"),
        ("classifier-head", [("hidden.mul(real.expandDims(2)).sum(new int[] {1})", "hidden.sum(new int[] {1})")], "mask the padding before the sum"),
        ("classifier-head", [("hidden.mul(real.expandDims(2)).sum(new int[] {1}).div(real.sum(new int[] {1}, true))", 'hidden.get(":, 0, :")')],
         "no [CLS] token"),
        ("classifier-head", [("return pooled.matMul(weight.transpose()).add(bias);", "return pooled.matMul(weight.transpose());")], "leave out the bias"),
        ("classifier-head", [("return logP.mean().neg();", "return logP.sum().neg();")], "sum over the texts"),
        ("classifier-head", [("return logP.mean().neg();", "return logP.mean();")], "MINUS log p"),
        ("classifier-head", [("scores.logSoftmax(1)", "scores.softmax(1)")], "-p (probabilities)"),
        ("classifier-head", [("scores.logSoftmax(1)", "scores.logSoftmax(0)")], "over the texts (axis 0)"),
        ("classifier-head", [("return pooled.matMul(weight.transpose()).add(bias);", "return ClassifierHead.scores(hidden, segments, weight, bias);")],
         "the library's own version"),
    ],
}


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_check(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade", False)


def student(folder, logs):
    failures = []
    for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        name = os.path.basename(path)
        checks = stubs = 0
        with open(os.path.join(logs, name.replace(".ipynb", ".log")), "w") as log, Kernel(nb, path, log, starts=STARTS) as kernel:
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


def alternatives(solution):
    """The correct answers written unlike the teacher's, for one solution cell: (name, code)."""
    folder = os.path.join(ALTERNATIVES, solution)
    return [(os.path.basename(p), open(p).read()) for p in sorted(glob.glob(os.path.join(folder, "*.java")))]


def wrapped(teacher_source, body):
    """A solution cell's begin and end lines (Exercise.X.begin(); ... Exercise.X.end();) around another body."""
    lines = teacher_source.splitlines()
    return "\n".join([lines[0], "", body, "", lines[-1]])


def mistakes(folder, logs):
    """For each lesson: the teacher's solutions pass; each alternative passes; each mistake fails with its report;
    a solution cell that stops at a syntax error is not graded in its older version."""
    failures = []
    only = os.environ.get("EDITIONS_ONLY")   # a lesson's file name, to try one lesson alone
    for name, cases in MISTAKES.items():
        if only and name != only:
            continue
        path = os.path.join(folder, name)
        nb = nbformat.read(path, as_version=4)
        cells = {grade_id(c): (i, c) for i, c in enumerate(nb.cells) if grade_id(c)}
        solutions = list(dict.fromkeys(solution for solution, _, _ in cases))
        last_check = max(cells[CHECK[s]][0] for s in solutions)
        with open(os.path.join(logs, name.replace(".ipynb", ".log")), "w") as log, Kernel(nb, path, log, starts=STARTS) as kernel:
            for index, cell in enumerate(nb.cells[:last_check + 1]):
                if cell.cell_type == "code":
                    error = kernel.run(cell, index)
                    if error:
                        failures.append(f"{name}: cell {index + 1} failed in the teacher edition:\n{error[:600]}")

            def attempt(solution, source):
                s_index, _ = cells[solution]
                c_index, c_cell = cells[CHECK[solution]]
                check = nbformat.v4.new_code_cell(c_cell.source)
                error = kernel.run(nbformat.v4.new_code_cell(source), s_index) or kernel.run(check, c_index)
                out = "".join(o.get("text", "") for o in check.get("outputs", []) if o["output_type"] == "stream")
                return error, out

            def restore(solution):
                s_index, s_cell = cells[solution]
                error, out = attempt(solution, s_cell.source)
                if error or "PASS" not in out:
                    failures.append(f"{name}: {CHECK[solution]} did not pass with the teacher's solution put back:\n{error[:600]}")

            for solution in solutions:
                teacher = cells[solution][1].source
                for alternative, body in alternatives(solution):
                    error, out = attempt(solution, wrapped(teacher, body))
                    verdict = "passes" if not error and "PASS" in out else "REFUSED"
                    if verdict == "REFUSED":
                        failures.append(f"{name}: {CHECK[solution]} refused the correct {alternative}:\n{error[:900]}")
                    print(f"{name:26s} {CHECK[solution]:24s} alternative {alternative:24s} {verdict}", flush=True)
                restore(solution)
                # A syntax error in the cell after a passing answer: the check must not grade the older version.
                s_index, c_index = cells[solution][0], cells[CHECK[solution]][0]
                kernel.run(nbformat.v4.new_code_cell(teacher.replace("// END SOLUTION", "int syntaxError = \n    // END SOLUTION", 1)), s_index)
                error = kernel.run(nbformat.v4.new_code_cell(cells[CHECK[solution]][1].source), c_index)
                said = "stopped before its end" in error
                if not said:
                    failures.append(f"{name}: {CHECK[solution]} graded an older version after a syntax error:\n{error[:600]}")
                print(f"{name:26s} {CHECK[solution]:24s} syntax error in the cell       {'caught' if said else 'MISSED'}", flush=True)
                restore(solution)
            for solution, replacements, report in cases:
                source = cells[solution][1].source
                missing = [right for right, _ in replacements if right not in source]
                if missing:
                    failures.append(f"{name}: {missing} not in solution {solution}: update the mistake")
                    continue
                for right, wrong in replacements:
                    source = source.replace(right, wrong)
                error, _ = attempt(solution, source)
                verdict = "caught" if "FAIL" in error and report in error else "MISSED"
                if verdict == "MISSED":
                    failures.append(f"{name}: {CHECK[solution]} did not say '{report}' for {replacements}:\n{error[:900]}")
                first = next((l.strip() for l in error.splitlines() if "cause" in l or "FAIL" in l), error.strip()[:100])
                print(f"{name:26s} {CHECK[solution]:24s} {verdict}: {first[:120]}", flush=True)
                restore(solution)
    return failures


if __name__ == "__main__":
    mode, folder, logs = sys.argv[1:4]
    os.makedirs(logs, exist_ok=True)
    problems = {"student": student, "mistakes": mistakes}[mode](folder, logs)
    for p in problems:
        print("FAILED: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)
