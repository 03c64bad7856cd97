package org.mlmlab.bench;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counters of this process and of the machine from Linux's /proc, for the benchmarks: CPU
 * seconds of the whole machine (busy time on all cores, with what the hypervisor took) and of
 * this process, and this process's minor page faults (pages the kernel had to map in on first
 * touch). NaN where there is no /proc.
 */
record ProcessCounters(double machineCpuSeconds, double ownCpuSeconds, double minorFaults) {

    static ProcessCounters now() {
        try {
            String[] machine = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {   // user nice system irq softirq steal
                busy += Long.parseLong(machine[i]);
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            // fields after "(name) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new ProcessCounters(busy / 100.0, own / 100.0, Long.parseLong(fields[7]));   // clock ticks: USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return new ProcessCounters(Double.NaN, Double.NaN, Double.NaN);
        }
    }
}
