package org.mlmlab.cli;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every way of getting the command line wrong that a user has tried, as one table: the command, the
 * exit code, and the line of its message that names the fix (or, where the command proceeds, the line
 * that says what it did). The commands are the real ones, run in this JVM, on the tiny preset and the
 * toy corpus in a project folder of their own; the cases that need another program (a second writer,
 * a file the user may not read or write) run the command line as a process of its own.
 */
class CommandLineCasesTest {
    private static final Map<String, String> SETTINGS = Map.of("mlmlab.home", "", "mlmlab.preset", "tiny", "mlmlab.corpus", "toy");
    private static final Map<String, String> saved = new java.util.HashMap<>();
    private static Path home;
    private static Path work;
    private static Path lessonFiles;
    private static Path run;

    /**
     * One row: {@code args} (PATHs in them resolved in the work folder: {@code @RUN} the finished run,
     * {@code @W/} the work folder), the exit code, and a line the output must hold.
     */
    record Case(String name, int exit, String says, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // options refused in their own words, before anything runs
                new Case("--lr NaN", 2, "--lr must be a number above 0, e.g. 2e-3, not NaN", "train", "--lr", "NaN"),
                new Case("--lr 0", 2, "--lr must be a number above 0, e.g. 2e-3, not 0.0", "train", "--lr", "0"),
                new Case("--steps 0", 2, "--steps must be a whole number above 0, not 0", "train", "--steps", "0"),
                new Case("--minutes -1", 2, "--minutes must be a number above 0, e.g. 4, not -1.0", "train", "--minutes", "-1"),
                new Case("--mask-rate 0", 2, "--mask-rate must be a share above 0 and below 1, e.g. 0.15, not 0.0", "train", "--mask-rate", "0"),
                new Case("--warmup 1", 2, "--warmup must be a share from 0 up to (not including) 1", "train", "--warmup", "1"),
                new Case("--checkpoint-every 0", 2, "--checkpoint-every must be a whole number above 0, not 0", "train", "--checkpoint-every", "0"),
                new Case("--lr not a number", 2, "Invalid value for option '--lr'", "train", "--lr", "fast"),
                new Case("--dim not divisible by --heads", 2, "dim 30 must be a positive multiple of the number of heads (4)",
                        "train", "--name", "odd", "--dim", "30", "--heads", "4"),
                new Case("--max-length 0", 2, "--max-length must be a whole number above 0, not 0",
                        "tokenizer", "encode", "--tokenizer", "@TOK", "--max-length", "0", "x"),
                new Case("--vocab-size 0", 2, "--vocab-size must be a whole number above 0, not 0",
                        "tokenizer", "train", "--input", "toy", "--vocab-size", "0", "--out", "@W/t0"),
                new Case("unknown preset", 2, "Unknown preset 'huge'. Choose one of: tiny, lab, seed, gpu", "train", "--preset", "huge"),
                new Case("run name with a path in it", 2, "cannot name a run", "train", "--name", "../elsewhere"),
                // runs: resume, finished, existing, a second writer, an unwritable folder
                new Case("--resume with a new budget", 2, "--resume continues the run with its own settings and budget",
                        "train", "--resume", "--steps", "80"),
                new Case("--resume of a finished run", 0, "has finished its budget of 8 steps (8 steps made): nothing to resume",
                        "train", "--resume"),
                new Case("a new run over an existing one", 2, "already holds a run", "train", "--steps", "4"),
                new Case("--out under a file", 2, "Cannot write the run into", "train", "--out", "@W/afile/run", "--steps", "2"),
                new Case("--out naming a file", 2, "afile (a file is in the way, where a folder is needed): give a folder", "train", "--out", "@W/afile", "--steps", "2"),
                new Case("evaluating a checkpoint without model.json", 2, "is an incomplete checkpoint (its model.json is missing",
                        "eval", "--checkpoint", "@W/incomplete/checkpoints/step-000008", "--input", "toy"),
                new Case("newest checkpoint without model.json", 0, "is incomplete (its model.json is missing); resuming from",
                        "train", "--resume", "--out", "@W/incomplete"),
                new Case("a run folder moved with its tokenizer", 0, "MODEL:",
                        "predict", "--checkpoint", "@W/moved/main", "the cat sat on the [MASK] ."),
                // predictions and evaluation
                new Case("[mask] in lower case", 0, "masked: [MASK] predicted:", "predict", "--checkpoint", "@RUN", "the cat sat on the [mask] ."),
                new Case("[Mask] in mixed case", 0, "masked: [MASK] predicted:", "predict", "--checkpoint", "@RUN", "the [Mask] sat on the mat ."),
                new Case("eval on lines longer than the model", 0, "of the 3 texts are longer than the model's 128 tokens; only their first 128",
                        "eval", "--checkpoint", "@RUN", "--input", "@W/long.txt"),
                // tokenizers
                new Case("a BPE tokenizer.json", 2, "is a BPE tokenizer; the lab's lessons need WordPiece", "tokenizer", "encode", "--tokenizer", "@W/bpe", "x"),
                new Case("a Unigram tokenizer.json", 2, "is a Unigram tokenizer; the lab's lessons need WordPiece",
                        "tokenizer", "encode", "--tokenizer", "@W/unigram", "x"),
                new Case("a corrupt tokenizer.json", 2, "Name a tokenizer folder the lab made (--tokenizer DIR), or train one",
                        "tokenizer", "encode", "--tokenizer", "@W/corrupt", "x"),
                new Case("no tokenizer.json", 2, "No tokenizer at", "tokenizer", "encode", "--tokenizer", "@W/none", "x"),
                // crafted and damaged files (issue 31): a line naming the file and the fix, never a stack trace or an abort
                new Case("a tokenizer.json with a regex normalizer", 2, "has a normalizer of type Replace, which a BERT WordPiece tokenizer does not use",
                        "tokenizer", "encode", "--tokenizer", "@W/replace", "x"),
                new Case("a tokenizer.json linked to /dev/zero", 2, "is not a regular file (a link to /dev/zero)",
                        "tokenizer", "encode", "--tokenizer", "@W/devzero", "x"),
                new Case("a tokenizer.json of NUL bytes", 2, "is corrupt or not a WordPiece tokenizer.json (Not a JSON Object: \"(NUL bytes)",
                        "tokenizer", "encode", "--tokenizer", "@W/nul", "x"),
                new Case("a model.json with a negative size", 2, "is corrupt (dim -8 must be a positive multiple",
                        "predict", "--checkpoint", "@W/negative/main", "the cat sat on the [MASK] ."),
                new Case("a model.json naming a tokenizer in /etc", 2, "names a tokenizer folder outside its runs and the project (/etc)",
                        "predict", "--checkpoint", "@W/outside/main", "the cat sat on the [MASK] ."),
                new Case("a text that starts with -", 2, "put '--' before the texts", "predict", "--checkpoint", "@RUN", "-5 degrees today"),
                new Case("a text after --", 0, "MODEL:", "predict", "--checkpoint", "@RUN", "--", "-5 the cat sat on the mat"),
                new Case("a text in another script", 2, "has no word this tokenizer knows", "predict", "--checkpoint", "@RUN", "\u4eca\u5929\u5929\u6c14"),
                new Case("--min-frequency 0, as HuggingFace takes it", 0, "Wrote",
                        "tokenizer", "train", "--input", "toy", "--vocab-size", "300", "--min-frequency", "0", "--out", "@W/t7"),
                new Case("fewer tokens asked than the alphabet holds", 0, "come first and are never cut",
                        "tokenizer", "train", "--input", "toy", "--vocab-size", "40", "--out", "@W/t8"),
                new Case("a vocabulary larger than the corpus gives", 0, "Note: 1,000,000 tokens asked for",
                        "tokenizer", "train", "--input", "toy", "--vocab-size", "1000000", "--out", "@W/big"),
                // corpora
                new Case("a whitespace-only corpus", 2, "has no text", "tokenizer", "train", "--input", "@W/blank.txt", "--out", "@W/t1"),
                new Case("a CSV quote never closed", 2, "A field that opens a quote (\") must close it",
                        "tokenizer", "train", "--input", "@W/broken.csv", "--out", "@W/t2"),
                new Case("a CSV without the text column", 2, "Name the text column (--text-field)",
                        "tokenizer", "train", "--input", "@W/columns.csv", "--out", "@W/t3"),
                new Case("JSONL without the text field", 2, "has no text field 'text'. Name the field that holds the text (--text-field)",
                        "tokenizer", "train", "--input", "@W/fields.jsonl", "--out", "@W/t4"),
                new Case("a corpus that is not UTF-8", 2, "is not valid UTF-8. Convert it first, e.g. iconv",
                        "tokenizer", "train", "--input", "@W/latin1.txt", "--out", "@W/t5"),
                new Case("a corpus file that is not there", 2, "Corpus file not found", "tokenizer", "train", "--input", "@W/none.txt", "--out", "@W/t6"));
    }

    @BeforeAll
    static void trainATinyRun(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        home = dir.resolve("project");
        work = dir.resolve("work");
        Files.createDirectories(work);
        SETTINGS.forEach((key, value) -> {
            saved.put(key, System.getProperty(key));
            System.setProperty(key, value.isEmpty() ? home.toString() : value);
        });
        lessonFiles = home.resolve("data").resolve("runs").resolve("tiny-toy");
        run = lessonFiles.resolve("main");
        assertEquals(0, run("train", "--steps", "8", "--checkpoint-every", "4").exit);

        Files.writeString(work.resolve("afile"), "a file, not a folder");
        Files.writeString(work.resolve("blank.txt"), "  \n\t\n   \n");
        Files.writeString(work.resolve("broken.csv"), "id,text\n1,\"the cat sat\n2,on the mat\n");
        Files.writeString(work.resolve("columns.csv"), "id,body\n1,the cat sat\n");
        Files.writeString(work.resolve("fields.jsonl"), "{\"body\": \"the cat sat\"}\n");
        Files.write(work.resolve("latin1.txt"), "the caf\u00e9 is open\n".getBytes(StandardCharsets.ISO_8859_1));
        String sentence = "the cat sat on the mat and the dog sat on the rug . ";
        Files.writeString(work.resolve("long.txt"), sentence.repeat(20) + "\n" + sentence.repeat(15) + "\n" + sentence + "\n");
        write(work.resolve("bpe/tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}");
        write(work.resolve("unigram/tokenizer.json"), "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0.0]]}}");
        write(work.resolve("corrupt/tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\", \"vocab\": ");
        Files.createDirectories(work.resolve("none"));
        String json = Files.readString(lessonFiles.resolve("tokenizer/tokenizer.json"));
        write(work.resolve("replace/tokenizer.json"), json.replace("\"normalizer\": {", "\"normalizer\": {\"type\": \"Replace\", "
                + "\"pattern\": {\"Regex\": \"(a+)+$\"}, \"content\": \"b\"}, \"unused\": {"));
        Files.createDirectories(work.resolve("devzero"));
        Files.createSymbolicLink(work.resolve("devzero/tokenizer.json"), Path.of("/dev/zero"));
        Files.createDirectories(work.resolve("nul"));
        Files.write(work.resolve("nul/tokenizer.json"), new byte[119_000]);
        for (String copy : List.of("negative", "outside")) {
            PathUtils.copyDirectory(lessonFiles, work.resolve(copy));
        }
        try (Stream<Path> configs = Files.walk(work.resolve("negative/main"))) {
            for (Path config : configs.filter(p -> p.getFileName().toString().equals("model.json")).toList()) {
                Files.writeString(config, Files.readString(config).replaceFirst("\"dim\": 32", "\"dim\": -8"));
            }
        }
        try (Stream<Path> configs = Files.walk(work.resolve("outside/main"))) {
            for (Path config : configs.filter(p -> p.getFileName().toString().equals("model.json")).toList()) {
                Files.writeString(config, Files.readString(config).replaceFirst("\"tokenizerDirectory\": \"[^\"]*\"", "\"tokenizerDirectory\": \"/etc\""));
            }
        }
        // A run whose newest checkpoint lost its model.json (a copy, so the finished run stays as it is).
        PathUtils.copyDirectory(run, work.resolve("incomplete"));
        Files.delete(work.resolve("incomplete/checkpoints/step-000008/model.json"));
        // The lesson folder (run and tokenizer side by side) copied elsewhere: the checkpoint finds the tokenizer beside it.
        PathUtils.copyDirectory(lessonFiles, work.resolve("moved"));
    }

    @AfterAll
    static void restoreSettings() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseEndsWithItsExitCodeAndNamesTheFix(Case c) throws IOException {
        Path tokenizer = lessonFiles.resolve("tokenizer");
        String[] args = Stream.of(c.args()).map(a -> a.replace("@RUN", run.toString()).replace("@TOK", tokenizer.toString())
                .replace("@W/", work.toString() + "/")).toArray(String[]::new);
        Path moved = lessonFiles.resolveSibling("tiny-toy.away");
        boolean movesTheOriginal = c.name().startsWith("a run folder moved");
        if (movesTheOriginal) {
            Files.move(lessonFiles, moved);   // the copy must not find the original tokenizer by its old path
        }
        try {
            Result r = run(args);
            assertTrue(r.output.contains(c.says()), c.name() + ": expected \"" + c.says() + "\" in:\n" + r.output);
            assertEquals(c.exit(), r.exit, c.name() + ": exit code; output:\n" + r.output);
            assertFalse(r.output.contains("\tat org.") || r.output.contains("Exception in thread"), c.name() + ": a stack trace:\n" + r.output);
        } finally {
            if (movesTheOriginal) {
                Files.move(moved, lessonFiles);
            }
        }
    }

    @Test
    void aSecondWriterIsRefusedWithTheHoldersProcess() throws Exception {
        Path shared = work.resolve("shared");
        Process first = program(List.of("train", "--out", shared.toString(), "--steps", "100000"));
        try {
            waitFor(first, "Starting at step 0");
            // --fresh would delete the checkpoints under the first program's feet
            Result second = run("train", "--out", shared.toString(), "--fresh", "--steps", "4");
            assertEquals(2, second.exit, second.output);
            assertTrue(second.output.contains("is being trained by another program (process " + first.pid()), second.output);
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    /** Read and write permission are denied by the file system; root is not refused, so as root the program runs without that power. */
    @Test
    void permissionDeniedIsSaidAsSuchWithTheFix() throws Exception {
        Path secret = work.resolve("secret.txt");
        Files.writeString(secret, "the cat sat on the mat\n");
        Path locked = work.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Result read = programResult(List.of("tokenizer", "train", "--input", secret.toString(), "--out", work.resolve("t7").toString()));
            assertEquals(2, read.exit, read.output);
            assertTrue(read.output.contains("Cannot read " + secret + ": permission denied. Ask its owner to let you read it"), read.output);
            Result write = programResult(List.of("train", "--out", locked.resolve("run").toString(), "--steps", "2"));
            assertEquals(2, write.exit, write.output);
            assertTrue(write.output.contains("Cannot write the run into " + locked.resolve("run") + " (permission denied"), write.output);
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    record Result(int exit, String output) {
    }

    /** The command line in this JVM, its standard output and error together. */
    static Result run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        int exit;
        try {
            exit = LabCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        out.print(output);
        return new Result(exit, output);
    }

    /** The command line as a program of its own (as root, without the power to ignore file permissions). */
    private static Process program(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path")));
        SETTINGS.keySet().forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
        command.add(LabCli.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Result programResult(List<String> args) throws Exception {
        Process p = program(args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        System.out.print(output);
        return new Result(p.exitValue(), output);
    }

    private static void waitFor(Process p, String line) throws IOException {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String l = reader.readLine(); l != null; l = reader.readLine()) {
            seen.append(l).append('\n');
            if (l.contains(line)) {
                return;
            }
        }
        fail("the first trainer ended before \"" + line + "\":\n" + seen);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
