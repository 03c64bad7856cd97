package org.mlmlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (Java heap and native arrays together), from Linux's
 * /proc/self/status, and the memory the machine has left for it; NaN elsewhere. What Binder's
 * memory limit is measured against.
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

    /** The highest resident memory of another process so far, in MB; NaN once it has exited (or elsewhere than Linux). */
    public static double peakMegabytes(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    /** What the machine can still give, in MB: Linux's MemAvailable, capped by a container's (cgroup v2) limit. */
    public static double availableMegabytes() {
        double available = read(Path.of("/proc/meminfo"), "MemAvailable:");
        try {
            String limit = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).strip();
            if (!limit.equals("max")) {
                long used = Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory.current")).strip());
                double room = (Long.parseLong(limit) - used) / (double) (1 << 20);
                available = Double.isNaN(available) ? room : Math.min(available, room);
            }
        } catch (IOException | RuntimeException e) {
            // no cgroup v2 limit here
        }
        return available;
    }

    private static double read(String field) {
        return read(Path.of("/proc/self/status"), field);
    }

    private static double read(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
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
