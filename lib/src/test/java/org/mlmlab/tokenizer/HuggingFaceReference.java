package org.mlmlab.tokenizer;

import org.junit.jupiter.api.Assumptions;
import org.mlmlab.Lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HuggingFace's own tokenizers (npm package, same Rust core as Python's) run through
 * test-tools/hf-tokenizers/hf.js. Installed by ./lab test and CI; a developer without Node.js
 * sees these tests skipped, CI (CI=true) sees them fail.
 */
final class HuggingFaceReference {
    static final Path TOOLS = Lab.home().resolve("test-tools").resolve("hf-tokenizers");

    private HuggingFaceReference() {
    }

    static void assumeInstalled() {
        boolean installed = Files.isDirectory(TOOLS.resolve("node_modules").resolve("tokenizers"));
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError("HuggingFace's tokenizers are not installed: cd test-tools/hf-tokenizers && npm ci");
        }
        Assumptions.assumeTrue(installed, "HuggingFace reference not installed (cd test-tools/hf-tokenizers && npm ci)");
    }

    /** Runs hf.js with the arguments; returns its standard output lines. */
    static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", TOOLS.resolve("hf.js").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("hf", ".out");
        Path err = Files.createTempFile("hf", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("hf.js failed: " + Files.readString(err));
            }
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
