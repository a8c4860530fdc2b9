package org.inpaint.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load benchmarks report: a process's resident memory (from Linux's {@code /proc}) and latency quantiles. */
final class LoadFigures {

    private LoadFigures() {
    }

    /** VmRSS of {@code /proc/<pid>/status} in KiB, or -1 when the process is gone or the file cannot be read. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The {@code q} quantile of sorted nanosecond durations, in milliseconds (NaN for none). */
    static double percentileMs(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return sortedNanos[Math.min(sortedNanos.length - 1, (int) Math.ceil(q * sortedNanos.length) - 1)] / 1e6;
    }
}
