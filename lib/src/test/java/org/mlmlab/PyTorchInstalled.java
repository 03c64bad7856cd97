package org.mlmlab;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The PyTorch the reference scripts run with (Debian's python3-torch): tests skip without it, except in CI. */
public final class PyTorchInstalled {
    public static final String PYTHON = System.getenv().getOrDefault("MLM_LAB_TORCH_PYTHON", "/usr/bin/python3");

    private PyTorchInstalled() {
    }

    /** Skips the test when PyTorch is missing; in CI (CI set) fails it instead, as CI installs it. */
    public static void assume() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import torch, numpy").start().waitFor() == 0;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("PyTorch is missing: apt-get install python3-torch python3-numpy libopenblas0-pthread");
        }
        Assumptions.assumeTrue(present, "PyTorch reference not installed (apt-get install python3-torch)");
    }
}
