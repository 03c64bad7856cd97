package org.mlmlab;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.CorpusException;
import org.mlmlab.corpus.CorpusFiles;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerException;
import org.mlmlab.training.MetricsLog;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.RunRecord;
import org.mlmlab.training.TrainedModel;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every file the lab reads, damaged the ways disks, crashes and people damage files (truncated at
 * random points, bytes flipped, zeroed, emptied, replaced by another kind of file or by a link to a
 * device), then read by every reader the commands and lessons use: loading a model for prediction
 * and evaluation, listing a run, resuming it, loading the tokenizer, the recovery record and the
 * corpus. Each reader must either work or refuse with a one-line message of the kinds the command
 * line prints (never another exception, which would be a stack trace, nor an error that kills the
 * JVM, nor a hang), and nothing outside the run's folder may change. Fixed seed: the same cases
 * every time.
 */
class FileFuzzTest {
    @TempDir
    static Path root;
    static Path pristine;
    static Corpus.Split split;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        pristine = root.resolve("pristine");
        split = ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED);
        ToyModel.trainTokenizer(pristine.resolve("tokenizer"), 200);
        Files.writeString(pristine.resolve("corpus.txt"), String.join("\n", split.train().texts()) + "\n");
        TrainingConfig config = TrainingConfig.of(Preset.TINY).withSteps(10).withBatchRows(4).withLayout(BatchLayout.longest(Preset.MAX_LENGTH))
                .withEvaluateEvery(5).withCheckpointEvery(5);
        try (LabTokenizer tokenizer = LabTokenizer.load(pristine.resolve("tokenizer"), Preset.MAX_LENGTH);
             MlmTrainer trainer = MlmTrainer.create(pristine.resolve("run"), ToyModel.tiny(tokenizer), config, tokenizer, split,
                     MlmTrainer.IfRunExists.REPLACE)) {
            trainer.train(List.of(RecoveryRecorder.forRun(trainer)));
        }
    }

    /** The files under test, relative to the project copy. */
    static final List<String> FILES = List.of("run/checkpoints/step-000010/model.json", "run/checkpoints/step-000010/weights.npz",
            "run/checkpoints/step-000010/training.json", "run/checkpoints/step-000010/state.json",
            "run/checkpoints/step-000010/optimizer.npz", "run/checkpoints/step-000010/metrics.csv", "run/metrics.csv",
            "run/recovery.json", "run/checkpoints/latest", "tokenizer/tokenizer.json", "corpus.txt");

    @Test
    void everyReaderWorksOrRefusesInOneLineWhateverTheDamage() throws Exception {
        Random random = new Random(2026);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String file : FILES) {
            for (String damage : List.of("truncate", "truncate", "truncate", "flip 1", "flip 8", "flip 64", "zero", "empty",
                    "other kind", "device link")) {
                Path project = root.resolve("case");
                PathUtils.deleteDirectory(project.toFile().exists() ? project : Files.createDirectories(project));
                PathUtils.copyDirectory(pristine, project);
                damage(project.resolve(file), damage, random, project);
                Map<String, String> outside = snapshot(project, project.resolve("run"));
                for (Map.Entry<String, Callable<?>> reader : readers(project).entrySet()) {
                    cases++;
                    String what = file + ", " + damage + ", " + reader.getKey();
                    try {
                        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                            Object result = reader.getValue().call();
                            if (result instanceof AutoCloseable c) {
                                c.close();
                            }
                        });
                    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | CorpusException
                             | TokenizerException e) {
                        String message = String.valueOf(e.getMessage());
                        if (message.length() > 1_200 || message.contains("\n\tat ") || message.chars().anyMatch(c -> c < 32 && c != '\n')) {
                            failures.add(what + ": a message of " + message.length() + " characters: " + message.substring(0, Math.min(300, message.length())));
                        }
                    } catch (Throwable e) {
                        failures.add(what + ": " + e.getClass().getName() + ": " + e.getMessage());
                    }
                }
                if (!outside.equals(snapshot(project, project.resolve("run")))) {
                    failures.add(file + ", " + damage + ": a reader changed files outside the run's folder");
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases:\n" + String.join("\n", failures));
        assertTrue(cases >= 400, cases + " cases");
    }

    static Map<String, Callable<?>> readers(Path project) {
        Path run = project.resolve("run");
        Path tokenizer = project.resolve("tokenizer");
        Map<String, Callable<?>> readers = new java.util.LinkedHashMap<>();
        readers.put("predict/eval (load the model)", () -> TrainedModel.load(run, null));
        readers.put("runs (the run's record)", () -> RunRecord.load("run", run));
        readers.put("resume", () -> {
            try (LabTokenizer t = LabTokenizer.load(tokenizer, Preset.MAX_LENGTH)) {
                return MlmTrainer.resume(run, t, split);
            }
        });
        readers.put("tokenizer", () -> LabTokenizer.load(tokenizer, Preset.MAX_LENGTH));
        readers.put("lesson 7 (recovery record)", () -> RecoveryLog.load(run.resolve(RecoveryLog.FILE)));
        readers.put("metrics", () -> {
            try {
                return MetricsLog.readCsv(run.resolve(MetricsLog.FILE));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);   // how RunRecord and the commands report it
            }
        });
        readers.put("corpus", () -> CorpusFiles.read(project.resolve("corpus.txt")));
        return readers;
    }

    static void damage(Path file, String how, Random random, Path project) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (how.split(" ")[0]) {
            case "truncate" -> Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
            case "flip" -> {
                for (int i = 0; i < Integer.parseInt(how.split(" ")[1]) && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                Files.write(file, bytes);
            }
            case "zero" -> Files.write(file, new byte[bytes.length]);
            case "empty" -> Files.write(file, new byte[0]);
            case "other" -> {   // a file of another kind in its place: JSON for binary files and the reverse
                Path other = project.resolve(file.getFileName().toString().endsWith(".npz") ? "tokenizer/tokenizer.json"
                        : "run/checkpoints/step-000010/weights.npz");
                Files.write(file, Files.readAllBytes(other));
            }
            case "device" -> {
                Files.delete(file);
                Files.createSymbolicLink(file, Path.of("/dev/zero"));
            }
            default -> throw new IllegalArgumentException(how);
        }
    }

    /** Every file outside {@code except}, with its size and modification time. */
    static Map<String, String> snapshot(Path project, Path except) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path p : walk.filter(p -> !p.startsWith(except) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                files.put(project.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
