package org.mlmlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (Java heap and native arrays together), from Linux's
 * /proc/self/status; NaN elsewhere. What Binder's memory limit is measured against.
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** Resident memory now, in MB. */
    public static double currentMegabytes() {
        return read("VmRSS:");
    }

    /** The highest resident memory since the process started, in MB. */
    public static double peakMegabytes() {
        return read("VmHWM:");
    }

    private static double read(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;   // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return Double.NaN;
    }
}
