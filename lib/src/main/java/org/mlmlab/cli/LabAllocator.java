package org.mlmlab.cli;

import java.util.Map;
import java.util.TreeMap;

/**
 * glibc's malloc settings that ./lab exports and the kernelspec sets (one arena, fixed mmap and trim
 * thresholds, so that a long run's memory stays flat: see ./lab), and their removal for programs that
 * should run as their users start them.
 */
public final class LabAllocator {
    /** One arena, a fixed mmap threshold (32 MB) and a fixed trim threshold (1 GB). */
    public static final Map<String, String> SETTINGS = new TreeMap<>(Map.of("MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "1073741824"));

    private LabAllocator() {
    }

    /**
     * {@code builder} without the settings ./lab exported to us: for the reference programs the benches
     * compare with. HuggingFace's threads, sharing one malloc arena, trained 4x slower (11.98 s instead of 2.85 s).
     */
    public static ProcessBuilder removeFrom(ProcessBuilder builder) {
        builder.environment().keySet().removeAll(SETTINGS.keySet());
        return builder;
    }
}
